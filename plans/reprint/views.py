"""Bulk reprint pages: choose plans and start, watch the progress, download the one PDF.

Therapists, clinic admins and front desk (who prints the morning's packets) may reprint: the
packet is a patient document, which front desk prints one at a time too. Another clinic's job
is a 404; plan ids are checked against the clinic's signed plans by the form.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lbp_clinic.access import ALL_STAFF, get_scoped_or_404, role_required
from plans.reprint import selectors, services
from plans.reprint.forms import LARGE, MAX_PLANS, ReprintForm
from plans.reprint.models import MERGED_PDF_KEPT_FOR, STALLED_AFTER, BulkPrint


def _therapist_filter(value: str, therapists: list[tuple[int, str]]) -> int | None:
    """The chosen therapist's id when it is one of the listed therapists, else no filter."""
    return next((pk for pk, _name in therapists if str(pk) == value), None)


@role_required(*ALL_STAFF)
@require_http_methods(["GET", "POST"])
def start(request):
    data = request.POST if request.method == "POST" else request.GET
    # PostgreSQL text cannot hold NUL: a pasted one is dropped, not a 500.
    query = data.get("q", "").replace("\x00", "")[:100]
    therapists = selectors.therapists_with_plans(request.user)
    therapist_id = _therapist_filter(data.get("therapist", ""), therapists)
    plans = selectors.checklist(request.user, query=query, therapist_id=therapist_id)
    if request.method == "POST":
        form = ReprintForm(request.POST, user=request.user)
        if form.is_valid():
            job = services.bulk_print_start(
                request=request,
                plans=form.cleaned_data["plans"],
                large_print=form.cleaned_data["size"] == LARGE,
            )
            messages.success(request, f"Reprint started: {job.total} packets.")
            return redirect(job)
        selected = set(request.POST.getlist("plans"))
    else:
        form = ReprintForm(user=request.user)
        selected = {str(plan.pk) for plan in plans} if request.GET.get("select") == "all" else set()
    return render(
        request,
        "plans/reprint/start.html",
        {
            "form": form,
            "plans": plans,
            "selected": selected,
            "query": query,
            "therapists": therapists,
            "therapist_id": therapist_id,
            "checklist_limit": selectors.CHECKLIST_LIMIT,
            "max_plans": MAX_PLANS,
            "jobs": selectors.recent_jobs(request.user),
        },
        status=422 if form.is_bound else 200,
    )


@role_required(*ALL_STAFF)
@require_GET
def job(request, job_id):
    """The job's progress; htmx polls the #progress partial until the job is finished."""
    bulk_print = selectors.get_job(request.user, job_id)
    template = "plans/reprint/job.html"
    if request.htmx:
        template += "#progress"
    context = {
        "job": bulk_print,
        "stalled_minutes": int(STALLED_AFTER.total_seconds() // 60),
        "kept_days": MERGED_PDF_KEPT_FOR.days,
    }
    return render(request, template, context)


@role_required(*ALL_STAFF)
@require_POST
def again(request, job_id):
    """The same plans and print size as a new job (once this one is over or has stopped)."""
    bulk_print = selectors.get_job(request.user, job_id)
    try:
        restarted = services.bulk_print_again(request=request, job=bulk_print)
    except services.NotStartedAgain:
        bulk_print.refresh_from_db(fields=["restarted_as", "status"])
        if bulk_print.restarted_as_id:
            messages.info(request, "This reprint was started again already: here it is.")
            return redirect("reprint:job", bulk_print.restarted_as_id)
        messages.info(request, "This reprint is still going. Wait for it to finish.")
        return redirect(bulk_print)
    except services.NothingToReprint:
        messages.error(
            request,
            "None of these plans can be reprinted now: each was amended or discharged. "
            "Choose the current plans below.",
        )
        return redirect("reprint:start")
    new = restarted.job
    messages.success(request, f"Reprint started again: {new.total} packet{pluralize(new.total)}.")
    if restarted.left_out:
        names = ", ".join(plan.patient.full_name for plan in restarted.left_out)
        messages.info(
            request,
            f"Left out, because the plan was amended or discharged since: {names}. "
            "Print the current plan from its plan page.",
        )
    return redirect(new)


@role_required(*ALL_STAFF)
@require_GET
def job_pdf(request, job_id):
    """The merged PDF; each patient in it gets a download row in the audit log."""
    bulk_print = get_scoped_or_404(BulkPrint, request.user, pk=job_id)
    if bulk_print.status != BulkPrint.Status.DONE:
        messages.info(request, "The PDF is not ready yet.")
        return redirect(bulk_print)
    if bulk_print.pdf_expired or not bulk_print.pdf:
        messages.info(
            request,
            f"This PDF was removed {MERGED_PDF_KEPT_FOR.days} days after it was made. Each "
            "packet is still on its patient's chart, or start this reprint again for one PDF.",
        )
        return redirect(bulk_print)
    services.audit_bulk_download(request, bulk_print)
    size = "-large-print" if bulk_print.large_print else ""
    filename = f"packets-{bulk_print.created_at:%Y-%m-%d}-{bulk_print.pk}{size}.pdf"
    return HttpResponse(
        bytes(bulk_print.pdf),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )

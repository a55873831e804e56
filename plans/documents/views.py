"""Plan documents from the plan page: download or print the PDF, preview it in the browser,
and download a document already produced (exactly as it was given).

Therapists and clinic admins reach every kind; front desk prints the patient's documents
(packet, exercise sheet) and gets a 403 for the clinical ones. Another clinic's plan is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from lbp_clinic.access import ALL_STAFF, get_scoped_or_404, role_required
from lbp_clinic.audit import audit_record
from lbp_clinic.models import AuditEvent
from plans import selectors
from plans.documents import kinds, services
from plans.models import PlanDocument

PREVIEW_STYLESHEET = "plans/document_preview.css"


def _check_kind(request, kind: str) -> None:
    if kind not in kinds.BUILDERS:
        raise Http404("No such document")
    if request.user.is_front_desk and kind not in kinds.PATIENT_KINDS:
        raise PermissionDenied("Front desk prints the patient's documents only.")


def _pdf_response(document: PlanDocument, *, inline: bool) -> HttpResponse:
    size = "-large-print" if document.large_print else ""
    filename = f"{document.kind}-plan-{document.plan_id}-v{document.plan.version}{size}.pdf"
    disposition = "inline" if inline else "attachment"
    return HttpResponse(
        bytes(document.pdf),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@role_required(*ALL_STAFF)
@require_GET
def document_pdf(request, plan_id, kind):
    """The document as the plan is now (?size=large, ?disposition=inline to print)."""
    plan = selectors.get_plan(request.user, plan_id)
    _check_kind(request, kind)
    document = services.produce(request, plan, kind, large_print=request.GET.get("size") == "large")
    return _pdf_response(document, inline=request.GET.get("disposition") == "inline")


@role_required(*ALL_STAFF)
@require_GET
def document_saved(request, plan_id, document_id):
    """A document already produced, byte for byte as it was given."""
    plan = selectors.get_plan(request.user, plan_id)
    document = get_scoped_or_404(
        PlanDocument.objects.filter(plan=plan).select_related("plan"),
        request.user,
        pk=document_id,
    )
    _check_kind(request, document.kind)
    services.audit_download(request, document, produced=False)
    return _pdf_response(document, inline=request.GET.get("disposition") == "inline")


@role_required(*ALL_STAFF)
@require_GET
def document_preview(request, plan_id, kind):
    """The document's own HTML in the browser, with its print stylesheets and a toolbar."""
    plan = selectors.get_plan(request.user, plan_id)
    _check_kind(request, kind)
    large_print = request.GET.get("size") == "large"
    spec = services.build_spec(plan, kind, large_print=large_print)
    audit_record(
        action=AuditEvent.Action.VIEW,
        request=request,
        obj=plan,
        patient=plan.patient,
        detail={"what": f"{kind} preview", "large_print": large_print},
    )
    context = dict(spec.context)
    # In the browser our media are served by views that check the clinic, not by path.
    context["for_print"] = False
    if context.get("logo_url"):
        context["logo_url"] = reverse("staff:clinic-logo")
    html = render_to_string(spec.template, context, request)
    pdf_url = reverse("plans:document-pdf", args=[plan.pk, kind])
    preview_url = reverse("plans:document-preview", args=[plan.pk, kind])
    size = "?size=large" if large_print else ""
    bar = render_to_string(
        "plans/documents/_preview_bar.html",
        {
            "plan": plan,
            "label": kinds.label(kind),
            "large_print": large_print,
            "stylesheets": (*spec.stylesheets, PREVIEW_STYLESHEET),
            "pdf_url": pdf_url + size,
            "print_url": pdf_url + (size + "&" if size else "?") + "disposition=inline",
            "other_size_url": preview_url if large_print else preview_url + "?size=large",
            "back_url": plan.get_absolute_url()
            if not request.user.is_front_desk
            else plan.patient.get_absolute_url(),
        },
        request,
    )
    head, _, body = bar.partition("<!-- body -->")
    # The same HTML the PDF is made from; the stylesheets and the toolbar go around it.
    html = html.replace("</head>", head + "</head>", 1)
    body_start = html.index(">", html.index("<body")) + 1
    html = html[:body_start] + body + html[body_start:]
    return HttpResponse(html)

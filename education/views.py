"""Handout screens: the library, a handout as the patient sees it, authoring, versions, PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from education import selectors, services
from education.diff import compare_versions
from education.documents import handout_pdf, sheet_from_content, sheet_of
from education.forms import HandoutForm, LibraryFilterForm, preview_content
from education.models import Handout
from education.quality import handout_checks, pemat_score
from education.readability import MAX_GRADE, grade_verdict
from lbp_clinic.access import ALL_STAFF, CLINIC_ADMIN, clinic_of, role_required

LIBRARY_PAGE_SIZE = 50


@role_required(*ALL_STAFF)
@require_GET
def handout_list(request):
    form = LibraryFilterForm(request.GET or None, show_status=request.user.is_clinic_admin)
    handouts = selectors.library_handouts(user=request.user, **form.filters())
    page = Paginator(handouts, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "education/library.html"
    if request.htmx and request.htmx.target == "handout-results":
        template += "#handout-results"
    context = {"form": form, "handouts": page, "page": page, "query": query.urlencode()}
    return render(request, template, context)


@role_required(*ALL_STAFF)
@require_GET
def handout_detail(request, handout_id):
    handout = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    shown = handout.current_version or handout
    return render(
        request,
        "education/detail.html",
        {"handout": handout, "sheet": sheet_of(shown), "can_edit": _can_edit(request, handout)},
    )


@role_required(*ALL_STAFF)
@require_GET
def version_detail(request, handout_id, number):
    handout = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    version = selectors.handout_version(handout=handout, number=number)
    return render(
        request,
        "education/version.html",
        {"handout": handout, "version": version, "sheet": sheet_of(version)},
    )


@role_required(*ALL_STAFF)
@require_GET
def version_history(request, handout_id):
    handout = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    versions = list(selectors.handout_versions(handout=handout))
    return render(
        request,
        "education/history.html",
        {"handout": handout, "versions": versions, "can_edit": _can_edit(request, handout)},
    )


@role_required(*ALL_STAFF)
@require_GET
def version_compare(request, handout_id):
    handout = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    versions = list(selectors.handout_versions(handout=handout))
    by_number = {str(version.number): version for version in versions}
    newest = versions[0] if versions else None
    older = versions[1] if len(versions) > 1 else newest
    left = by_number.get(request.GET.get("a", ""), older)
    right = by_number.get(request.GET.get("b", ""), newest)
    return render(
        request,
        "education/compare.html",
        {
            "handout": handout,
            "versions": versions,
            "left": left,
            "right": right,
            "rows": compare_versions(left, right) if left and right else [],
        },
    )


@role_required(*ALL_STAFF)
@require_GET
def handout_print(request, handout_id, number=None):
    handout = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    if number is not None:
        source = selectors.handout_version(handout=handout, number=number)
    else:
        source = handout.current_version or handout
    large_print = request.GET.get("size") == "large"
    pdf = handout_pdf(
        sheet=sheet_of(source), clinic=clinic_of(request.user), large_print=large_print
    )
    name = slugify(source.title) or "handout"
    if large_print:
        name += "-large-print"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def handout_create(request):
    form = HandoutForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") != "preview" and form.is_valid():
        handout = services.handout_create(
            clinic=clinic_of(request.user), user=request.user, content=form.content()
        )
        return _after_save(request, handout)
    return _editor(request, form, handout=None)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def handout_edit(request, handout_id):
    handout = selectors.own_handout(user=request.user, handout_id=handout_id)
    if request.method == "GET":
        return _editor(request, HandoutForm(initial=HandoutForm.initial_from(handout)), handout)
    form = HandoutForm(request.POST)
    if request.POST.get("action") == "preview" or not form.is_valid():
        return _editor(request, form, handout)
    revision = form.cleaned_data["revision"]
    try:
        handout = services.handout_save_draft(
            handout=handout,
            user=request.user,
            content=form.content(),
            revision=handout.revision if revision is None else revision,
        )
    except services.EditConflict as conflict:
        form.add_error(None, str(conflict))
        handout.refresh_from_db()
        # Saving again (after comparing) is a deliberate choice to keep this text.
        form.data = form.data.copy()
        form.data["revision"] = str(handout.revision)
        return _editor(request, form, handout, status=409)
    return _after_save(request, handout)


@role_required(CLINIC_ADMIN)
@require_POST
def handout_preview(request, handout_id=None):
    """The live preview and readability meter for what the author has typed so far."""
    if handout_id is not None:
        selectors.own_handout(user=request.user, handout_id=handout_id)
    context = _preview_context(preview_content(request.POST))
    return render(request, "education/editor.html#live-preview", context)


@role_required(CLINIC_ADMIN)
@require_POST
def handout_publish(request, handout_id):
    handout = selectors.own_handout(user=request.user, handout_id=handout_id)
    return _publish(request, handout)


@role_required(CLINIC_ADMIN)
@require_POST
def handout_archive(request, handout_id):
    handout = selectors.own_handout(user=request.user, handout_id=handout_id)
    services.handout_set_archived(
        handout=handout, user=request.user, archived=True, request=request
    )
    messages.success(request, f"“{handout.title}” is archived. Plans that use it keep their copy.")
    return redirect(handout)


@role_required(CLINIC_ADMIN)
@require_POST
def handout_restore(request, handout_id):
    handout = selectors.own_handout(user=request.user, handout_id=handout_id)
    services.handout_set_archived(
        handout=handout, user=request.user, archived=False, request=request
    )
    messages.success(request, f"“{handout.title}” is back in the library.")
    return redirect(handout)


@role_required(CLINIC_ADMIN)
@require_POST
def handout_duplicate(request, handout_id):
    source = selectors.handout_for_viewing(user=request.user, handout_id=handout_id)
    copy = services.handout_duplicate(
        source=source, clinic=clinic_of(request.user), user=request.user
    )
    messages.success(
        request, f"This is your clinic's own copy of “{source.title}”. Edit it, then publish it."
    )
    return redirect("education:edit", handout_id=copy.pk)


def _can_edit(request, handout: Handout) -> bool:
    return request.user.is_clinic_admin and handout.clinic_id == request.user.clinic_id


def _after_save(request, handout: Handout):
    if request.POST.get("action") == "publish":
        return _publish(request, handout)
    messages.success(request, f"Saved the draft of “{handout.title}”.")
    return redirect("education:edit", handout_id=handout.pk)


def _publish(request, handout: Handout):
    try:
        version = services.handout_publish(handout=handout, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, "Saved as a draft. Before publishing: " + " ".join(error.messages))
        return redirect("education:edit", handout_id=handout.pk)
    messages.success(request, f"Published version {version.number} of “{version.title}”.")
    return redirect("education:detail", handout_id=handout.pk)


def _preview_context(content: dict) -> dict:
    """The patient's view of the typed content, its reading grade and the PEMAT checklist."""
    sheet = sheet_from_content(content)
    checks = handout_checks(
        title=content["title"],
        purpose=content["purpose"],
        action_steps=content["action_steps"],
        body_markdown=content["body_markdown"],
        summary=content["summary"],
        readability_grade=sheet.readability_grade,
    )
    return {
        "sheet": sheet,
        "checks": checks,
        "pemat_score": pemat_score(checks),
        "grade_verdict": grade_verdict(sheet.readability_grade),
        "grade_too_hard": (sheet.readability_grade or 0) > MAX_GRADE,
        "max_grade": MAX_GRADE,
    }


def _editor(request, form, handout, *, status=200):
    content = preview_content(form.data) if form.is_bound else _initial_content(form, handout)
    context = {"form": form, "handout": handout, **_preview_context(content)}
    return render(request, "education/editor.html", context, status=status)


def _initial_content(form, handout) -> dict:
    if handout is None:
        return preview_content({"language": "en"})
    return services.content_of(handout)

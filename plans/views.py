"""The plan-of-care builder and its actions. Every builder POST saves at once (htmx) and
answers with the section it changed; without JavaScript it redirects back to the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lbp_clinic.access import CLINIC_ADMIN, THERAPIST, get_scoped_or_404, role_required
from lbp_clinic.addresses import object_url
from lbp_clinic.audit import audit_record
from lbp_clinic.models import AuditEvent
from plans import forms, icd10, rules, selectors, services
from plans.documents import selectors as document_selectors
from plans.models import (
    PlanDiagnosis,
    PlanExercise,
    PlanGoal,
    PlanHandout,
    PlanManualTherapy,
    PlanOfCare,
)

# kind in the URL -> (model, form class or None, section partial it lives in)
ROW_KINDS = {
    "diagnosis": (PlanDiagnosis, None, "diagnoses"),
    "goal": (PlanGoal, forms.GoalForm, "goals"),
    "handout": (PlanHandout, None, "education"),
    "manual": (PlanManualTherapy, forms.ManualTherapyForm, "manual"),
    "exercise": (PlanExercise, forms.ExerciseDoseForm, "exercises"),
}
TEMPLATE = "plans/builder.html"


def _row_form(kind, plan, *args, **kwargs):
    form_class = ROW_KINDS[kind][1]
    if form_class is forms.ExerciseDoseForm:
        kwargs["duration_weeks"] = plan.duration_weeks
    return form_class(*args, **kwargs)


def builder_context(request, plan, **extra):
    """Everything the builder page and its partials show (constant number of queries).

    Each row comes with what its markup needs already worked out (its address, its label,
    whether its editor is open, the exercise's dose line), so the template does little
    per row: the exercise list is the longest part of the page."""
    exercises = [e for e in plan.exercises.all() if not e.removed]
    home_count = sum(1 for e in exercises if e.home)
    editable = plan.is_editable and request.user.is_therapist
    open_row = extra.get("open_row")
    bound_row = extra.get("bound_row")
    rows_url = plan.get_absolute_url()
    # An htmx answer shows one section (plans/_builder_response.html): the reads of the
    # other sections are left out.
    section = extra.get("section")

    def shows(*sections):
        return section is None or section in sections

    # The latest outcome results, read once for the suggestions and the goals' progress.
    latest = (
        selectors.latest_results_by_measure(plan.patient) if shows("education", "goals") else {}
    )
    goal_progress = selectors.goal_progress(plan, latest=latest) if shows("goals") else {}

    def row(kind, item, label, **more):
        key = f"{kind}-{item.pk}"
        # Only the row being edited gets its form; the others load theirs when opened.
        form = None
        if editable and open_row == key:
            form = _row_form(kind, plan, instance=item, prefix=key)
        return {
            "item": item,
            "kind": kind,
            "key": key,
            "url": f"{rows_url}{kind}/{item.pk}/",
            "label": label,
            "form": form,
            "open": form is not None or bound_row == key,
            **more,
        }

    exercise_rows = []
    for item in exercises:
        exercise_row = row(
            "exercise",
            item,
            item.exercise.name,
            summary=selectors.exercise_summary(item, plan.duration_weeks),
            picture=object_url("exercises:drawing", item.exercise_id, "pair")
            if item.exercise.has_drawing
            else "",
        )
        # The week-by-week table of the row being edited; the others load it when opened.
        if exercise_row["form"] is not None:
            exercise_row["schedule"] = selectors.exercise_schedule(item, plan.duration_weeks)
        exercise_rows.append(exercise_row)
    context = {
        "plan": plan,
        "rows_url": rows_url,
        "urls": selectors.builder_urls(plan),
        "patient": plan.patient,
        "editable": editable,
        "revision": plan.revision,
        # The details form is shown when it is being edited; otherwise it loads when opened.
        "details_form": extra.get("details_form")
        or (forms.PlanDetailsForm(instance=plan) if editable and section == "details" else None),
        "diagnoses": [row("diagnosis", d, d.code) for d in plan.diagnoses.all()],
        "goals": [
            row("goal", g, g.activity, progress=goal_progress.get(g.pk)) for g in plan.goals.all()
        ],
        "handouts": [
            row("handout", h, h.handout_version.title) for h in plan.handouts.all() if not h.removed
        ],
        "manual_rows": [
            row("manual", m, m.get_technique_display())
            for m in plan.manual_therapy.all()
            if not m.removed
        ],
        "exercise_rows": exercise_rows,
        "home_warning": rules.home_programme_warning(home_count),
        # The add forms load when their editor opens, unless they come back with errors.
        "new_goal_form": extra.get("new_goal_form"),
        "new_manual_form": extra.get("new_manual_form"),
        "certification": plan.certification_status,
        "aerobic": selectors.aerobic_text(plan),
        "sign_problems": services.plan_sign_problems(plan, request.user) if editable else [],
        # The plan is scoped to the user's clinic: its clinic is the one already loaded.
        "suggestions": selectors.suggested_handouts(plan, latest=latest, clinic=request.user.clinic)
        if editable and shows("education")
        else [],
        # The Documents card is on the page only.
        "document_kinds": document_selectors.kind_rows(plan, request.user) if shows() else [],
        "documents": document_selectors.plan_documents(plan) if shows() else [],
        "saved_at": timezone.localtime(),
    }
    if shows("visits"):
        context.update(selectors.episode_visits(plan))
        context["can_record_visit"] = (
            request.user.is_therapist and plan.status != PlanOfCare.Status.DISCHARGED
        )
        if context["can_record_visit"] and not extra.get("visit_form"):
            context["visit_form"] = forms.VisitForm(
                plan=plan, initial={"visit_date": timezone.localdate()}
            )
    context.update(extra)
    return context


def _respond(request, plan, section, *, status=200, **extra):
    """htmx: the changed section (+ revision and save status out of band); otherwise redirect."""
    if not request.htmx:
        if status >= 400:
            plan = selectors.get_plan_for_builder(request.user, plan.pk)
            return render(request, TEMPLATE, builder_context(request, plan, **extra), status=status)
        return redirect(plan)
    plan = selectors.get_plan_for_builder(request.user, plan.pk)
    context = builder_context(request, plan, section=section, **extra)
    return render(request, "plans/_builder_response.html", context, status=status)


def _conflict(request, plan, section, error, **extra):
    return _respond(request, plan, section, status=409, conflict=str(error), **extra)


def _revision(request):
    form = forms.RevisionForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else 0


def _editable_plan(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    return plan


@role_required(THERAPIST, CLINIC_ADMIN)
@require_GET
def plan_list(request):
    status = request.GET.get("status", "")
    if status not in PlanOfCare.Status.values:
        status = ""
    plans = selectors.plan_list(
        request.user, status=status or None, mine=request.GET.get("mine") == "1"
    )
    return render(
        request,
        "plans/list.html",
        {"plans": plans[:200], "status": status, "statuses": PlanOfCare.Status.choices},
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def plan_new(request, patient_id):
    from patients.models import Patient

    patient = get_scoped_or_404(Patient, request.user, pk=patient_id)
    templates = list(selectors.templates_for(request.user))
    if request.method == "POST":
        template = None
        template_id = request.POST.get("template", "")
        if template_id:
            template = next((t for t in templates if str(t.pk) == template_id), None)
            if template is None:
                raise Http404("No such template")
        plan = services.plan_create(
            patient=patient, therapist=request.user, request=request, template=template
        )
        messages.success(request, "Plan started. Every change saves as you make it.")
        return redirect(plan)
    latest = (
        patient.plans.filter(next_version__isnull=True)
        .exclude(status=PlanOfCare.Status.DISCHARGED)
        .first()
    )
    return render(
        request, "plans/new.html", {"patient": patient, "templates": templates, "open_plan": latest}
    )


@role_required(THERAPIST, CLINIC_ADMIN)
@require_GET
def builder(request, plan_id):
    plan = selectors.get_plan_for_builder(request.user, plan_id)
    audit_record(
        action=AuditEvent.Action.VIEW,
        request=request,
        obj=plan,
        patient=plan.patient,
        detail={"what": "plan"},
    )
    return render(request, TEMPLATE, builder_context(request, plan))


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def update_details(request, plan_id):
    plan = _editable_plan(request, plan_id)
    if request.method == "GET":
        if not plan.is_editable:
            return redirect(plan)
        form = forms.PlanDetailsForm(instance=plan)
        template = "plans/_details_form.html" if request.htmx else "plans/details_edit.html"
        return render(
            request, template, {"plan": plan, "details_form": form, "revision": plan.revision}
        )
    form = forms.PlanDetailsForm(request.POST, instance=plan)
    if not form.is_valid():
        return _respond(request, plan, "details", status=422, details_form=form)
    try:
        services.plan_update(plan=plan, revision=_revision(request), form=form, request=request)
    except services.PlanConflict as error:
        return _conflict(request, plan, "details", error, details_form=form)
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    return _respond(request, plan, "details")


def _locked(request, plan, error):
    messages.error(request, str(error))
    if request.htmx:
        from django_htmx.http import HttpResponseClientRedirect

        return HttpResponseClientRedirect(plan.get_absolute_url())
    return redirect(plan)


def _get_row(request, plan, kind, row_id):
    if kind not in ROW_KINDS:
        raise Http404("Unknown section")
    model = ROW_KINDS[kind][0]
    return get_scoped_or_404(model.objects.filter(plan=plan), request.user, pk=row_id)


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def row_update(request, plan_id, kind, row_id):
    plan = _editable_plan(request, plan_id)
    item = _get_row(request, plan, kind, row_id)
    if ROW_KINDS[kind][1] is None:
        raise Http404("This row has nothing to edit")
    section = ROW_KINDS[kind][2]
    if request.method == "GET":
        # The row's form, loaded when its editor is opened (or as a page without JavaScript).
        if not plan.is_editable:
            return redirect(plan)
        form = _row_form(kind, plan, instance=item, prefix=f"{kind}-{item.pk}")
        template = "plans/_row_body.html" if request.htmx else "plans/row_edit.html"
        row = {"item": item}
        if kind == "exercise":
            row["schedule"] = selectors.exercise_schedule(item, plan.duration_weeks)
        return render(
            request,
            template,
            {
                "plan": plan,
                "form": form,
                "kind": kind,
                "item": item,
                "row": row,
                "revision": plan.revision,
                "rows_url": plan.get_absolute_url(),
            },
        )
    # The row's key ("exercise-12"): its form's prefix, and which row shows the bound form.
    key = f"{kind}-{item.pk}"
    form = _row_form(kind, plan, request.POST, instance=item, prefix=key)
    if not form.is_valid():
        return _respond(request, plan, section, status=422, bound_form=form, bound_row=key)
    try:
        services.plan_update(plan=plan, revision=_revision(request), form=form, request=request)
    except services.PlanConflict as error:
        return _conflict(request, plan, section, error, bound_form=form, bound_row=key)
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    return _respond(request, plan, section, open_row=key)


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def row_add(request, plan_id, kind):
    plan = _editable_plan(request, plan_id)
    if kind not in ROW_KINDS:
        raise Http404("Unknown section")
    section = ROW_KINDS[kind][2]
    if request.method == "GET":
        # The empty add form (goal, manual therapy), loaded when its editor opens.
        if kind not in ("goal", "manual") or not plan.is_editable:
            raise Http404("Nothing to add here")
        form = _row_form(kind, plan, prefix=f"new-{kind}")
        template = "plans/_add_form.html" if request.htmx else "plans/row_add.html"
        return render(
            request, template, {"plan": plan, "form": form, "kind": kind, "revision": plan.revision}
        )
    revision = _revision(request)
    try:
        if kind == "exercise":
            from exercises.models import Exercise

            exercise = get_scoped_or_404(
                Exercise.objects.filter(archived=False),
                request.user,
                include_shared=True,
                pk=request.POST.get("exercise"),
            )
            item = services.plan_add_exercise(
                plan=plan, revision=revision, exercise=exercise, request=request
            )
            return _respond(
                request, plan, section, open_row=f"exercise-{item.pk}", added=exercise.name
            )
        if kind == "handout":
            version = selectors.get_published_version(request.user, request.POST.get("handout"))
            if version is None:
                raise Http404("No published handout")
            services.plan_add_handout(
                plan=plan, revision=revision, handout_version=version, request=request
            )
            return _respond(request, plan, section, added=version.title)
        if kind == "diagnosis":
            form = forms.DiagnosisForm(request.POST)
            if not form.is_valid():
                return _respond(request, plan, section, status=422, diagnosis_form=form)
            if plan.diagnoses.filter(code=form.cleaned_data["code"]).exists():
                form.add_error("code", "This diagnosis is already on the plan.")
                return _respond(request, plan, section, status=422, diagnosis_form=form)
            services.plan_add_diagnosis(
                plan=plan, revision=revision, code=form.cleaned_data["code"], request=request
            )
            return _respond(request, plan, section)
        prefix = {"goal": "new-goal", "manual": "new-manual"}[kind]
        form = _row_form(kind, plan, request.POST, prefix=prefix)
        if not form.is_valid():
            return _respond(request, plan, section, status=422, **{f"new_{kind}_form": form})
        services.plan_add_row(plan=plan, revision=revision, form=form, request=request)
        return _respond(request, plan, section)
    except services.PlanConflict as error:
        return _conflict(request, plan, section, error)
    except services.PlanLocked as error:
        return _locked(request, plan, error)


@role_required(THERAPIST)
@require_POST
def row_move(request, plan_id, kind, row_id):
    plan = _editable_plan(request, plan_id)
    item = _get_row(request, plan, kind, row_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.plan_move(
            plan=plan, revision=_revision(request), item=item, direction=direction, request=request
        )
    except services.PlanConflict as error:
        return _conflict(request, plan, ROW_KINDS[kind][2], error)
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    return _respond(request, plan, ROW_KINDS[kind][2], focus=f"move-{direction}-{kind}-{item.pk}")


@role_required(THERAPIST)
@require_POST
def row_reorder(request, plan_id, kind):
    plan = _editable_plan(request, plan_id)
    if kind not in ROW_KINDS:
        raise Http404("Unknown section")
    ids = [int(part) for part in request.POST.get("order", "").split(",") if part.strip().isdigit()]
    try:
        services.plan_reorder(
            plan=plan,
            revision=_revision(request),
            model=ROW_KINDS[kind][0],
            ordered_ids=ids,
            request=request,
        )
    except services.PlanConflict as error:
        return _conflict(request, plan, ROW_KINDS[kind][2], error)
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    return _respond(request, plan, ROW_KINDS[kind][2])


@role_required(THERAPIST)
@require_POST
def row_remove(request, plan_id, kind, row_id):
    plan = _editable_plan(request, plan_id)
    item = _get_row(request, plan, kind, row_id)
    restore = request.POST.get("restore") == "1"
    try:
        services.plan_set_removed(
            plan=plan, revision=_revision(request), item=item, removed=not restore, request=request
        )
    except services.PlanConflict as error:
        return _conflict(request, plan, ROW_KINDS[kind][2], error)
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    undo = None
    if not restore and hasattr(item, "removed"):
        undo = {"kind": kind, "id": item.pk, "label": str(item)}
    return _respond(request, plan, ROW_KINDS[kind][2], undo=undo)


@role_required(THERAPIST)
@require_GET
def exercise_search(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    results = selectors.search_library_exercises(request.user, request.GET.get("q", ""))
    return render(
        request,
        "plans/builder.html#exercise-results",
        {
            "plan": plan,
            "exercise_results": results,
            "q": request.GET.get("q", ""),
            "urls": selectors.builder_urls(plan),
        },
    )


@role_required(THERAPIST)
@require_GET
def handout_search(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    results = selectors.search_library_handouts(request.user, request.GET.get("q", ""))
    return render(
        request,
        "plans/builder.html#handout-results",
        {
            "plan": plan,
            "handout_results": results,
            "q": request.GET.get("q", ""),
            "urls": selectors.builder_urls(plan),
        },
    )


@role_required(THERAPIST)
@require_GET
def diagnosis_search(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    return render(
        request,
        "plans/builder.html#diagnosis-results",
        {
            "plan": plan,
            "urls": selectors.builder_urls(plan),
            "diagnosis_results": icd10.search_codes(request.GET.get("q", ""))[:20],
        },
    )


@role_required(THERAPIST)
@require_POST
def sign(request, plan_id):
    plan = selectors.get_plan_for_builder(request.user, plan_id)
    try:
        services.plan_sign(plan=plan, revision=_revision(request), request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except (services.PlanConflict, services.PlanLocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Plan signed by {request.user.signature_name}. It is now read-only."
        )
    return _full_redirect(request, plan)


def _full_redirect(request, plan):
    if request.htmx:
        from django_htmx.http import HttpResponseClientRedirect

        return HttpResponseClientRedirect(plan.get_absolute_url())
    return redirect(plan)


@role_required(THERAPIST)
@require_POST
def amend(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    form = forms.AmendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why you are amending the plan.")
        return redirect(plan)
    try:
        new = services.plan_amend(plan=plan, reason=form.cleaned_data["reason"], request=request)
    except services.PlanLocked as error:
        messages.error(request, str(error))
        return redirect(plan)
    messages.success(
        request,
        f"Version {new.version} is a draft copy of version {plan.version}. "
        "Sign it when it is ready.",
    )
    return redirect(new)


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def certify(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    if plan.status not in (PlanOfCare.Status.SIGNED, PlanOfCare.Status.DISCHARGED):
        messages.error(request, "Sign the plan before recording the physician's certification.")
        return redirect(plan)
    form = forms.CertificationForm(
        request.POST or None,
        plan=plan,
        initial={
            "physician_name": plan.physician_name,
            "physician_npi": plan.physician_npi,
            "physician_signed_on": plan.physician_signed_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.plan_certify(plan=plan, form=form, request=request)
        messages.success(request, "Physician certification recorded.")
        return redirect(plan)
    return render(
        request,
        "plans/certify.html",
        {"plan": plan, "form": form},
        status=422 if form.errors else 200,
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def discharge(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    form = forms.DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_discharge(plan=plan, reason=form.cleaned_data["reason"], request=request)
        except services.PlanLocked as error:
            messages.error(request, str(error))
            return redirect(plan)
        messages.success(request, "The patient is discharged from this plan.")
        return redirect(plan)
    outcomes = selectors.latest_outcomes(plan.patient)
    return render(
        request,
        "plans/discharge.html",
        {"plan": plan, "form": form, "outcomes": outcomes},
        status=422 if form.errors else 200,
    )


@role_required(THERAPIST)
@require_POST
def save_template(request, plan_id):
    plan = selectors.get_plan_for_builder(request.user, plan_id)
    form = forms.TemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the template a name.")
        return _full_redirect(request, plan)
    template = services.template_save_from_plan(
        plan=plan, name=form.cleaned_data["name"], request=request
    )
    messages.success(request, f"Saved as the template “{template.name}”.")
    return _full_redirect(request, plan)


@role_required(THERAPIST, CLINIC_ADMIN)
@require_GET
def versions(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    chain = selectors.version_chain(request.user, plan)
    older_id = request.GET.get("from")
    newer_id = request.GET.get("to")
    by_id = {str(p.pk): p for p in chain}
    older = by_id.get(older_id) or (chain[-2] if len(chain) > 1 else None)
    newer = by_id.get(newer_id) or chain[-1]
    changes = []
    if older is not None and newer is not None and older != newer:
        changes = selectors.diff_plans(request.user, older, newer)
    return render(
        request,
        "plans/versions.html",
        {
            "plan": plan,
            "chain": chain,
            "older": older,
            "newer": newer,
            "changes": changes,
        },
    )


@role_required(THERAPIST, CLINIC_ADMIN)
@require_GET
def schedule(request, plan_id, row_id):
    plan = selectors.get_plan(request.user, plan_id)
    item = _get_row(request, plan, "exercise", row_id)
    return render(
        request,
        "plans/builder.html#schedule",
        {
            "plan": plan,
            "row": {
                "item": item,
                "schedule": selectors.exercise_schedule(item, plan.duration_weeks),
            },
        },
    )


@role_required(THERAPIST)
@require_POST
def record_visit(request, plan_id):
    plan = selectors.get_plan(request.user, plan_id)
    form = forms.VisitForm(request.POST, plan=plan)
    if not form.is_valid():
        return _respond(request, plan, "visits", status=422, visit_form=form)
    try:
        visit = services.visit_record(
            plan=plan,
            visit_date=form.cleaned_data["visit_date"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except services.PlanLocked as error:
        return _locked(request, plan, error)
    if not request.htmx:
        messages.success(request, f"Visit of {visit.visit_date:%b %-d, %Y} recorded.")
    return _respond(request, plan, "visits", recorded=visit)

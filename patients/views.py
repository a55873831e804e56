"""Patient pages: the registry and its search, registration, the chart, intakes with their
red-flag screen and amendments, and outcome-measure entry.

Roles: front desk registers patients and edits demographics; therapists do everything;
clinic admins read everything of their clinic and edit demographics. Another clinic's
patient is a 404 (get_scoped_or_404), for pages, htmx partials and POSTs alike.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from lbp_clinic.access import (
    ALL_STAFF,
    CLINIC_ADMIN,
    THERAPIST,
    clinic_of,
    get_scoped_or_404,
    role_required,
)
from lbp_clinic.audit import audit_chart_view
from patients import classification, questionnaires, scoring, selectors, services
from patients.forms import (
    AmendmentForm,
    IntakeForm,
    OutcomeForm,
    PatientCreateForm,
    PatientEditForm,
    PatientSearchForm,
    RedFlagForm,
    add_service_errors,
    error_links,
)
from patients.models import Intake, Patient, RedFlagScreen

CLINICAL_READERS = (THERAPIST, CLINIC_ADMIN)
PAGE_SIZE = 25
MAX_PAGE = 10_000  # deeper than any list; keeps OFFSET bounded against silly URLs
RED_FLAG_STATUS = "red-flag-status"


def _patient(request, patient_id):
    return get_scoped_or_404(Patient, request.user, pk=patient_id)


def _partial_or_page(request, template, partial, context):
    """The named partial for an htmx request (not a history restore), else the page."""
    wants_partial = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{template}#{partial}" if wants_partial else template, context)


# Registry


@role_required(*ALL_STAFF)
@require_GET
def patient_list(request):
    form = PatientSearchForm(request.GET)
    query, include_archived = "", False
    if form.is_valid():
        query = form.cleaned_data["q"]
        include_archived = form.cleaned_data["archived"]
    patients = selectors.patient_search(
        user=request.user, query=query, include_archived=include_archived
    )
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.page_of(patients, number=min(number, MAX_PAGE), page_size=PAGE_SIZE)
    context = {"form": form, "page": page, "query": query, "include_archived": include_archived}
    return _partial_or_page(request, "patients/patient_list.html", "results", context)


def _model_fields(form):
    return [name for name in form.changed_data if name in {f.name for f in Patient._meta.fields}]


@role_required(*ALL_STAFF)
@require_http_methods(["GET", "POST"])
def patient_create(request):
    form = PatientCreateForm(request.POST or None, clinic=clinic_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.patient_register(
                request=request,
                patient=form.save(commit=False),
                changed_fields=_model_fields(form),
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, f"{patient.full_name} is registered, MRN {patient.mrn}.")
            return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "creating": True})


@role_required(*ALL_STAFF)
@require_http_methods(["GET", "POST"])
def patient_edit(request, patient_id):
    patient = _patient(request, patient_id)
    form = PatientEditForm(request.POST or None, instance=patient, clinic=patient.clinic)
    if request.method == "GET":
        audit_chart_view(request, patient, what="demographics form")
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(
                request=request, patient=form.save(commit=False), changed_fields=_model_fields(form)
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, f"Saved {patient.full_name}'s details.")
            return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient})


@role_required(*ALL_STAFF)
@require_GET
def patient_chart(request, patient_id):
    patient = _patient(request, patient_id)
    clinical = request.user.role in CLINICAL_READERS
    chart = selectors.patient_chart(patient, clinical=clinical)
    audit_chart_view(request, patient, what="chart" if clinical else "demographics")
    return render(
        request,
        "patients/chart.html",
        {"patient": patient, "chart": chart, "clinical": clinical},
    )


# Intake


def _intake_page(request, *, patient, intake, red_flags, mode):
    """The intake form for mode "create", "edit" (a draft) or "amend" (a completed intake)."""
    data = request.POST if request.method == "POST" else None
    intake_form = IntakeForm(data, instance=intake, patient=patient)
    flags_form = RedFlagForm(data, instance=red_flags)
    amend_form = AmendmentForm(data) if mode == "amend" else None
    context = {
        "patient": patient,
        "intake": intake,
        "mode": mode,
        "intake_form": intake_form,
        "flags_form": flags_form,
        "amend_form": amend_form,
        "page_forms": [f for f in (intake_form, flags_form, amend_form) if f is not None],
        "decision": flags_form.decision(),
    }
    if request.htmx and request.htmx.target == RED_FLAG_STATUS:
        # The live alert while red-flag answers change: nothing is saved.
        return render(request, f"patients/intake_form.html#{RED_FLAG_STATUS}", context)
    if request.method != "POST":
        if mode != "create":  # the form shows the recorded intake: a view of the record
            audit_chart_view(request, patient, what=f"intake {mode}")
        return render(request, "patients/intake_form.html", context)

    forms_on_page = context["page_forms"]
    if all([f.is_valid() for f in forms_on_page]):
        complete = request.POST.get("submit") == "complete"
        intake = intake_form.instance
        red_flags = flags_form.instance
        try:
            if mode == "create":
                services.intake_create(
                    request=request,
                    patient=patient,
                    intake=intake,
                    red_flags=red_flags,
                    complete=complete,
                )
            elif mode == "edit":
                services.intake_save_draft(
                    request=request,
                    intake=intake,
                    red_flags=red_flags,
                    complete=complete,
                    changed_fields=intake_form.changed_data + flags_form.changed_data,
                )
            else:
                services.intake_amend(
                    request=request,
                    intake=intake,
                    red_flags=red_flags,
                    reason=amend_form.cleaned_data["reason"],
                )
        except ValidationError as error:
            add_service_errors(error, *forms_on_page)
        except services.IntakeLocked:
            messages.error(request, "This intake was completed meanwhile. Amend it instead.")
            return redirect(intake)
        else:
            if mode == "amend":
                messages.success(request, "The intake is amended. The old values are kept.")
            elif complete:
                messages.success(request, "The intake is completed and locked.")
            else:
                messages.success(request, "Draft saved. You can finish it later.")
            return redirect(intake if (complete or mode == "amend") else patient)
    context["decision"] = flags_form.decision()
    context["error_links"] = error_links(*forms_on_page)
    return render(request, "patients/intake_form.html", context)


def _intake(request, patient_id, intake_id):
    return get_scoped_or_404(
        Intake.objects.select_related("patient", "red_flags"),
        request.user,
        pk=intake_id,
        patient_id=patient_id,
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def intake_create(request, patient_id):
    patient = _patient(request, patient_id)
    draft = patient.intakes.filter(status=Intake.Status.DRAFT).order_by("-id").first()
    if draft is not None and request.method == "GET":
        messages.info(request, "This patient has a draft intake. Carry on with it here.")
        return redirect("patients:intake-edit", patient_id=patient.pk, intake_id=draft.pk)
    return _intake_page(
        request,
        patient=patient,
        intake=Intake(patient=patient),
        red_flags=RedFlagScreen(),
        mode="create",
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def intake_edit(request, patient_id, intake_id):
    intake = _intake(request, patient_id, intake_id)
    if intake.is_locked:
        messages.info(request, "A completed intake is locked. Amend it, giving a reason.")
        return redirect(intake)
    return _intake_page(
        request, patient=intake.patient, intake=intake, red_flags=intake.red_flags, mode="edit"
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def intake_amend(request, patient_id, intake_id):
    intake = _intake(request, patient_id, intake_id)
    if not intake.is_locked:
        return redirect("patients:intake-edit", patient_id=patient_id, intake_id=intake.pk)
    return _intake_page(
        request, patient=intake.patient, intake=intake, red_flags=intake.red_flags, mode="amend"
    )


@role_required(*CLINICAL_READERS)
@require_GET
def intake_detail(request, patient_id, intake_id):
    intake = get_scoped_or_404(
        Intake.objects.select_related("patient", "red_flags", "created_by", "completed_by"),
        request.user,
        pk=intake_id,
        patient_id=patient_id,
    )
    amendments = intake.amendments.select_related("amended_by")
    red_flag_answers = [
        (flag, getattr(intake.red_flags, flag.key)) for flag in classification.RED_FLAGS
    ]
    audit_chart_view(request, intake.patient, what="intake")
    return render(
        request,
        "patients/intake_detail.html",
        {
            "patient": intake.patient,
            "intake": intake,
            "red_flags": intake.red_flags,
            "decision": intake.red_flags.decision,
            "amendments": amendments,
            "red_flag_answers": red_flag_answers,
        },
    )


# Outcome measures


@role_required(THERAPIST)
@require_GET
def outcome_choose(request, patient_id):
    patient = _patient(request, patient_id)
    taken = {
        row["instrument_key"]: row
        for row in patient.outcome_results.values("instrument_key").annotate(
            count=Count("id"), last=Max("taken_at")
        )
    }
    measures = [
        {"instrument": instrument, "taken": taken.get(key)}
        for key, instrument in scoring.INSTRUMENTS.items()
    ]
    return render(
        request, "patients/outcome_choose.html", {"patient": patient, "measures": measures}
    )


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def outcome_create(request, patient_id, instrument_key):
    patient = _patient(request, patient_id)
    if instrument_key not in scoring.INSTRUMENTS:
        raise Http404("No such outcome measure.")
    initial = {}
    if instrument_key == scoring.PSFS:
        # The same activities as last time, so the scores compare like with like.
        previous = selectors.latest_result(patient, scoring.PSFS)
        if previous is not None:
            initial = {f"activity_{n}": name for n, name in enumerate(previous.item_labels, 1)}
    form = OutcomeForm(
        request.POST or None, initial=initial, instrument_key=instrument_key, patient=patient
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.outcome_record(
                request=request,
                patient=patient,
                instrument_key=instrument_key,
                responses=form.responses,
                item_labels=form.item_labels,
                taken_on=form.cleaned_data["taken_on"],
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            band = f" ({result.interpretation})" if result.interpretation else ""
            messages.success(
                request, f"Saved {result.instrument.name}: {result.score_display}{band}."
            )
            return redirect(f"{patient.get_absolute_url()}#outcome-{instrument_key}")
    return render(
        request,
        "patients/outcome_form.html",
        {
            "patient": patient,
            "form": form,
            "instrument": form.instrument,
            "questionnaire": questionnaires.QUESTIONNAIRES[instrument_key],
            "error_links": error_links(form),
        },
    )

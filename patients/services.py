"""Writes for the patients app: register and edit patients, intakes (draft, complete, amend)
and outcome results. Each write is one transaction together with its audit row.

Services raise django.core.exceptions.ValidationError ({field: message}) for anything a
person can fix; views put those messages next to the fields.
"""

from datetime import datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lbp_clinic.audit import audit_change
from patients import scoring
from patients.models import Intake, IntakeAmendment, OutcomeResult, Patient, RedFlagScreen

MRN_PREFIX = "P"
MRN_TAKEN = "Another patient of this clinic already has this medical record number."


class IntakeLocked(Exception):
    """A completed intake was about to be edited; amend it instead."""


def next_mrn(*, clinic) -> str:
    """A new medical record number from the database sequence, e.g. "P001042".

    Skips numbers someone typed in by hand for another patient of the clinic.
    """
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT nextval('patients_mrn_seq')")
            mrn = f"{MRN_PREFIX}{cursor.fetchone()[0]:06d}"
            if not Patient.objects.filter(clinic=clinic, mrn=mrn).exists():
                return mrn


def _save_patient(patient: Patient) -> None:
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError as error:
        if "patient_mrn_unique_in_clinic" in str(error):
            raise ValidationError({"mrn": MRN_TAKEN}) from error
        raise


@transaction.atomic
def patient_register(*, request, patient: Patient, changed_fields=()) -> Patient:
    """Save a new patient of `patient.clinic`, giving it an MRN when none was typed."""
    if not patient.mrn:
        patient.mrn = next_mrn(clinic=patient.clinic)
    patient.created_by = request.user
    _save_patient(patient)
    audit_change(request, patient, created=True, changed_fields=changed_fields)
    return patient


@transaction.atomic
def patient_update(*, request, patient: Patient, changed_fields) -> Patient:
    """Save edited demographics (a form has already validated them)."""
    if not patient.mrn:
        patient.mrn = next_mrn(clinic=patient.clinic)
    _save_patient(patient)
    audit_change(request, patient, changed_fields=changed_fields)
    return patient


def _check_can_complete(intake: Intake, red_flags: RedFlagScreen) -> None:
    problems = {**intake.completion_problems(), **red_flags.decision.problems}
    if problems:
        raise ValidationError(problems)


def _mark_completed(intake: Intake, user) -> None:
    intake.status = Intake.Status.COMPLETED
    intake.completed_by = user
    intake.completed_at = timezone.now()


@transaction.atomic
def intake_create(
    *, request, patient: Patient, intake: Intake, red_flags: RedFlagScreen, complete: bool
) -> Intake:
    """Save a new intake with its red-flag screen, as a draft or completed."""
    intake.patient = patient
    intake.created_by = request.user
    if complete:
        _check_can_complete(intake, red_flags)
        _mark_completed(intake, request.user)
    intake.save()
    red_flags.intake = intake
    red_flags.save()
    fields = [
        f.name for f in Intake._meta.concrete_fields if getattr(intake, f.attname) not in (None, "")
    ]
    audit_change(request, intake, created=True, patient=patient, changed_fields=fields)
    audit_change(request, red_flags, created=True, patient=patient)
    return intake


@transaction.atomic
def intake_save_draft(
    *, request, intake: Intake, red_flags: RedFlagScreen, complete: bool, changed_fields
) -> Intake:
    """Save changes to a draft, and complete it when asked. A completed intake is locked."""
    stored = Intake.objects.select_for_update().get(pk=intake.pk)
    if stored.is_locked:
        raise IntakeLocked("This intake is completed; amend it with a reason instead.")
    if complete:
        _check_can_complete(intake, red_flags)
        _mark_completed(intake, request.user)
        changed_fields = [*changed_fields, "status"]
    intake.save()
    red_flags.save()
    audit_change(request, intake, patient=intake.patient, changed_fields=changed_fields)
    return intake


# Fields an amendment compares: everything a clinician entered, nothing bookkeeping.
_INTAKE_AMENDABLE = [
    f.name
    for f in Intake._meta.concrete_fields
    if f.editable
    and f.name
    not in {"id", "patient", "status", "created_by", "created_at", "completed_by", "completed_at"}
]
_RED_FLAG_AMENDABLE = [
    f.name for f in RedFlagScreen._meta.concrete_fields if f.name not in {"id", "intake"}
]


def _values(instance, names) -> dict:
    """Field values in their Python type ("6.5" typed and Decimal("6.5") stored are equal)."""
    return {
        name: instance._meta.get_field(name).to_python(getattr(instance, name)) for name in names
    }


def _differences(old: dict, new: dict) -> tuple[dict, dict]:
    changed = [name for name in new if old.get(name) != new[name]]
    return {name: old.get(name) for name in changed}, {name: new[name] for name in changed}


@transaction.atomic
def intake_amend(
    *, request, intake: Intake, red_flags: RedFlagScreen, reason: str
) -> IntakeAmendment:
    """Change a completed intake. The values before and after and the reason are kept."""
    stored = Intake.objects.select_for_update().get(pk=intake.pk)
    if not stored.is_locked:
        raise ValidationError("Only a completed intake is amended; edit the draft instead.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are changing a completed intake."})
    stored_flags = RedFlagScreen.objects.get(pk=red_flags.pk)
    _check_can_complete(intake, red_flags)

    old = {**_values(stored, _INTAKE_AMENDABLE), **_values(stored_flags, _RED_FLAG_AMENDABLE)}
    new = {**_values(intake, _INTAKE_AMENDABLE), **_values(red_flags, _RED_FLAG_AMENDABLE)}
    old_values, new_values = _differences(old, new)
    if not new_values:
        raise ValidationError("Nothing was changed, so there is nothing to amend.")
    intake.save()
    red_flags.save()
    amendment = IntakeAmendment.objects.create(
        intake=intake,
        reason=reason.strip(),
        old_values=old_values,
        new_values=new_values,
        amended_by=request.user,
    )
    audit_change(request, intake, patient=intake.patient, changed_fields=list(new_values))
    audit_change(request, amendment, created=True, patient=intake.patient)
    return amendment


def taken_at_for(taken_on) -> datetime:
    """When a questionnaire filled on `taken_on` was taken: now for today, else midday."""
    now = timezone.localtime()
    if taken_on == now.date():
        return now
    return timezone.make_aware(datetime.combine(taken_on, time(12, 0)))


@transaction.atomic
def outcome_record(
    *, request, patient: Patient, instrument_key: str, responses, taken_on, item_labels=()
) -> OutcomeResult:
    """Score the responses with patients.scoring and store the result."""
    try:
        result = scoring.score(instrument_key, responses)
    except scoring.ScoringError as error:
        raise ValidationError(str(error)) from error
    outcome = OutcomeResult.objects.create(
        patient=patient,
        instrument_key=instrument_key,
        instrument_version=result.instrument_version,
        responses=responses,
        item_labels=list(item_labels),
        score=Decimal(str(result.score)),
        subscales=result.subscales,
        interpretation=result.interpretation or "",
        taken_at=taken_at_for(taken_on),
        entered_by=request.user,
    )
    audit_change(request, outcome, created=True, patient=patient)
    return outcome

"""Writes: registering (MRNs), intakes (draft, complete, locked, amended), outcome results.
Each write leaves its audit row."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lbp_clinic.models import AuditEvent
from patients import services
from patients.models import Intake, IntakeAmendment, OutcomeResult, Patient, RedFlagScreen
from tests.patients.factories import PatientFactory, all_no, completed_intake_values


@pytest.fixture
def request_by(therapist):
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    request.user = therapist
    return request


def new_patient(clinic, **values):
    return Patient(
        clinic=clinic,
        first_name=values.get("first_name", "Ann"),
        last_name="Lee",
        date_of_birth="1970-01-01",
        sex="female",
        mrn=values.get("mrn", ""),
    )


def test_register_generates_an_mrn_and_audits(request_by, clinic):
    patient = services.patient_register(request=request_by, patient=new_patient(clinic))
    assert patient.mrn.startswith("P") and len(patient.mrn) >= 7
    event = AuditEvent.objects.get(object_type="patients.Patient", action="create")
    assert event.patient_id == patient.pk
    assert event.ip_address == "198.51.100.7"


def test_generated_mrns_differ_and_skip_typed_ones(request_by, clinic):
    first = services.patient_register(request=request_by, patient=new_patient(clinic))
    number = int(first.mrn[1:])
    PatientFactory(clinic=clinic, mrn=f"P{number + 1:06d}")  # typed by hand
    second = services.patient_register(request=request_by, patient=new_patient(clinic))
    assert second.mrn == f"P{number + 2:06d}"


def test_a_taken_mrn_is_a_validation_error_and_nothing_is_saved(request_by, clinic):
    PatientFactory(clinic=clinic, mrn="X-1")
    with pytest.raises(ValidationError) as error:
        services.patient_register(request=request_by, patient=new_patient(clinic, mrn="X-1"))
    assert "mrn" in error.value.message_dict
    assert Patient.objects.count() == 1
    assert not AuditEvent.objects.filter(action="create").exists()


def test_update_audits_the_changed_fields(request_by, patient):
    patient.phone = "555"
    services.patient_update(request=request_by, patient=patient, changed_fields=["phone"])
    event = AuditEvent.objects.get(action="update")
    assert event.detail == {"fields": ["phone"]}


def intake_for(patient, **values):
    return Intake(patient=patient, **completed_intake_values(**values))


def test_create_a_draft_with_its_red_flag_screen(request_by, patient):
    intake = services.intake_create(
        request=request_by,
        patient=patient,
        intake=Intake(chief_complaint="Sore back"),
        red_flags=RedFlagScreen(),
        complete=False,
    )
    assert intake.status == Intake.Status.DRAFT
    assert RedFlagScreen.objects.get(intake=intake)
    types = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert types == {"patients.Intake", "patients.RedFlagScreen"}


def test_completing_refuses_a_positive_flag_without_action(request_by, patient):
    with pytest.raises(ValidationError) as error:
        services.intake_create(
            request=request_by,
            patient=patient,
            intake=intake_for(patient),
            red_flags=RedFlagScreen(**{**all_no(), "fever": True}),
            complete=True,
        )
    assert "action" in error.value.message_dict
    assert not Intake.objects.exists()
    assert not AuditEvent.objects.exists()


def test_complete_then_locked(request_by, patient):
    intake = services.intake_create(
        request=request_by,
        patient=patient,
        intake=intake_for(patient),
        red_flags=RedFlagScreen(**all_no()),
        complete=True,
    )
    assert intake.is_locked and intake.completed_by == request_by.user
    intake.chief_complaint = "Changed quietly"
    with pytest.raises(services.IntakeLocked):
        services.intake_save_draft(
            request=request_by,
            intake=intake,
            red_flags=intake.red_flags,
            complete=False,
            changed_fields=["chief_complaint"],
        )
    assert Intake.objects.get(pk=intake.pk).chief_complaint != "Changed quietly"


def test_amend_keeps_old_and_new_values_with_the_reason(request_by, completed):
    completed.leg_pain = Intake.LegPain.ABOVE_KNEE
    completed.red_flags.fever = True
    completed.red_flags.action = "monitor"
    completed.red_flags.action_details = "Low-grade, settling; recheck in a week."
    amendment = services.intake_amend(
        request=request_by, intake=completed, red_flags=completed.red_flags, reason="Re-asked"
    )
    assert amendment.old_values == {
        "leg_pain": "below_knee",
        "fever": False,
        "action": "",
        "action_details": "",
    }
    assert amendment.new_values["leg_pain"] == "above_knee"
    assert amendment.new_values["fever"] is True
    assert Intake.objects.get(pk=completed.pk).leg_pain == "above_knee"
    assert AuditEvent.objects.filter(object_type="patients.IntakeAmendment").count() == 1


def test_amend_needs_a_reason_a_change_and_a_valid_result(request_by, completed):
    with pytest.raises(ValidationError, match="Say why"):
        services.intake_amend(
            request=request_by, intake=completed, red_flags=completed.red_flags, reason=" "
        )
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.intake_amend(
            request=request_by, intake=completed, red_flags=completed.red_flags, reason="x"
        )
    completed.red_flags.leg_weakness = True  # cauda equina without urgent referral
    with pytest.raises(ValidationError):
        services.intake_amend(
            request=request_by, intake=completed, red_flags=completed.red_flags, reason="x"
        )
    assert not IntakeAmendment.objects.exists()


def test_outcome_record_scores_stores_and_audits(request_by, patient):
    from django.utils import timezone

    result = services.outcome_record(
        request=request_by,
        patient=patient,
        instrument_key="odi",
        responses=[2, 2, 2, 2, None, 2, 2, 2, 1, 2],
        taken_on=timezone.localdate(),
    )
    stored = OutcomeResult.objects.get(pk=result.pk)
    assert str(stored.score) == "37.8"
    assert stored.instrument_version == "ODI 2.1a"
    assert stored.interpretation == "moderate disability"
    assert stored.entered_by == request_by.user
    assert AuditEvent.objects.filter(object_type="patients.OutcomeResult", action="create").exists()


def test_outcome_record_refuses_bad_responses(request_by, patient):
    from django.utils import timezone

    with pytest.raises(ValidationError, match="Pain rating must be between 0 and 10"):
        services.outcome_record(
            request=request_by,
            patient=patient,
            instrument_key="nprs",
            responses=11,
            taken_on=timezone.localdate(),
        )
    assert not OutcomeResult.objects.exists()

"""Model rules: MRN unique per clinic, the stored duration class, completion checks, history."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.models import Intake, IntakeAmendment, OutcomeResult, RedFlagScreen
from tests.patients.factories import PatientFactory, make_intake, make_result


def test_mrn_is_unique_within_a_clinic_only(clinic, other_clinic):
    PatientFactory(clinic=clinic, mrn="A-1")
    PatientFactory(clinic=other_clinic, mrn="A-1")  # another clinic may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        PatientFactory(clinic=clinic, mrn="A-1")


def test_mrn_cannot_be_blank_in_the_database(clinic):
    with pytest.raises(IntegrityError), transaction.atomic():
        PatientFactory(clinic=clinic, mrn="")


def test_audit_patient_points_at_the_patient(patient, completed):
    result = make_result(patient, "nprs", 5)
    amendment = IntakeAmendment.objects.create(
        intake=completed, reason="x", old_values={}, new_values={}
    )
    assert patient.audit_patient == patient
    for record in (completed, completed.red_flags, amendment, result):
        assert record.audit_patient == patient


def test_display_name_shows_a_different_preferred_name(patient):
    assert patient.display_name == "Maria Alvarez"
    patient.preferred_name = "Mia"
    assert patient.display_name == "Maria Alvarez (Mia)"


def test_duration_class_is_derived_on_save(patient):
    today = timezone.localdate()
    intake = make_intake(patient, intake_date=today, onset_date=today - timedelta(weeks=13))
    intake.refresh_from_db()
    assert intake.symptom_duration_class == "chronic"
    intake.onset_date = today - timedelta(weeks=2)
    intake.save(update_fields=["onset_date"])
    intake.refresh_from_db()
    assert intake.symptom_duration_class == "acute"
    intake.onset_date = None
    intake.save()
    assert Intake.objects.get(pk=intake.pk).symptom_duration_class == ""


def test_completion_problems_name_what_is_missing(patient):
    intake = Intake(patient=patient, leg_pain=Intake.LegPain.BELOW_KNEE, imaging_done=True)
    problems = intake.completion_problems()
    assert problems["leg_pain_side"] == "Choose which leg."
    assert "what the patient was told" in problems["imaging_findings_told"]
    assert "chief_complaint" in problems
    assert "leg_pain" not in problems


def test_completion_problems_include_impossible_dates(patient):
    today = timezone.localdate()
    intake = Intake(patient=patient, intake_date=today, onset_date=today + timedelta(days=2))
    assert "future" in intake.completion_problems()["onset_date"]


def test_red_flag_screen_decision_reads_its_answers(completed):
    screen = RedFlagScreen.objects.get(intake=completed)
    assert screen.decision.can_complete
    screen.fever = True
    assert screen.decision.positive == ("fever",)
    assert [flag.key for flag in screen.positive_flags] == ["fever"]


def test_amendment_changes_read_in_words(completed):
    amendment = IntakeAmendment.objects.create(
        intake=completed,
        reason="Typo",
        old_values={"leg_pain": "below_knee", "fever": False, "onset_date": "2026-01-05"},
        new_values={"leg_pain": "above_knee", "fever": True, "onset_date": "2026-01-06"},
    )
    assert amendment.changes() == [
        ("Leg pain", "Below the knee", "Above the knee"),
        ("Fever or feeling hot and shivery", "No", "Yes"),
        ("When the pain started", "Jan 5, 2026", "Jan 6, 2026"),
    ]


def test_outcome_score_display_drops_a_trailing_zero(patient):
    assert make_result(patient, "nprs", 7).score_display == "7"
    assert make_result(patient, "odi", [2, 2, 2, 2, None, 2, 2, 2, 1, 2]).score_display == "37.8"


@pytest.mark.parametrize(
    "taken_at",
    [
        datetime(2026, 3, 2, 3, 30, tzinfo=UTC),  # still March 1 in New York
        datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2001, 1, 9, 12, 0, tzinfo=UTC),
    ],
)
def test_a_results_date_reads_as_the_date_filter_prints_it(taken_at):
    from django.template import Context, Template

    result = OutcomeResult(taken_at=taken_at)
    printed = Template('{{ result.taken_on|date:"M j, Y" }}').render(Context({"result": result}))
    assert result.taken_on_text == printed

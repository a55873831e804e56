"""Demo patients: a handful per clinic, one North patient with the whole story; idempotent."""

from django.core.management import call_command

from patients import selectors
from patients.models import Intake, OutcomeResult, Patient


def load(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def snapshot():
    return (
        sorted(Patient.objects.values_list("clinic__name", "mrn", "first_name", "updated_at")),
        Intake.objects.count(),
        OutcomeResult.objects.count(),
    )


def test_demo_patients_per_clinic_and_idempotent(db, settings):
    load(settings)
    first = snapshot()
    load(settings)
    assert snapshot() == first
    north = Patient.objects.filter(clinic__name="North Clinic").count()
    south = Patient.objects.filter(clinic__name="South Clinic").count()
    assert north >= 4 and south >= 3


def test_maria_has_the_whole_story(db, settings):
    load(settings)
    maria = Patient.objects.get(clinic__name="North Clinic", first_name="Maria")
    intake = selectors.latest_intake(maria)
    assert intake.symptom_duration_class == "chronic"
    assert (intake.leg_pain, intake.imaging_done, intake.imaging_scary_words) == (
        "below_knee",
        True,
        True,
    )
    assert intake.red_flags.decision.can_complete
    summaries = {s.instrument.key: s for s in selectors.outcome_summaries(maria)}
    assert summaries["nprs"].change.meets_mcid and summaries["odi"].change.meets_mcid
    assert len(summaries["nprs"].results) == len(summaries["odi"].results) == 2
    assert selectors.latest_result(maria, "start_back").interpretation == "high risk"
    assert selectors.latest_result(maria, "fabq").subscales["physical_activity"] > 15

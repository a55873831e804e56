"""Factories for patients, intakes (with their red-flag screen) and outcome results."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from patients import classification, scoring
from patients.models import Intake, OutcomeResult, Patient, RedFlagScreen
from patients.services import taken_at_for
from tests.factories import ClinicFactory


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Testperson{n}")
    date_of_birth = date(1968, 3, 22)
    sex = Patient.Sex.FEMALE
    mrn = factory.Sequence(lambda n: f"T-{n:05d}")


def completed_intake_values(**overrides):
    """Field values of an intake that may be completed."""
    today = timezone.localdate()
    values = {
        "intake_date": today,
        "chief_complaint": "Low back pain with pain down the left leg.",
        "onset_date": today - timedelta(days=120),
        "mechanism": Intake.Mechanism.MOVEMENT,
        "leg_pain": Intake.LegPain.BELOW_KNEE,
        "leg_pain_side": Intake.Side.LEFT,
        "prior_episodes": Intake.PriorEpisodes.FEW,
        "imaging_done": True,
        "imaging_findings_told": "A disc bulge.",
        "imaging_scary_words": True,
        "work_status": Intake.WorkStatus.USUAL,
        "activity_level": Intake.ActivityLevel.LIGHT,
        "sleep_hours": "6.5",
        "sleep_quality": 2,
        "stress_level": 4,
        "diet_quality": 3,
        "social_connection": 2,
        "patient_goals": "Garden again.",
        "clinical_impression": "Chronic low back pain with leg pain.",
    }
    values.update(overrides)
    return values


def all_no():
    return {flag.key: False for flag in classification.RED_FLAGS}


def make_intake(patient, *, completed=False, red_flags=None, user=None, **values):
    """An intake with its red-flag screen (all "no" by default when completed)."""
    fields = completed_intake_values(**values) if completed else values
    intake = Intake.objects.create(
        patient=patient,
        status=Intake.Status.COMPLETED if completed else Intake.Status.DRAFT,
        completed_at=timezone.now() if completed else None,
        created_by=user,
        **fields,
    )
    answers = red_flags if red_flags is not None else (all_no() if completed else {})
    RedFlagScreen.objects.create(intake=intake, **answers)
    return intake


def make_result(patient, key, responses, *, taken_on=None, user=None):
    result = scoring.score(key, responses)
    taken_on = taken_on or timezone.localdate()
    return OutcomeResult.objects.create(
        patient=patient,
        instrument_key=key,
        instrument_version=result.instrument_version,
        responses=responses,
        score=result.score,
        subscales=result.subscales,
        interpretation=result.interpretation or "",
        taken_at=taken_at_for(taken_on),
        entered_by=user,
    )

"""Fixtures for plans: a patient with a completed intake, library exercises and handouts."""

import pytest

from plans.services import plan_create
from tests.education.factories import published_handout
from tests.exercises.factories import ExerciseFactory
from tests.patients.factories import PatientFactory, make_intake, make_result


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic, first_name="Maria", last_name="Lopez")


@pytest.fixture
def intake(patient, therapist):
    return make_intake(patient, completed=True, user=therapist)


@pytest.fixture
def exercises(db):
    return [
        ExerciseFactory(name="Kettlebell deadlift", slug="kettlebell-deadlift"),
        ExerciseFactory(
            name="Bird dog",
            slug="bird-dog",
            category="motor_control",
            load_type="bodyweight",
            reps_min=6,
            reps_max=8,
            hold_seconds=5,
            movement_pattern="anti_rotation",
        ),
        ExerciseFactory(
            name="Side plank",
            slug="side-plank",
            category="motor_control",
            load_type="bodyweight",
            reps_min=0,
            reps_max=0,
            hold_seconds=20,
            movement_pattern="anti_lateral_flexion",
        ),
    ]


@pytest.fixture
def handouts(clinic, clinic_admin):
    return {
        "pain_science": published_handout(
            clinic=clinic, user=clinic_admin, topic="pain_science", title="Hurt is not harm"
        ),
        "staying_active": published_handout(
            clinic=clinic, user=clinic_admin, topic="staying_active", title="Stay active"
        ),
        "imaging": published_handout(
            clinic=clinic, user=clinic_admin, topic="imaging", title="What your scan shows"
        ),
        "lifestyle_sleep": published_handout(
            clinic=clinic, user=clinic_admin, topic="lifestyle_sleep", title="Sleep and back pain"
        ),
        "flare_up": published_handout(
            clinic=clinic, user=clinic_admin, topic="flare_up", title="Your flare-up plan"
        ),
    }


@pytest.fixture
def plan(patient, intake, therapist):
    return plan_create(patient=patient, therapist=therapist)


@pytest.fixture
def start_back_high(patient):
    return make_result(patient, "start_back", [1, 1, 1, 1, 1, 1, 1, 1, 4])


# A full plan for the document tests (tests/plans/test_documents_*.py).
from tests.plans.documents_fixtures import documented_plan  # noqa: E402, F401

"""Fixtures for the bulk reprint: three patients of North Clinic with signed plans, and one of
South Clinic."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plans import services
from plans.services import plan_create
from tests.patients.factories import PatientFactory, make_intake
from tests.plans.conftest import exercises, handouts, intake, patient, plan  # noqa: F401
from tests.plans.test_services import Request, complete_plan


def ago(**delta):
    return timezone.now() - timedelta(**delta)


NAMES = [("Ana", "Berg"), ("Carl", "Diaz"), ("Maria", "Lopez")]


def signed_plan_for(person, therapist, exercises, handouts):  # noqa: F811
    make_intake(person, completed=True, user=therapist)
    draft = plan_create(patient=person, therapist=therapist)
    complete_plan(draft, therapist, exercises, handouts)
    draft.refresh_from_db()
    return services.plan_sign(plan=draft, revision=draft.revision, request=Request(therapist))


@pytest.fixture
def signed_plans(clinic, therapist, exercises, handouts):  # noqa: F811
    """Signed plans of Ana Berg, Carl Diaz and Maria Lopez, in name order."""
    return [
        signed_plan_for(
            PatientFactory(clinic=clinic, first_name=first, last_name=last),
            therapist,
            exercises,
            handouts,
        )
        for first, last in NAMES
    ]


@pytest.fixture
def outsider_plan(other_clinic, outsider, outsider_admin, exercises):  # noqa: F811
    """A signed plan of South Clinic (its own flare-up handout)."""
    from tests.education.factories import published_handout

    flare_up = published_handout(
        clinic=other_clinic, user=outsider_admin, topic="flare_up", title="South flare-up plan"
    )
    person = PatientFactory(clinic=other_clinic, first_name="Olga", last_name="South")
    return signed_plan_for(person, outsider, exercises, {"flare_up": flare_up})

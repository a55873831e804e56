"""A plan worth printing, for the document tests: three home exercises (one with the
patient's own cues), one in-clinic exercise, three handouts (one the flare-up plan), a
diagnosis with an ICD-10 code and goals."""

import pytest

from plans import services
from plans.forms import GoalForm, ManualTherapyForm
from tests.plans.test_services import Request

PATIENT_CUE = "Breathe out as you stand up tall"


@pytest.fixture
def documented_plan(plan, therapist, exercises, handouts):
    request = Request(therapist)
    services.plan_add_diagnosis(plan=plan, revision=plan.revision, code="M54.59", request=request)
    services.plan_add_diagnosis(plan=plan, revision=plan.revision, code="M54.41", request=request)
    goal = GoalForm({"term": "long", "activity": "Lift a 15 kg box", "due_date": "2027-03-01"})
    assert goal.is_valid(), goal.errors
    services.plan_add_row(plan=plan, revision=plan.revision, form=goal, request=request)
    manual = ManualTherapyForm({"technique": "soft_tissue_mobilization", "region": "Lumbar"})
    assert manual.is_valid(), manual.errors
    services.plan_add_row(plan=plan, revision=plan.revision, form=manual, request=request)
    for exercise in exercises:
        services.plan_add_exercise(
            plan=plan, revision=plan.revision, exercise=exercise, request=request
        )
    first = plan.exercises.order_by("position").first()
    first.cues = PATIENT_CUE
    first.save(update_fields=["cues"])
    for topic in ("pain_science", "staying_active", "flare_up"):
        services.plan_add_handout(
            plan=plan,
            revision=plan.revision,
            handout_version=handouts[topic].current_version,
            request=request,
        )
    plan.refresh_from_db()
    return plan

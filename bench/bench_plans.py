"""The plan builder at scale: a plan with 20 exercises against the framework's floor.

Seeds one clinic with a patient, a plan of 20 exercises (plus 3 handouts, manual therapy,
goals and diagnoses) and a plan of 1 exercise, once; a second run reuses them. The floor
is a bare Django view rendering a trivial template on the same stack (middleware, session,
auth, CSP), measured in the same run.

On a shared machine the wall-clock figures move with the load (noted with them), so the
page is also measured by what depends on it alone: the CPU time of this process per
request and the number of Python function calls one request makes.
"""

import cProfile
import os
import pstats
from datetime import date

from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from bench.harness import (
    Row,
    bench_client,
    count_queries,
    cpu_calls,
    get_ok,
    percentiles,
    time_calls,
)
from bench.seed import plan_exercise_rows
from exercises.models import Exercise
from lbp_clinic.models import Clinic, User
from patients.models import Patient
from plans.models import (
    PlanDiagnosis,
    PlanExercise,
    PlanGoal,
    PlanHandout,
    PlanManualTherapy,
    PlanOfCare,
)

CLINIC_NAME = "Bench Plan Clinic"
THERAPIST_EMAIL = "pt@bench-plans.example"


def seed():
    clinic, _ = Clinic.objects.get_or_create(name=CLINIC_NAME)
    therapist = User.objects.filter(email=THERAPIST_EMAIL).first()
    if therapist is None:
        therapist = User.objects.create_user(
            THERAPIST_EMAIL,
            None,
            clinic=clinic,
            role=User.Role.THERAPIST,
            first_name="Bench",
            last_name="Therapist",
            credentials="DPT",
            npi="1234567893",
        )
    plans = {}
    for size in (1, 20, 30):
        title = f"Bench plan with {size} exercises"
        plan = PlanOfCare.objects.filter(clinic=clinic, title=title).first()
        if plan is None:
            plan = _seed_plan(clinic, therapist, title, size)
        plans[size] = plan
    return therapist, plans


def _seed_plan(clinic, therapist, title, size):
    from education.models import Handout

    patient = Patient.objects.create(
        clinic=clinic,
        first_name="Bench",
        last_name=f"Patient {size}",
        date_of_birth=date(1970, 1, 1),
        sex="female",
        mrn=f"BENCH-{size}",
    )
    plan = PlanOfCare.objects.create(
        clinic=clinic,
        patient=patient,
        therapist=therapist,
        title=title,
        episode_start=date.today(),
        duration_weeks=12,
        certification_start=date.today(),
        certification_end=date.today(),
    )
    exercises = list(
        Exercise.objects.filter(clinic=None).exclude(category="aerobic").order_by("name")[:size]
    )
    PlanExercise.objects.bulk_create(plan_exercise_rows(plan, exercises))
    for i, handout in enumerate(
        Handout.objects.filter(clinic=None, current_version__isnull=False)[:3], start=1
    ):
        PlanHandout.objects.create(plan=plan, handout_version=handout.current_version, position=i)
    PlanDiagnosis.objects.create(plan=plan, code="M54.59", position=1)
    PlanGoal.objects.create(
        plan=plan, activity="Lift a box", due_date=date.today(), term="long", position=1
    )
    PlanManualTherapy.objects.create(
        plan=plan, technique="soft_tissue_mobilization", region="Lumbar", position=1
    )
    return plan


def floor_view(request):
    template = engines["django"].from_string("<!doctype html><title>t</title><p>{{ n }}</p>")
    return HttpResponse(template.render({"n": 1}, request))


def _list_query_counts() -> Row:
    """The plans list of a clinic with 10 plans against one with the 5,000 volume plans."""
    from bench import bench_patients
    from bench.seed import seed_plans

    big, small, (big_user, small_user) = bench_patients.seed()
    seed_plans(big, big_user)
    seed_plans(small, small_user, count=10)
    url = reverse("plans:list")
    at_volume = count_queries(lambda: get_ok(bench_client(big_user), url))
    with_ten = count_queries(lambda: get_ok(bench_client(small_user), url))
    plans = PlanOfCare.objects.filter(clinic=big).count()
    verdict = "equal" if at_volume == with_ten else "DIFFERENT"
    return Row(
        "queries, plans list",
        target="equal",
        baseline=f"{with_ten} with 10 plans",
        note=f"{at_volume} with {plans:,} plans: {verdict}",
    )


def _python_calls(function) -> int:
    profile = cProfile.Profile()
    profile.runcall(function)
    return pstats.Stats(profile).total_calls


def run() -> list[Row]:
    therapist, plans = seed()
    client = bench_client(therapist)
    url = reverse("plans:builder", args=[plans[20].pk])
    load_before = os.getloadavg()[0]
    samples = time_calls(lambda: get_ok(client, url), repeat=60)
    p50, p95 = percentiles(samples)
    cpu_p50, cpu_p95 = percentiles(cpu_calls(lambda: get_ok(client, url), repeat=60))
    calls = _python_calls(lambda: get_ok(client, url))

    # The framework's floor: the same middleware stack around a trivial template.
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    handler.resolve_request = lambda request: __import__(
        "django.urls", fromlist=["ResolverMatch"]
    ).ResolverMatch(floor_view, (), {})
    factory = RequestFactory()
    cookie = client.cookies["sessionid"].value

    def floor():
        request = factory.get("/bench-floor/", HTTP_HOST="localhost")
        request.COOKIES["sessionid"] = cookie
        response = handler.get_response(request)
        assert response.status_code == 200, response.status_code

    floor_samples = time_calls(floor, repeat=60)
    floor_p50, floor_p95 = percentiles(floor_samples)

    one = count_queries(lambda: get_ok(client, reverse("plans:builder", args=[plans[1].pk])))
    thirty = count_queries(lambda: get_ok(client, reverse("plans:builder", args=[plans[30].pk])))
    return [
        Row(
            "Plan builder page, 20 exercises",
            p50,
            p95,
            "p95 < 50 ms",
            f"bare view p50 {floor_p50:.1f} ms",
            p50 / floor_p50 if floor_p50 else None,
            f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
        ),
        Row("Bare Django view (framework floor)", floor_p50, floor_p95, "baseline"),
        Row(
            "Plan builder page, 20 exercises: CPU of this process",
            cpu_p50,
            cpu_p95,
            note="process time, without the database's",
        ),
        Row("Builder page, Python function calls", note=f"{calls:,} in one request (cProfile)"),
        Row("Builder queries, 1 vs 30 exercises", None, None, "equal", note=f"{one} vs {thirty}"),
        _list_query_counts(),
    ]

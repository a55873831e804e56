"""The realistic volume every benchmark runs against, seeded once in the bench database.

100,000 patients with 1,000,000 outcome results (bench_patients), 10,000 exercises
(bench_exercises), and 5,000 plans of care with 10-30 exercises each (here). Each part is
idempotent: it counts what is there and seeds only what is missing, so a second
`make bench` starts measuring at once. A progress bar on the terminal shows each part.
"""

import random
import sys
import time
from datetime import date, timedelta

from django.db import connection, transaction

PLANS = 5_000
PLAN_BATCH = 250


class Progress:
    """One line on the terminal: `label [#####.....] done/total  elapsed`."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self.draw()

    def advance(self, amount: int = 1) -> None:
        if not amount:
            return
        self.done = min(self.total, self.done + amount)
        self.draw()

    def draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.started
        line = (
            f"\r   {self.label:<34} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:,}/{self.total:,}  {elapsed:5.1f} s"
        )
        sys.stdout.write(line)
        if self.done >= self.total:
            sys.stdout.write("\n")
        sys.stdout.flush()


def plan_exercise_rows(plan, exercises, **extra) -> list:
    """The bench plans' exercise rows: one typical progressive dose for each exercise."""
    from plans.models import PlanExercise

    return [
        PlanExercise(
            plan=plan,
            exercise=exercise,
            position=position,
            sets=3,
            reps_min=8,
            reps_max=12,
            load=20,
            load_unit="kg",
            rule="double_progression",
            effort_type="RPE",
            effort_target=7,
            **extra,
        )
        for position, exercise in enumerate(exercises, start=1)
    ]


def seed_plans(clinic, therapist, *, count: int = PLANS) -> None:
    """`count` draft plans for the clinic's first patients, 10-30 library exercises each."""
    from exercises.models import Exercise
    from patients.models import Patient
    from plans.models import PlanExercise, PlanOfCare

    have = PlanOfCare.objects.filter(clinic=clinic, title__startswith="Bench volume").count()
    progress = Progress("plans of care (10-30 exercises)", count)
    progress.advance(have)
    if have >= count:
        return
    library = list(
        Exercise.objects.filter(clinic=None).exclude(category="aerobic").order_by("slug")
    )
    patient_ids = list(
        Patient.objects.filter(clinic=clinic).order_by("id").values_list("id", flat=True)[:count]
    )
    rng = random.Random(2026)  # the same plans on every machine
    today = date.today()
    for first in range(have, count, PLAN_BATCH):
        with transaction.atomic():
            plans = PlanOfCare.objects.bulk_create(
                PlanOfCare(
                    clinic=clinic,
                    patient_id=patient_ids[number % len(patient_ids)],
                    therapist=therapist,
                    title=f"Bench volume plan {number}",
                    episode_start=today - timedelta(days=number % 365),
                    certification_start=today - timedelta(days=number % 365),
                    certification_end=today - timedelta(days=number % 365) + timedelta(days=90),
                    duration_weeks=8 + number % 5,
                )
                for number in range(first, min(first + PLAN_BATCH, count))
            )
            rows = []
            for plan in plans:
                chosen = rng.sample(library, rng.randint(10, min(30, len(library))))
                rows += plan_exercise_rows(plan, chosen)
            PlanExercise.objects.bulk_create(rows, batch_size=2000)
        progress.advance(len(plans))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE plans_planofcare")
        cursor.execute("VACUUM ANALYZE plans_planexercise")


def seed_all() -> dict[str, float]:
    """Seed every part; return the seconds each took."""
    from bench import bench_exercises, bench_patients

    timings = {}
    started = time.perf_counter()
    big, _small, (big_user, _small_user) = bench_patients.seed()
    timings["patients and outcome results"] = time.perf_counter() - started

    started = time.perf_counter()
    bench_exercises.seed()
    timings["exercises"] = time.perf_counter() - started

    started = time.perf_counter()
    seed_plans(big, big_user)
    timings["plans of care"] = time.perf_counter() - started
    return timings

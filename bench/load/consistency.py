"""After the outage: is any plan half-saved? The invariants the plans models define.

- Rows of a plan section have distinct positions; sections whose rows are never deleted
  (exercises, handouts, manual therapy: removing only sets `removed`) are numbered 1..n.
- Every save of a draft claims exactly one revision and writes its audit row in the same
  transaction (plans/services.py). The load plans start at revision 1 and are changed
  only by exercise row saves, so revision - 1 equals their audited exercise saves: a
  save cut off by the outage must leave neither the revision nor the audit row.
- Every exercise row still holds a valid dose (reps range in order, sets 1-10).
"""

from collections import defaultdict

from django.db.models import Count, F

from bench.load.prepare import PLAN_TITLE


def check_plans() -> dict:
    from lbp_clinic.models import AuditEvent
    from plans.models import (
        PlanDiagnosis,
        PlanExercise,
        PlanGoal,
        PlanHandout,
        PlanManualTherapy,
        PlanOfCare,
    )

    problems: list[str] = []
    for model, contiguous in (
        (PlanExercise, True),
        (PlanHandout, True),
        (PlanManualTherapy, True),
        (PlanDiagnosis, False),
        (PlanGoal, False),
    ):
        positions = defaultdict(list)
        for plan_id, position in model.objects.values_list("plan_id", "position"):
            positions[plan_id].append(position)
        for plan_id, found in positions.items():
            if len(set(found)) != len(found):
                problems.append(f"plan {plan_id}: {model.__name__} positions repeat: {found}")
            elif contiguous and sorted(found) != list(range(1, len(found) + 1)):
                problems.append(f"plan {plan_id}: {model.__name__} positions {sorted(found)}")

    bad_doses = PlanExercise.objects.filter(reps_min__gt=F("reps_max")).count()
    bad_doses += PlanExercise.objects.exclude(sets__range=(1, 10)).count()
    if bad_doses:
        problems.append(f"{bad_doses} exercise rows with an invalid dose")

    load_plans = PlanOfCare.objects.filter(title__startswith=PLAN_TITLE)
    rows_of = defaultdict(list)
    for plan_id, row_id in PlanExercise.objects.filter(plan__in=load_plans).values_list(
        "plan_id", "id"
    ):
        rows_of[plan_id].append(str(row_id))
    plan_of_row = {row: plan for plan, rows in rows_of.items() for row in rows}
    saves = defaultdict(int)
    for object_id, count in (
        AuditEvent.objects.filter(
            object_type="plans.PlanExercise",
            action=AuditEvent.Action.UPDATE,
            object_id__in=list(plan_of_row),
        )
        .values_list("object_id")
        .annotate(count=Count("id"))
    ):
        saves[plan_of_row[object_id]] += count
    for plan_id, revision in load_plans.values_list("id", "revision"):
        if revision - 1 != saves[plan_id]:
            problems.append(
                f"plan {plan_id}: revision {revision} but {saves[plan_id]} audited saves"
            )
    return {
        "plans": PlanOfCare.objects.count(),
        "load_plans": load_plans.count(),
        "saves_checked": sum(saves.values()),
        "problems": problems,
    }

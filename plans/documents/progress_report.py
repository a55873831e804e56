"""The progress report, due every 10 visits (Medicare: at least every 10 treatment days).

For the physician and the payer: outcome scores over time with their trend charts and the
change from baseline against the MCID, the status of every goal, how the plan changed
(each amendment with the readable diff the versions page shows), the visits so far, and
the plan going forward.
"""

from datetime import timedelta

from patients import selectors as patient_selectors
from plans import rules, selectors
from plans.documents import PROGRESS_REPORT, DocumentSpec, clinical
from plans.models import PlanOfCare, PlanVisit

TEMPLATE = "plans/documents/progress_report.html"
STYLESHEETS = clinical.STYLESHEETS


def goal_statuses(plan: PlanOfCare, outcomes) -> list[dict]:
    """Every goal of the plan with its status (rules.goal_status) from the latest scores."""
    from patients.scoring import INSTRUMENTS

    latest = {summary.instrument.key: summary.latest for summary in outcomes}
    progress = selectors.goal_progress(plan)
    rows = []
    for goal in plan.goals.all():
        result = latest.get(goal.instrument)
        status = rules.goal_status(
            baseline=float(goal.baseline_score) if goal.baseline_score is not None else None,
            target=float(goal.target_score) if goal.target_score is not None else None,
            current=float(result.score) if result is not None else None,
            measured_after_due=result is not None and result.taken_on > goal.due_date,
        )
        instrument = INSTRUMENTS.get(goal.instrument)
        rows.append(
            {
                "goal": goal,
                "measure": instrument.name if instrument else "",
                "status": status,
                "status_label": rules.GOAL_STATUS_LABELS[status],
                "progress": progress.get(goal.pk),
            }
        )
    return rows


def inputs(plan: PlanOfCare, *, large_print: bool = False) -> dict:
    """What the report depends on, without building it (the cache key: a few queries)."""
    chain = selectors.episode_versions(plan)
    visit_ids = list(
        PlanVisit.objects.filter(episode=chain[0])
        .order_by("visit_date", "id")
        .values_list("pk", flat=True)
    )
    return _inputs(plan, large_print, chain, visit_ids)


def _inputs(plan, large_print, chain, visit_ids) -> dict:
    document_inputs = clinical.base_inputs(plan, large_print=large_print)
    document_inputs["versions"] = [[p.pk, p.version, p.revision, p.status] for p in chain]
    document_inputs["outcome_result_ids"] = clinical.outcome_result_ids(plan.patient)
    document_inputs["visit_count"] = len(visit_ids)
    document_inputs["visit_ids"] = visit_ids
    return document_inputs


def build(plan: PlanOfCare, *, large_print: bool = False) -> DocumentSpec:
    plan = clinical.load_plan(plan)
    chain = selectors.episode_versions(plan, with_rows=True)
    root = chain[0]
    visits = list(
        PlanVisit.objects.filter(episode=root)
        .select_related("therapist")
        .order_by("visit_date", "id")
    )
    outcomes = patient_selectors.outcome_summaries(plan.patient)
    goals = goal_statuses(plan, outcomes)
    plan_end = plan.episode_start + timedelta(weeks=plan.duration_weeks) - timedelta(days=1)
    last_visit = visits[-1].visit_date if visits else None
    weeks_left = max(0, ((plan_end - last_visit).days + 6) // 7) if last_visit else None

    document_inputs = _inputs(plan, large_print, chain, [v.pk for v in visits])
    context = {
        "plan": plan,
        "draft": plan.status == PlanOfCare.Status.DRAFT,
        "large_print": large_print,
        "clinic": clinical.clinic_block(plan),
        "patient": clinical.patient_block(plan),
        "diagnoses": clinical.diagnoses(plan),
        "outcomes": outcomes,
        "goals": goals,
        "goals_open": [row for row in goals if row["status"] != rules.GOAL_MET],
        "chain": chain,
        "changes": selectors.version_changes(chain),
        "visits": visits,
        "first_visit": visits[0].visit_date if visits else None,
        "last_visit": last_visit,
        "plan_end": plan_end,
        "weeks_left": weeks_left,
        "interventions": clinical.interventions(plan),
    }
    return DocumentSpec(
        kind=PROGRESS_REPORT,
        title=f"Progress report after {len(visits)} visit{'' if len(visits) == 1 else 's'}"
        + (" (large print)" if large_print else ""),
        template=TEMPLATE,
        context=context,
        inputs=document_inputs,
        patient_facing=False,
        large_print=large_print,
        stylesheets=STYLESHEETS,
    )

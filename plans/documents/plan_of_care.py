"""The plan-of-care document for the certifying physician and the payer.

Every element Medicare asks of a plan of care (../shared/CLINICAL.md): diagnoses with
ICD-10-CM codes, measurable long-term (and short-term) functional goals, the type, amount,
frequency and duration of services (interventions with CPT numbers), the certification
period (at most 90 days), the therapist's signature and the physician's certification,
plus the evaluation findings and outcome scores they rest on.

A draft may be printed (to review it or discuss it with a colleague) but every page says
DRAFT and the signature block says "Not signed": it is not a plan a physician can certify.
"""

from patients import selectors as patient_selectors
from plans import selectors
from plans.documents import PLAN_OF_CARE, DocumentSpec, clinical
from plans.models import PlanOfCare

TEMPLATE = "plans/documents/plan_of_care.html"
STYLESHEETS = clinical.STYLESHEETS


def evaluation(plan: PlanOfCare) -> dict:
    """The latest completed intake: history, red-flag screen and classification."""
    intake = patient_selectors.latest_intake(plan.patient)
    if intake is None:
        return {"intake": None}
    screen = getattr(intake, "red_flags", None)
    decision = screen.decision if screen else None
    return {
        "intake": intake,
        "red_flags": {
            "screened": decision is not None and not decision.unanswered,
            "positive": [flag.question for flag in decision.positive_flags] if decision else [],
            "action": screen.get_action_display() if screen and screen.action else "",
            "action_details": screen.action_details if screen else "",
        },
        "duration": intake.symptom_duration,
    }


def inputs(plan: PlanOfCare, *, large_print: bool = False) -> dict:
    """What the document depends on, without building it (the cache key: a few queries)."""
    intake = patient_selectors.latest_intake(plan.patient)
    document_inputs = clinical.base_inputs(plan, large_print=large_print)
    document_inputs["intake_id"] = intake.pk if intake else None
    document_inputs["outcome_result_ids"] = clinical.outcome_result_ids(plan.patient)
    document_inputs["handout_version_ids"] = [
        h.handout_version_id for h in plan.handouts.all() if not h.removed
    ]
    document_inputs["exercise_ids"] = [e.exercise_id for e in plan.exercises.all() if not e.removed]
    return document_inputs


def build(plan: PlanOfCare, *, large_print: bool = False) -> DocumentSpec:
    plan = clinical.load_plan(plan)
    findings = evaluation(plan)
    outcomes = patient_selectors.outcome_summaries(plan.patient)
    document_inputs = inputs(plan, large_print=large_print)
    context = {
        "plan": plan,
        "draft": plan.status == PlanOfCare.Status.DRAFT,
        "large_print": large_print,
        "clinic": clinical.clinic_block(plan),
        "patient": clinical.patient_block(plan),
        "diagnoses": clinical.diagnoses(plan),
        "evaluation": findings,
        "outcomes": outcomes,
        "goals": clinical.goals(plan),
        "interventions": clinical.interventions(plan),
        "certification_days": (plan.certification_end - plan.certification_start).days + 1,
        "total_visits": plan.visits_per_week * plan.duration_weeks,
        "aerobic": selectors.aerobic_text(plan),
    }
    return DocumentSpec(
        kind=PLAN_OF_CARE,
        title=f"Plan of care, version {plan.version}" + (" (large print)" if large_print else ""),
        template=TEMPLATE,
        context=context,
        inputs=document_inputs,
        patient_facing=False,
        large_print=large_print,
        stylesheets=STYLESHEETS,
    )

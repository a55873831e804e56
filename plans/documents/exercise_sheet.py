"""The exercise sheet: only the home exercises and this week's dose, for a visit where only
the exercises changed (one or two pages in normal print)."""

from plans.documents import EXERCISE_SHEET, DocumentSpec, common
from plans.models import PlanOfCare

TEMPLATE = "plans/documents/exercise_sheet.html"
STYLESHEETS = ("css/print.css", "plans/patient_documents.css")


def inputs(plan: PlanOfCare, *, large_print: bool = False) -> dict:
    """What the sheet depends on, without building it (the cache key: a few queries)."""
    return _inputs(
        plan,
        large_print,
        common.plan_week(plan),
        common.therapist_name(plan),
        common.home_exercises(plan, for_key=True),
    )


def _inputs(plan, large_print, week, therapist_name, items) -> dict:
    return {
        "kind": EXERCISE_SHEET,
        "layout": common.LAYOUT_VERSION,
        "large_print": large_print,
        "plan": {"id": plan.pk, "version": plan.version, "revision": plan.revision},
        "week": week,
        "patient": common.patient_inputs(plan.patient),
        "therapist": therapist_name,
        "clinic": common.clinic_inputs(plan.clinic),
        "exercises": common.exercise_inputs(items),
    }


def build(plan: PlanOfCare, *, large_print: bool = False) -> DocumentSpec:
    week = common.plan_week(plan)
    items = common.home_exercises(plan)
    cards = [common.exercise_card(item, plan, week) for item in items]
    title = "Exercise sheet" + (" (large print)" if large_print else "")
    therapist_name = common.therapist_name(plan)
    context = {
        "title": title,
        "plan": plan,
        "patient": plan.patient,
        "therapist_name": therapist_name,
        "large_print": large_print,
        "current_week": week,
        "cards": cards,
        "effort_help": sorted({card.effort_help for card in cards if card.effort_help}),
        "days": common.DAYS,
        "for_print": True,
        **common.clinic_context(plan.clinic),
    }
    document_inputs = _inputs(plan, large_print, week, therapist_name, items)
    return DocumentSpec(
        kind=EXERCISE_SHEET,
        title=title,
        template=TEMPLATE,
        context=context,
        inputs=document_inputs,
        patient_facing=True,
        large_print=large_print,
        stylesheets=STYLESHEETS,
    )

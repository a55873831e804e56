"""The take-home packet: the patient's plan in plain words, one card per home exercise, every
handout of the plan as given, the flare-up plan and how to reach the clinic.

Patient-facing: no diagnosis codes, no clinical labels. Words written here aim at grade 6-8.
"""

from education.documents import sheet_of
from education.models import Handout, HandoutVersion, Topic
from plans.documents import PACKET, DocumentSpec, Part, common
from plans.models import PlanOfCare

TEMPLATE = "plans/documents/packet.html"
STYLESHEETS = ("css/print.css", "education/handout_print.css", "plans/patient_documents.css")

WHAT_IS_GOING_ON = {
    PlanOfCare.SymptomDuration.ACUTE: (
        "Your back pain started in the last few weeks. Pain like this often gets much "
        "better in a few weeks."
    ),
    PlanOfCare.SymptomDuration.SUBACUTE: (
        "Your back pain started about 6 to 12 weeks ago. Many people still get a lot "
        "better from here."
    ),
    PlanOfCare.SymptomDuration.CHRONIC: (
        "You have had back pain for more than 3 months. Pain that lasts is real, and it "
        "can still get better."
    ),
}
LEG_PAIN_WORDS = (
    "Some of your pain goes down into your leg. This is common, and it often eases as your "
    "back gets better."
)
ALWAYS_TRUE = (
    "Back pain is very common. It can hurt a lot without any harm to your back. Staying "
    "active and getting stronger are the best ways to feel better."
)
# What a hands-on treatment is, in words a patient knows.
IN_CLINIC_WORDS = {
    "thrust_manipulation": "A quick, gentle push to help the joints of your back move",
    "non_thrust_mobilization": "Slow, gentle movements of the joints of your back",
    "soft_tissue_mobilization": "Hands-on work on the muscles of your back",
    "dry_needling": "Dry needling: very thin needles to ease tight muscles",
    "neural_mobilization": "Gentle moves to help the nerve in your leg glide",
}


# What the cache key reads of a handout version (not its text): see _version_input.
VERSION_KEY_FIELDS = ("title", "number", "topic")


def flare_up_version(clinic, *, for_key: bool = False) -> HandoutVersion | None:
    """The flare-up plan a patient of this clinic gets now: the clinic's own, else the library's."""
    handouts = (
        Handout.objects.for_clinic(clinic, include_shared=True)
        .published()
        .filter(topic=Topic.FLARE_UP, language="en", current_version__isnull=False)
        .select_related("current_version")
        .order_by("clinic_id", "id")  # the clinic's own (non-null) sorts before the shared one
    )
    if for_key:
        handouts = handouts.only(
            "id", "clinic_id", "current_version_id",
            *(f"current_version__{name}" for name in VERSION_KEY_FIELDS),
        )  # fmt: skip
    handout = next(iter(handouts), None)
    return handout.current_version if handout else None


def _handouts(
    plan: PlanOfCare, *, for_key: bool = False
) -> tuple[list[HandoutVersion], HandoutVersion | None]:
    """The plan's handouts as given, and the flare-up plan (the plan's own if it has one);
    for_key: only what the inputs read of each version (not its text)."""
    rows = (
        plan.handouts.filter(removed=False)
        .select_related("handout_version")
        .order_by("position", "id")
    )
    if for_key:
        rows = rows.only(
            "id", "plan_id", "handout_version_id",
            *(f"handout_version__{name}" for name in VERSION_KEY_FIELDS),
        )  # fmt: skip
    given = [row.handout_version for row in rows]
    flare_up = next((version for version in given if version.topic == Topic.FLARE_UP), None)
    if flare_up is None:
        return given, flare_up_version(plan.clinic, for_key=for_key)
    return [version for version in given if version.pk != flare_up.pk], flare_up


def _how_often(plan: PlanOfCare, cards) -> list[str]:
    lines = [f"Visits: {plan.visits_per_week} a week for {plan.duration_weeks} weeks."]
    days = sorted({card.item.days_per_week for card in cards})
    if len(days) == 1:
        lines.append(f"Home exercises: {days[0]} days a week.")
    elif days:
        lines.append(f"Home exercises: {days[0]} to {days[-1]} days a week (each exercise says).")
    return lines


def _moving_more(plan: PlanOfCare) -> str:
    """The aerobic part in a sentence: "Brisk walking: 30 minutes, 5 days a week."."""
    if not plan.aerobic_type:
        return ""
    amounts = []
    if plan.aerobic_minutes:
        amounts.append(f"{plan.aerobic_minutes} minutes")
    if plan.aerobic_days_per_week:
        amounts.append(f"{plan.aerobic_days_per_week} days a week")
    text = plan.aerobic_type + (": " + ", ".join(amounts) if amounts else "") + "."
    if plan.aerobic_intensity:
        text += f" {plan.aerobic_intensity.rstrip('.')}."
    return text


def inputs(plan: PlanOfCare, *, large_print: bool = False) -> dict:
    """What the packet depends on, without building it (the cache key: a few queries)."""
    handouts, flare_up = _handouts(plan, for_key=True)
    return _inputs(
        plan,
        large_print,
        common.plan_week(plan),
        common.therapist_name(plan),
        common.home_exercises(plan, for_key=True),
        handouts,
        flare_up,
    )


def _inputs(plan, large_print, week, therapist_name, items, handouts, flare_up) -> dict:
    return {
        "kind": PACKET,
        "layout": common.LAYOUT_VERSION,
        "large_print": large_print,
        "plan": {"id": plan.pk, "version": plan.version, "revision": plan.revision},
        "week": week,
        "patient": common.patient_inputs(plan.patient),
        "therapist": therapist_name,
        "clinic": common.clinic_inputs(plan.clinic),
        "exercises": common.exercise_inputs(items),
        "handouts": [_version_input(version) for version in handouts],
        "flare_up": _version_input(flare_up) if flare_up else None,
    }


def build(plan: PlanOfCare, *, large_print: bool = False) -> DocumentSpec:
    week = common.plan_week(plan)
    items = common.home_exercises(plan)
    cards = [common.exercise_card(item, plan, week) for item in items]
    card_rows = list(enumerate(cards, start=1))  # (number, card)
    handouts, flare_up = _handouts(plan)
    in_clinic = [
        IN_CLINIC_WORDS.get(row.technique, row.get_technique_display())
        for row in plan.manual_therapy.filter(removed=False).order_by("position", "id")
    ]
    clinic_exercises = list(
        plan.exercises.filter(removed=False, home=False)
        .order_by("position", "id")
        .values_list("exercise__name", flat=True)
    )
    goals = list(plan.goals.order_by("-term", "position", "id"))  # short-term first
    therapist_name = common.therapist_name(plan)
    title = "Take-home packet" + (" (large print)" if large_print else "")
    context = {
        "title": title,
        "plan": plan,
        "patient": plan.patient,
        "therapist_name": therapist_name,
        "large_print": large_print,
        "current_week": week,
        "going_on": [
            text
            for text in (
                WHAT_IS_GOING_ON.get(plan.symptom_duration_class, ""),
                LEG_PAIN_WORDS if plan.leg_pain in ("above_knee", "below_knee") else "",
                ALWAYS_TRUE,
            )
            if text
        ],
        "in_clinic": in_clinic,
        "clinic_exercises": clinic_exercises,
        "how_often": _how_often(plan, cards),
        "moving_more": _moving_more(plan),
        "goals": goals,
        "cards": cards,
        "show_cover": True,
        "card_rows": card_rows,
        "show_back": True,
        "handouts": [sheet_of(version) for version in handouts],
        "flare_up": sheet_of(flare_up) if flare_up else None,
        "for_print": True,
        **common.clinic_context(plan.clinic),
    }
    document_inputs = _inputs(plan, large_print, week, therapist_name, items, handouts, flare_up)
    return DocumentSpec(
        kind=PACKET,
        title=title,
        template=TEMPLATE,
        context=context,
        inputs=document_inputs,
        patient_facing=True,
        large_print=large_print,
        stylesheets=STYLESHEETS,
        parts=_parts(card_rows, len(handouts) + (1 if flare_up else 0), large_print),
    )


# Rough cost of each part of the packet in WeasyPrint time, in units of one exercise card
# (measured on the bench packet, in the children's CPU time: a card page holds a drawing and
# two tables, a handout's pages mostly text): a handout 0.65 of a card, the back page 0.3.
# A part worth less than one and a half cards (about 0.3 s) is not worth a child process
# and the join (about 0.06 s).
HANDOUT_COST, BACK_PAGE_COST, SMALLEST_PART = 0.65, 0.3, 1.5


def _parts(rows, handout_count: int, large_print: bool) -> tuple[Part, ...]:
    """The packet in three parts: the cover (one page or two, depending on what it says:
    laid out first, as the rest is numbered on from it), then, side by side, the first
    cards and the rest (the other cards, the handouts, the back page), split for about
    equal work. Each card takes one page, two in large print, so the second part is
    numbered on without waiting for the first."""
    card_pages = 2 if large_print else 1
    back_only = handout_count * HANDOUT_COST + BACK_PAGE_COST
    front_cards = min(len(rows), max(0, round((len(rows) + back_only) / 2)))
    if min(front_cards, len(rows) + back_only - front_cards) < SMALLEST_PART:
        return ()  # a short packet: rendering it in parts would not save anything
    return (
        Part({"card_rows": [], "show_back": False}, pages=None),
        Part({"show_cover": False, "card_rows": rows[:front_cards], "show_back": False},
             pages=front_cards * card_pages),
        Part({"show_cover": False, "card_rows": rows[front_cards:]}, pages=None),
    )  # fmt: skip


def _version_input(version: HandoutVersion) -> dict:
    return {"id": version.pk, "title": version.title, "number": version.number}

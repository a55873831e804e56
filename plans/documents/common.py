"""What the patient's documents share: the letterhead, the home exercises as cards, and the
inputs each part adds to a document's cache key.

Everything here reads one plan version; nothing writes. The inputs are plain JSON: ids and
versions, never the text itself (the text is fixed by those ids, or is part of the plan's
revision).
"""

import functools
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest

from django.utils import timezone

from exercises.pictures import render_exercise_pair_svg
from lbp_clinic.documents import generated_file
from plans import progression, selectors
from plans.models import PlanExercise, PlanOfCare

# Bump when Python code changes what a document shows (templates are hashed by the service).
LAYOUT_VERSION = 2

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

EFFORT_HELP = {
    "RPE": "Effort (RPE) is how hard it feels, from 1 (very easy) to 10 (as hard as you can go).",
    "RIR": "Reps in reserve: how many more times you could still lift at the end of a set.",
}

SIDE_WORDS = {"left": "left side", "right": "right side", "each": "each side"}


@dataclass(frozen=True)
class WeekRow:
    weeks: str  # "1" or "3-5": weeks with the same dose share one row
    dose: str
    note: str
    is_current: bool


@dataclass(frozen=True)
class ExerciseCard:
    item: PlanExercise
    exercise: object
    dose_now: str
    starts_later: bool
    week_rows: list[WeekRow]
    same_every_week: bool
    cues: list[str]
    effort_help: str
    rest: str
    # Where print finds the app's own start/end drawing, an SVG (drawing_url(); "" when a
    # photo or the category icon shows instead): WeasyPrint reads it with its SVG parser,
    # not as 18 KB of HTML to parse and style, and it stays vector.
    drawing: str = ""

    @property
    def week_pairs(self) -> list[list[WeekRow | None]]:
        """The weeks in two side-by-side halves, so a long plan stays short on paper."""
        half = (len(self.week_rows) + 1) // 2
        return [list(pair) for pair in zip_longest(self.week_rows[:half], self.week_rows[half:])]


def plan_week(plan: PlanOfCare, today: date | None = None) -> int:
    """The plan week today falls in (1 before the start, the last week after the end)."""
    today = today or timezone.localdate()
    week = (today - plan.episode_start).days // 7 + 1
    return min(max(week, 1), plan.duration_weeks)


def therapist_name(plan: PlanOfCare) -> str:
    """Who the patient works with: the signer as signed, else the plan's therapist now."""
    if plan.signed_name:
        return ", ".join(filter(None, [plan.signed_name, plan.signed_credentials]))
    return plan.therapist.signature_name


def clinic_context(clinic) -> dict:
    # Our own media path: the document fetcher reads it from MEDIA_ROOT, nothing else.
    return {"clinic": clinic, "logo_url": clinic.logo.url if clinic.logo else ""}


def clinic_inputs(clinic) -> dict:
    return {
        "id": clinic.pk,
        "name": clinic.name,
        "address": clinic.address,
        "phone": clinic.phone,
        "email": clinic.email,
        "logo": clinic.logo.name if clinic.logo else "",
    }


def patient_inputs(patient) -> dict:
    return {"id": patient.pk, "name": patient.full_name}


def home_exercises(plan: PlanOfCare, *, for_key: bool = False) -> list[PlanExercise]:
    """The plan's home programme in the plan's order, with what the cards read (2 queries);
    for_key: only what exercise_inputs reads (not every exercise's text)."""
    items = (
        plan.exercises.filter(removed=False, home=True)
        .select_related("exercise")
        .prefetch_related("exercise__images")
        .order_by("position", "id")
    )
    if for_key:
        items = items.only("id", "plan_id", "exercise_id", "exercise__updated_at")
    return list(items)


def exercise_inputs(items: list[PlanExercise]) -> list[dict]:
    """The dose is part of the plan's revision; the exercise's own text and photos are not.
    Photos in the order the picture picks them, with the choice and description that decide
    what prints (editing a photo does not touch the exercise's updated time)."""
    return [
        {
            "plan_exercise": item.pk,
            "exercise": item.exercise_id,
            "updated": item.exercise.updated_at.isoformat(),
            "photos": [
                [image.pk, image.use_instead_of_drawing, image.description]
                for image in item.exercise.images.all()
            ],
        }
        for item in items
    ]


@functools.cache
def drawing_url(slug: str) -> str:
    """Where documents find the start and end drawing of a library exercise (drawn from its
    slug alone, once per process)."""
    svg = render_exercise_pair_svg(slug).encode()
    return generated_file(f"drawings/{slug}.svg", svg, "image/svg+xml")


def _drawing(exercise) -> str:
    """What exercises/_picture.html would inline for print: the drawing, unless a photo
    is preferred to it."""
    if exercise.preferred_photo is None and exercise.has_drawing:
        return drawing_url(exercise.slug)
    return ""


def _with_side(text: str, item: PlanExercise) -> str:
    side = SIDE_WORDS.get(item.side)
    return f"{text}, {side}" if side else text


def _week_rows(schedule: list[progression.WeekDose], item, current_week: int) -> list[WeekRow]:
    rows: list[list] = []  # [first week, last week, dose, note]
    for week in schedule:
        dose = _with_side(progression.format_dose(week), item)
        if rows and rows[-1][2] == dose and not week.note and not rows[-1][3]:
            rows[-1][1] = week.week
        else:
            rows.append([week.week, week.week, dose, week.note])
    return [
        WeekRow(
            weeks=str(first) if first == last else f"{first}-{last}",
            dose=dose,
            note=note,
            is_current=first <= current_week <= last,
        )
        for first, last, dose, note in rows
    ]


def _rest_text(seconds: int | None) -> str:
    if not seconds:
        return ""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{seconds} seconds"


def exercise_card(item: PlanExercise, plan: PlanOfCare, current_week: int) -> ExerciseCard:
    schedule = selectors.exercise_schedule(item, plan.duration_weeks)
    this_week = next((week for week in schedule if week.week == current_week), None)
    if this_week is not None:
        dose_now = _with_side(progression.format_dose(this_week), item)
    else:
        dose_now = selectors.dose_text(item, plan.duration_weeks)
    week_rows = _week_rows(schedule, item, current_week)
    return ExerciseCard(
        item=item,
        exercise=item.exercise,
        dose_now=dose_now,
        starts_later=item.start_week > current_week,
        week_rows=week_rows,
        same_every_week=len(week_rows) <= 1,
        cues=[line.strip() for line in item.cues.splitlines() if line.strip()],
        effort_help=EFFORT_HELP.get(item.effort_type, ""),
        rest=_rest_text(item.rest_seconds),
        drawing=_drawing(item.exercise),
    )

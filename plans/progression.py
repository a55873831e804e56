"""Turn an exercise prescription and a progression rule into a week-by-week dosage schedule.

The schedule is a plan, not a record: it assumes the patient makes one progression step
per week. The clinician adjusts it when the patient gets there sooner or later.

Rules
- none: the same dose every week.
- double_progression: reps go up by `reps_step` each week until they reach reps_max; the
  week after the top of the range, the load goes up one increment and reps go back to
  reps_min. Load means kg/lb (+ `increment`, default 2.5 kg / 5 lb), the next band colour,
  or, for bodyweight, a longer hold (+ `hold_step_seconds`). A bodyweight exercise with no
  hold, or a band exercise already on black, stays at the top of the range.
- fixed_increment: the load goes up every week by `increment` (absolute) or
  `increment_percent` (compounding on the unrounded load, so rounding never stalls a small
  load), shown rounded to the nearest 0.5 kg or 1 lb. Bands move one colour a week up to
  black; bodyweight exercises lengthen the hold by `hold_step_seconds`.
- rpe_guided: reps stay as prescribed and the patient chooses the load; the target RPE
  rises in a straight line from `start_rpe` to `end_rpe` (capped at 9) across the weeks the
  exercise runs, rounded to the nearest half point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

KG = "kg"
LB = "lb"
BAND = "band"
BODYWEIGHT = "bodyweight"
LOAD_UNITS = (KG, LB, BAND, BODYWEIGHT)

# Lightest to heaviest, the common resistance band colour order.
BAND_COLOURS = ("yellow", "red", "green", "blue", "black")

RPE = "RPE"
RIR = "RIR"
EFFORT_TYPES = (RPE, RIR)

NONE = "none"
DOUBLE_PROGRESSION = "double_progression"
FIXED_INCREMENT = "fixed_increment"
RPE_GUIDED = "rpe_guided"
RULES = (NONE, DOUBLE_PROGRESSION, FIXED_INCREMENT, RPE_GUIDED)

MAX_DURATION_WEEKS = 52
RPE_CAP = 9
DEFAULT_LOAD_INCREMENT = {KG: 2.5, LB: 5.0}
# The smallest practical change in load: fractional plates in kg, whole pounds in lb.
LOAD_ROUNDING_STEP = {KG: Decimal("0.5"), LB: Decimal("1")}
RPE_ROUNDING_STEP = Decimal("0.5")


class PrescriptionError(ValueError):
    """Invalid prescription or rule. `field` names the field at fault for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Prescription:
    sets: int
    reps_min: int | None = None
    reps_max: int | None = None  # None means fixed reps (the same as reps_min)
    hold_seconds: int | None = None
    load: float = 0.0  # kg or lb; 0 for band and bodyweight exercises
    load_unit: str = BODYWEIGHT
    band_colour: str | None = None  # only for load_unit "band"
    effort_type: str | None = None  # "RPE" or "RIR"
    effort_target: float | None = None
    start_week: int = 1


@dataclass(frozen=True)
class ProgressionRule:
    kind: str = NONE
    reps_step: int = 1
    increment: float | None = None  # in the load unit; ignored for bands (one colour a step)
    increment_percent: float | None = None  # fixed_increment only
    hold_step_seconds: int = 5
    start_rpe: float = 6
    end_rpe: float = 8


@dataclass(frozen=True)
class WeekDose:
    week: int
    sets: int
    reps_min: int | None
    reps_max: int | None
    hold_seconds: int | None
    load: float | None  # None when the patient chooses the load (rpe_guided)
    load_unit: str
    effort_type: str | None
    effort_target: float | None
    note: str = ""
    band_colour: str | None = None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _require_int(field: str, value: object, minimum: int) -> None:
    if not _is_int(value) or value < minimum:
        raise PrescriptionError(field, f"{field} must be a whole number of at least {minimum}")


def _validate_prescription(prescription: Prescription, duration_weeks: int) -> None:
    if not _is_int(duration_weeks) or not 1 <= duration_weeks <= MAX_DURATION_WEEKS:
        raise PrescriptionError(
            "duration_weeks", f"duration_weeks must be between 1 and {MAX_DURATION_WEEKS}"
        )
    _require_int("sets", prescription.sets, 1)

    reps_min, reps_max = prescription.reps_min, prescription.reps_max
    if reps_min is None and reps_max is not None:
        raise PrescriptionError("reps_min", "reps_min is needed when reps_max is given")
    if reps_min is not None:
        _require_int("reps_min", reps_min, 1)
        if reps_max is not None:
            _require_int("reps_max", reps_max, 1)
            if reps_min > reps_max:
                raise PrescriptionError("reps_min", "reps_min must not be more than reps_max")
    if prescription.hold_seconds is not None:
        _require_int("hold_seconds", prescription.hold_seconds, 1)
    if reps_min is None and prescription.hold_seconds is None:
        raise PrescriptionError("reps_min", "Give reps_min or hold_seconds")

    if prescription.load_unit not in LOAD_UNITS:
        raise PrescriptionError("load_unit", f"load_unit must be one of {', '.join(LOAD_UNITS)}")
    if not _is_number(prescription.load) or prescription.load < 0:
        raise PrescriptionError("load", "load must be a number of 0 or more")
    if prescription.load_unit in (BAND, BODYWEIGHT) and prescription.load:
        raise PrescriptionError("load", f"load must be 0 for a {prescription.load_unit} exercise")
    if prescription.load_unit == BAND:
        if prescription.band_colour not in BAND_COLOURS:
            raise PrescriptionError(
                "band_colour", f"band_colour must be one of {', '.join(BAND_COLOURS)}"
            )
    elif prescription.band_colour:
        raise PrescriptionError("band_colour", "band_colour is only for band exercises")

    if prescription.effort_type is None:
        if prescription.effort_target is not None:
            raise PrescriptionError("effort_type", "effort_type is needed with effort_target")
    else:
        if prescription.effort_type not in EFFORT_TYPES:
            raise PrescriptionError("effort_type", "effort_type must be RPE or RIR")
        low = 1 if prescription.effort_type == RPE else 0
        target = prescription.effort_target
        if not _is_number(target) or not low <= target <= 10:
            raise PrescriptionError(
                "effort_target",
                f"effort_target must be between {low} and 10 for {prescription.effort_type}",
            )

    _require_int("start_week", prescription.start_week, 1)
    if prescription.start_week > duration_weeks:
        raise PrescriptionError(
            "start_week", f"start_week must be within the plan's {duration_weeks} weeks"
        )


def _validate_rule(rule: ProgressionRule, prescription: Prescription) -> None:
    if rule.kind not in RULES:
        raise PrescriptionError("kind", f"Progression rule must be one of {', '.join(RULES)}")
    _require_int("reps_step", rule.reps_step, 1)
    _require_int("hold_step_seconds", rule.hold_step_seconds, 1)
    weighted = prescription.load_unit in (KG, LB)

    if rule.increment is not None and (not _is_number(rule.increment) or rule.increment <= 0):
        raise PrescriptionError("increment", "increment must be more than 0")
    if rule.increment_percent is not None and (
        not _is_number(rule.increment_percent) or not 0 < rule.increment_percent <= 100
    ):
        raise PrescriptionError("increment_percent", "increment_percent must be between 0 and 100")

    if rule.kind == DOUBLE_PROGRESSION and rule.increment_percent is not None:
        raise PrescriptionError(
            "increment_percent", "Double progression adds a fixed increment, not a percent"
        )
    if rule.kind == FIXED_INCREMENT:
        if weighted and (rule.increment is None) == (rule.increment_percent is None):
            raise PrescriptionError(
                "increment", "Give either increment or increment_percent for a fixed increment"
            )
        if rule.increment_percent is not None and weighted and not prescription.load:
            raise PrescriptionError("load", "load must be more than 0 to add a percent of it")
        if prescription.load_unit == BODYWEIGHT and prescription.hold_seconds is None:
            raise PrescriptionError(
                "hold_seconds",
                "A bodyweight exercise on fixed increments lengthens its hold: set hold_seconds",
            )
    if rule.kind == RPE_GUIDED:
        for field in ("start_rpe", "end_rpe"):
            value = getattr(rule, field)
            if not _is_number(value) or not 1 <= value <= 10:
                raise PrescriptionError(field, f"{field} must be between 1 and 10")


def _decimal(value: float | int) -> Decimal:
    return Decimal(str(value))


def _round_to_step(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _reps_text(reps: int) -> str:
    return f"{reps} rep" if reps == 1 else f"{reps} reps"


def _seconds_text(seconds: int) -> str:
    return f"{seconds} second" if seconds == 1 else f"{seconds} seconds"


def _first_dose(prescription: Prescription, week: int) -> WeekDose:
    reps_max = prescription.reps_max
    if reps_max is None:
        reps_max = prescription.reps_min
    return WeekDose(
        week=week,
        sets=prescription.sets,
        reps_min=prescription.reps_min,
        reps_max=reps_max,
        hold_seconds=prescription.hold_seconds,
        load=float(prescription.load),
        load_unit=prescription.load_unit,
        effort_type=prescription.effort_type,
        effort_target=prescription.effort_target,
        band_colour=prescription.band_colour,
    )


def _stepped_load(
    base: WeekDose, prescription: Prescription, rule: ProgressionRule, steps: int
) -> tuple[WeekDose, str] | None:
    """The base dose with its load moved up `steps` times, and a note saying how; None when
    the load cannot go any higher (black band, or bodyweight with no hold to lengthen)."""
    unit = prescription.load_unit
    if unit in (KG, LB):
        increment = rule.increment or DEFAULT_LOAD_INCREMENT[unit]
        load = _decimal(prescription.load) + steps * _decimal(increment)
        return replace(base, load=float(load)), f"Add load: {float(load):g} {unit}"
    if unit == BAND:
        index = BAND_COLOURS.index(prescription.band_colour or "") + steps
        if index >= len(BAND_COLOURS):
            return None
        return replace(base, band_colour=BAND_COLOURS[index]), (
            f"Move up to the {BAND_COLOURS[index]} band"
        )
    if prescription.hold_seconds is None:
        return None
    hold = prescription.hold_seconds + steps * rule.hold_step_seconds
    return replace(base, hold_seconds=hold), f"Hold for {_seconds_text(hold)}"


def _top_reached_note(prescription: Prescription) -> str:
    if prescription.load_unit == BAND:
        return "Strongest band reached: move to the harder version"
    return "Top of the rep range: move to the harder version"


def _constant(
    prescription: Prescription, rule: ProgressionRule, weeks: list[int]
) -> list[WeekDose]:
    return [_first_dose(prescription, week) for week in weeks]


def _double_progression(
    prescription: Prescription, rule: ProgressionRule, weeks: list[int]
) -> list[WeekDose]:
    reps_min = prescription.reps_min
    reps_max = prescription.reps_max if prescription.reps_max is not None else reps_min
    reps = reps_min
    load_steps = 0
    at_ceiling = False
    schedule = []
    for index, week in enumerate(weeks):
        base = _first_dose(prescription, week)
        note = ""
        if index == 0 or at_ceiling:
            pass
        elif reps is not None and reps_max is not None and reps < reps_max:
            reps = min(reps + rule.reps_step, reps_max)
        else:
            stepped = _stepped_load(base, prescription, rule, load_steps + 1)
            if stepped is None:
                at_ceiling = True
                note = _top_reached_note(prescription)
            else:
                load_steps += 1
                reps = reps_min
                note = stepped[1] if reps is None else f"{stepped[1]}; back to {_reps_text(reps)}"
        dose, _ = _stepped_load(base, prescription, rule, load_steps) or (base, "")
        schedule.append(replace(dose, reps_min=reps, reps_max=reps, note=note))
    return schedule


def _fixed_increment(
    prescription: Prescription, rule: ProgressionRule, weeks: list[int]
) -> list[WeekDose]:
    unit = prescription.load_unit
    schedule = []
    for steps, week in enumerate(weeks):
        dose = _first_dose(prescription, week)
        note = ""
        if steps and unit in (KG, LB):
            start = _decimal(prescription.load)
            if rule.increment_percent is not None:
                raw = start * (1 + _decimal(rule.increment_percent) / 100) ** steps
            else:
                raw = start + steps * _decimal(rule.increment or 0)
            dose = replace(dose, load=float(_round_to_step(raw, LOAD_ROUNDING_STEP[unit])))
        elif steps and unit == BAND:
            last = len(BAND_COLOURS) - 1
            start_index = BAND_COLOURS.index(prescription.band_colour or "")
            index = start_index + steps
            if index == last + 1:
                note = _top_reached_note(prescription)
            dose = replace(dose, band_colour=BAND_COLOURS[min(index, last)])
        elif steps and prescription.hold_seconds is not None:
            dose = replace(
                dose, hold_seconds=prescription.hold_seconds + steps * rule.hold_step_seconds
            )
        schedule.append(replace(dose, note=note))
    return schedule


def _rpe_targets(rule: ProgressionRule, count: int) -> list[float]:
    start = _decimal(min(rule.start_rpe, RPE_CAP))
    end = _decimal(min(rule.end_rpe, RPE_CAP))
    if count == 1:
        return [float(_round_to_step(start, RPE_ROUNDING_STEP))]
    return [
        float(_round_to_step(start + (end - start) * step / (count - 1), RPE_ROUNDING_STEP))
        for step in range(count)
    ]


def _rpe_guided(
    prescription: Prescription, rule: ProgressionRule, weeks: list[int]
) -> list[WeekDose]:
    unit = prescription.load_unit
    schedule = []
    for week, target in zip(weeks, _rpe_targets(rule, len(weeks)), strict=True):
        dose = _first_dose(prescription, week)
        schedule.append(
            replace(
                dose,
                load=0.0 if unit == BODYWEIGHT else None,
                band_colour=None,
                effort_type=RPE,
                effort_target=target,
                note=effort_wording(RPE, target, unit),
            )
        )
    return schedule


_BUILDERS = {
    NONE: _constant,
    DOUBLE_PROGRESSION: _double_progression,
    FIXED_INCREMENT: _fixed_increment,
    RPE_GUIDED: _rpe_guided,
}


def validate(prescription: Prescription, rule: ProgressionRule, duration_weeks: int) -> None:
    """Raise PrescriptionError if build_schedule would; cheaper than building the schedule."""
    _validate_prescription(prescription, duration_weeks)
    _validate_rule(rule, prescription)


def build_schedule(
    prescription: Prescription, rule: ProgressionRule, duration_weeks: int
) -> list[WeekDose]:
    """One WeekDose per week from prescription.start_week to duration_weeks."""
    _validate_prescription(prescription, duration_weeks)
    _validate_rule(rule, prescription)
    weeks = list(range(prescription.start_week, duration_weeks + 1))
    return _BUILDERS[rule.kind](prescription, rule, weeks)


def effort_wording(effort_type: str, effort_target: float, load_unit: str = KG) -> str:
    """Plain words for an effort target: RPE 8 becomes 'could lift 2 more times'."""
    target = _decimal(effort_target)
    in_reserve = 10 - target if effort_type == RPE else target
    fewest = int(in_reserve.to_integral_value(rounding=ROUND_FLOOR))
    most = int(in_reserve.to_integral_value(rounding=ROUND_CEILING))
    if most <= 0:
        count = None
    elif fewest == most:
        count = f"{most} more time" if most == 1 else f"{most} more times"
    elif fewest == 0:
        count = "at most 1 more time"
    else:
        count = f"{fewest} to {most} more times"

    if load_unit == BODYWEIGHT:
        if count is None:
            return "Do each set until you could not do another rep."
        return f"Stop each set when you could still do it {count}."
    thing, verb = ("a band", "pull") if load_unit == BAND else ("a load", "lift")
    if count is None:
        return f"Choose {thing} you could not {verb} again at the end of each set."
    return f"Choose {thing} you could {verb} {count} at the end of each set."


def format_dose(dose: WeekDose) -> str:
    """Plain text such as '3 sets of 8-10 reps, 20 kg, RPE 7'."""
    sets = f"{dose.sets} set" if dose.sets == 1 else f"{dose.sets} sets"
    if dose.reps_min is not None:
        reps_max = dose.reps_max if dose.reps_max is not None else dose.reps_min
        if reps_max == dose.reps_min:
            sets += f" of {_reps_text(reps_max)}"
        else:
            sets += f" of {dose.reps_min}-{reps_max} reps"
    parts = [sets]
    if dose.hold_seconds:
        parts.append(f"hold {_seconds_text(dose.hold_seconds)}")
    if dose.load_unit in (KG, LB) and dose.load:
        parts.append(f"{dose.load:g} {dose.load_unit}")
    elif dose.load_unit == BAND and dose.band_colour:
        parts.append(f"{dose.band_colour} band")
    if dose.effort_type and dose.effort_target is not None:
        parts.append(f"{dose.effort_type} {dose.effort_target:g}")
    return ", ".join(parts)

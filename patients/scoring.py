"""Score the low back pain outcome measures (NPRS, ODI, RMDQ, STarT Back, FABQ, PSFS, PSEQ).

Only numbers live here. The ODI and RMDQ item wording is licensed, so sections and items
are known by number (and, for the ODI and STarT Back, by topic) and never by their text.
Item numbers are 1-based everywhere, as on the paper forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

NPRS = "nprs"
ODI = "odi"
RMDQ = "rmdq"
START_BACK = "start_back"
FABQ = "fabq"
PSFS = "psfs"
PSEQ = "pseq"

# Keele asks that the copyright and funding statement travel with the tool wherever it
# is shown. No licence is needed for non-commercial use; commercial use needs Keele's OK.
START_BACK_COPYRIGHT = (
    "The Keele STarT Back Screening Tool is copyright © 2007 Keele University. "
    "Its development was part funded by Arthritis Research UK (now Versus Arthritis)."
)

ODI_SECTION_TOPICS = (
    "pain intensity",
    "personal care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex life",
    "social life",
    "travelling",
)

# Topic labels in our own words, so a form can show which item is which.
START_BACK_ITEM_TOPICS = (
    "back pain spreading down the leg",
    "pain in the shoulder or neck",
    "walking only short distances",
    "dressing more slowly",
    "feeling unsafe being active",
    "worrying thoughts",
    "feeling it will never get better",
    "not enjoying things",
    "how bothersome the pain is",
)

# Item 9 is answered on a five-point scale stored as 0-4; the top two answers score 1.
START_BACK_ITEM9_ANSWERS = ("not at all", "slightly", "moderately", "very much", "extremely")
START_BACK_ITEM9_SCORING_FROM = 3
START_BACK_DISTRESS_ITEMS = (5, 6, 7, 8, 9)

FABQ_PHYSICAL_ACTIVITY_ITEMS = (2, 3, 4, 5)
FABQ_WORK_ITEMS = (6, 7, 9, 10, 11, 12, 15)
FABQ_UNSCORED_ITEMS = (1, 8, 13, 14, 16)
FABQ_PHYSICAL_ACTIVITY_HIGH_ABOVE = 15
FABQ_WORK_HIGH_ABOVE = 34


class ScoringError(ValueError):
    """Invalid responses. `item` is the 1-based item or section at fault, when there is one,
    so a form can put the message next to that field."""

    def __init__(self, message: str, item: int | None = None) -> None:
        super().__init__(message)
        self.item = item


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    version: str
    item_count: int
    response_min: int
    response_max: int
    score_min: float
    score_max: float
    higher_is_worse: bool
    mcid_points: float | None
    mcid_percent: float | None = None
    # (upper bound inclusive, label), ascending. Empty when the measure has no agreed bands.
    bands: tuple[tuple[float, str], ...] = ()
    item_label: str = "Item"
    min_items: int | None = None  # set when fewer than item_count answers are allowed (PSFS)
    max_skipped: int = 0
    # (item number, response max) for items whose range differs from the rest.
    response_max_overrides: tuple[tuple[int, int], ...] = ()

    def response_range(self, item_number: int) -> tuple[int, int]:
        overrides = dict(self.response_max_overrides)
        return self.response_min, overrides.get(item_number, self.response_max)

    def interpret(self, value: float) -> str | None:
        for upper, label in self.bands:
            if value <= upper:
                return label
        return None


@dataclass(frozen=True)
class ScoreResult:
    instrument_key: str
    instrument_version: str
    score: int | float
    interpretation: str | None
    subscales: dict[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreChange:
    instrument_key: str
    baseline: float
    current: float
    difference: float  # current - baseline, as measured on the scale
    improvement: float  # positive means better, whichever way the scale runs
    percent_improvement: float | None  # of the baseline; None when the baseline is 0
    meets_mcid: bool | None  # None when the instrument has no MCID


NPRS_INSTRUMENT = Instrument(
    key=NPRS,
    name="Numeric Pain Rating Scale",
    version="NPRS 0-10",
    item_count=1,
    response_min=0,
    response_max=10,
    score_min=0,
    score_max=10,
    higher_is_worse=True,
    mcid_points=2,
    mcid_percent=30,
    # Conventional severity cut points; CLINICAL.md gives none for the NPRS.
    bands=((0, "no pain"), (3, "mild pain"), (6, "moderate pain"), (10, "severe pain")),
    item_label="Pain rating",
)

ODI_INSTRUMENT = Instrument(
    key=ODI,
    name="Oswestry Disability Index",
    version="ODI 2.1a",
    item_count=10,
    response_min=0,
    response_max=5,
    score_min=0,
    score_max=100,
    higher_is_worse=True,
    mcid_points=10,
    bands=(
        (20, "minimal disability"),
        (40, "moderate disability"),
        (60, "severe disability"),
        (80, "crippled"),
        (100, "bed-bound"),
    ),
    item_label="Section",
    max_skipped=1,
)

RMDQ_INSTRUMENT = Instrument(
    key=RMDQ,
    name="Roland-Morris Disability Questionnaire",
    version="RMDQ-24",
    item_count=24,
    response_min=0,
    response_max=1,
    score_min=0,
    score_max=24,
    higher_is_worse=True,
    mcid_points=5,
    mcid_percent=30,
)

START_BACK_INSTRUMENT = Instrument(
    key=START_BACK,
    name="Keele STarT Back Screening Tool",
    version="SBST 9-item",
    item_count=9,
    response_min=0,
    response_max=1,
    score_min=0,
    score_max=9,
    higher_is_worse=True,
    mcid_points=None,
    response_max_overrides=((9, len(START_BACK_ITEM9_ANSWERS) - 1),),
)

FABQ_INSTRUMENT = Instrument(
    key=FABQ,
    name="Fear-Avoidance Beliefs Questionnaire",
    version="FABQ-16",
    item_count=16,
    response_min=0,
    response_max=6,
    # The headline score is the physical activity subscale; work is in subscales.
    score_min=0,
    score_max=24,
    higher_is_worse=True,
    mcid_points=None,
)

PSFS_INSTRUMENT = Instrument(
    key=PSFS,
    name="Patient-Specific Functional Scale",
    version="PSFS 3-5 activities",
    item_count=5,
    min_items=3,
    response_min=0,
    response_max=10,
    score_min=0,
    score_max=10,
    higher_is_worse=False,
    mcid_points=2,
    item_label="Activity",
)

PSEQ_INSTRUMENT = Instrument(
    key=PSEQ,
    name="Pain Self-Efficacy Questionnaire",
    version="PSEQ-10",
    item_count=10,
    response_min=0,
    response_max=6,
    score_min=0,
    score_max=60,
    higher_is_worse=False,
    mcid_points=7,
)

INSTRUMENTS: dict[str, Instrument] = {
    instrument.key: instrument
    for instrument in (
        NPRS_INSTRUMENT,
        ODI_INSTRUMENT,
        RMDQ_INSTRUMENT,
        START_BACK_INSTRUMENT,
        FABQ_INSTRUMENT,
        PSFS_INSTRUMENT,
        PSEQ_INSTRUMENT,
    )
}


def _round_one_decimal(value: Decimal) -> float:
    # Decimal with half-up, so 37.75 shows as 37.8 and not as float rounding decides.
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _check_value(value: object, name: str, item: int | None, low: int, high: int) -> int:
    if value is None:
        raise ScoringError(f"{name} is missing", item=item)
    if isinstance(value, bool):
        # A checkbox answer is fine for yes/no items, nowhere else.
        if (low, high) == (0, 1):
            return int(value)
        raise ScoringError(f"{name} must be a whole number between {low} and {high}", item=item)
    if not isinstance(value, int):
        raise ScoringError(f"{name} must be a whole number between {low} and {high}", item=item)
    if not low <= value <= high:
        raise ScoringError(f"{name} must be between {low} and {high}", item=item)
    return value


def _check_responses(instrument: Instrument, responses: object) -> list[int | None]:
    """Validate a list of answers: None only where skipping is allowed."""
    label = instrument.item_label
    plural = f"{label.lower()}s" if label != "Activity" else "activities"
    if isinstance(responses, str | bytes) or not isinstance(responses, Sequence):
        raise ScoringError(f"{instrument.name} needs a list of {instrument.item_count} {plural}")
    if len(responses) > instrument.item_count:
        at_most = "at most " if instrument.min_items else ""
        raise ScoringError(
            f"{instrument.name} takes {at_most}{instrument.item_count} {plural}; "
            f"got {len(responses)}"
        )
    padded: list[object] = [*responses, *([None] * (instrument.item_count - len(responses)))]

    may_skip = bool(instrument.max_skipped or instrument.min_items)
    checked: list[int | None] = []
    for number, value in enumerate(padded, start=1):
        if value is None and may_skip:
            checked.append(None)
            continue
        low, high = instrument.response_range(number)
        checked.append(_check_value(value, f"{label} {number}", number, low, high))

    answered = [value for value in checked if value is not None]
    skipped = [number for number, value in enumerate(checked, start=1) if value is None]
    if instrument.max_skipped and len(skipped) > instrument.max_skipped:
        numbers = ", ".join(str(number) for number in skipped)
        raise ScoringError(
            f"{instrument.name} can be scored with at most {instrument.max_skipped} "
            f"{label.lower()} skipped; {plural} {numbers} are missing",
            item=skipped[0],
        )
    if instrument.min_items and len(answered) < instrument.min_items:
        first_empty = skipped[0]
        raise ScoringError(
            f"{label} {first_empty} is missing: rate at least {instrument.min_items} {plural}",
            item=first_empty,
        )
    return checked


def score_nprs(rating: int | Sequence[int]) -> ScoreResult:
    """One 0-10 rating, given bare or as a one-item list."""
    if isinstance(rating, Sequence) and not isinstance(rating, str | bytes):
        if len(rating) != 1:
            raise ScoringError(f"Give one pain rating; got {len(rating)}")
        rating = rating[0]
    value = _check_value(rating, NPRS_INSTRUMENT.item_label, None, 0, 10)
    return ScoreResult(NPRS, NPRS_INSTRUMENT.version, value, NPRS_INSTRUMENT.interpret(value))


def score_odi(sections: Sequence[int | None]) -> ScoreResult:
    """Ten sections scored 0-5, None for a skipped section (at most one).

    Score = sum / (5 x sections answered) x 100, to one decimal.
    """
    checked = _check_responses(ODI_INSTRUMENT, sections)
    answered = [value for value in checked if value is not None]
    percent = Decimal(sum(answered)) * 100 / (5 * len(answered))
    value = _round_one_decimal(percent)
    return ScoreResult(ODI, ODI_INSTRUMENT.version, value, ODI_INSTRUMENT.interpret(value))


def score_rmdq(responses: int | Sequence[int | bool]) -> ScoreResult:
    """Either the 0-24 total entered directly, or the 24 yes/no answers (1/True = yes)."""
    if isinstance(responses, int) and not isinstance(responses, bool):
        total = _check_value(responses, "Total", None, 0, 24)
    else:
        total = sum(value or 0 for value in _check_responses(RMDQ_INSTRUMENT, responses))
    return ScoreResult(RMDQ, RMDQ_INSTRUMENT.version, total, RMDQ_INSTRUMENT.interpret(total))


def score_start_back(items: Sequence[int | bool]) -> ScoreResult:
    """Items 1-8: agree = 1, disagree = 0. Item 9: index into START_BACK_ITEM9_ANSWERS (0-4).

    Total <= 3 is low risk; otherwise a distress subscale (items 5-9) >= 4 is high risk,
    anything else medium.
    """
    checked = _check_responses(START_BACK_INSTRUMENT, items)
    points = {
        number: int(value >= START_BACK_ITEM9_SCORING_FROM) if number == 9 else value
        for number, value in enumerate(checked, start=1)
        if value is not None
    }
    total = sum(points.values())
    distress = sum(points[number] for number in START_BACK_DISTRESS_ITEMS)
    if total <= 3:
        risk = "low risk"
    elif distress >= 4:
        risk = "high risk"
    else:
        risk = "medium risk"
    return ScoreResult(
        START_BACK, START_BACK_INSTRUMENT.version, total, risk, subscales={"distress": distress}
    )


def score_fabq(items: Sequence[int]) -> ScoreResult:
    """Sixteen items 0-6. Score is the physical activity subscale (items 2-5, 0-24); the
    work subscale (items 6, 7, 9, 10, 11, 12, 15; 0-42) is in subscales. Items 1, 8, 13,
    14 and 16 are answered but not scored."""
    checked = _check_responses(FABQ_INSTRUMENT, items)
    by_number = dict(enumerate(checked, start=1))
    physical_activity = sum(by_number[number] or 0 for number in FABQ_PHYSICAL_ACTIVITY_ITEMS)
    work = sum(by_number[number] or 0 for number in FABQ_WORK_ITEMS)

    high = []
    if physical_activity > FABQ_PHYSICAL_ACTIVITY_HIGH_ABOVE:
        high.append("physical activity")
    if work > FABQ_WORK_HIGH_ABOVE:
        high.append("work")
    interpretation = (
        f"high fear-avoidance ({' and '.join(high)})" if high else "fear-avoidance not elevated"
    )
    return ScoreResult(
        FABQ,
        FABQ_INSTRUMENT.version,
        physical_activity,
        interpretation,
        subscales={"physical_activity": physical_activity, "work": work},
    )


def score_psfs(activities: Sequence[int | None]) -> ScoreResult:
    """Three to five activities rated 0-10 (None for unused slots); score is the mean,
    to one decimal. Higher is better."""
    checked = _check_responses(PSFS_INSTRUMENT, activities)
    rated = [value for value in checked if value is not None]
    mean = _round_one_decimal(Decimal(sum(rated)) / len(rated))
    return ScoreResult(PSFS, PSFS_INSTRUMENT.version, mean, PSFS_INSTRUMENT.interpret(mean))


def score_pseq(items: Sequence[int]) -> ScoreResult:
    """Ten items 0-6, summed (0-60). Higher is better."""
    total = sum(value or 0 for value in _check_responses(PSEQ_INSTRUMENT, items))
    return ScoreResult(PSEQ, PSEQ_INSTRUMENT.version, total, PSEQ_INSTRUMENT.interpret(total))


_SCORERS: dict[str, Callable[..., ScoreResult]] = {
    NPRS: score_nprs,
    ODI: score_odi,
    RMDQ: score_rmdq,
    START_BACK: score_start_back,
    FABQ: score_fabq,
    PSFS: score_psfs,
    PSEQ: score_pseq,
}


def get_instrument(instrument_key: str) -> Instrument:
    try:
        return INSTRUMENTS[instrument_key]
    except KeyError:
        raise ScoringError(f"Unknown outcome measure: {instrument_key!r}") from None


def score(instrument_key: str, responses: object) -> ScoreResult:
    get_instrument(instrument_key)
    return _SCORERS[instrument_key](responses)


def _as_decimal(value: object, name: str, instrument: Instrument) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ScoringError(f"{name} score must be a number")
    number = Decimal(str(value))
    # NaN would make the range check itself raise (decimal.InvalidOperation), not say why.
    if not number.is_finite() or not instrument.score_min <= number <= instrument.score_max:
        raise ScoringError(
            f"{name} score must be between {instrument.score_min:g} and {instrument.score_max:g}"
        )
    return number


def change_from_baseline(
    instrument_key: str, baseline: float | Decimal, current: float | Decimal
) -> ScoreChange:
    """Change between two scores of one instrument and whether it is clinically important.

    The MCID is judged on improvement only: met when the improvement reaches the MCID in
    points, or, for instruments with a percent MCID (NPRS, RMDQ), that percent of baseline.
    """
    instrument = get_instrument(instrument_key)
    start = _as_decimal(baseline, "Baseline", instrument)
    end = _as_decimal(current, "Current", instrument)
    # Decimal keeps 5.3 - 3.3 at exactly 2.0, so an MCID of 2 is not missed by float error.
    difference = end - start
    improvement = -difference if instrument.higher_is_worse else difference

    percent = None if start == 0 else improvement * 100 / start
    if instrument.mcid_points is None:
        meets = None
    else:
        meets = improvement >= Decimal(str(instrument.mcid_points))
        if instrument.mcid_percent is not None and percent is not None:
            meets = meets or percent >= Decimal(str(instrument.mcid_percent))
    return ScoreChange(
        instrument_key=instrument_key,
        baseline=float(start),
        current=float(end),
        difference=float(difference),
        improvement=float(improvement),
        percent_improvement=None if percent is None else _round_one_decimal(percent),
        meets_mcid=meets,
    )

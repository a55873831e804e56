"""Pure intake rules: symptom duration class, impossible-date checks and the red-flag screen.

No Django imports: these are clinical rules, tested with known values (CLINICAL.md).
The red-flag questions are in our own plain words; the list follows CLINICAL.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

# Symptom duration (JOSPT 2021 CPG): acute < 6 weeks, subacute 6-12 weeks, chronic > 12 weeks.
ACUTE = "acute"
SUBACUTE = "subacute"
CHRONIC = "chronic"
DURATION_CLASSES = (
    (ACUTE, "Acute (under 6 weeks)"),
    (SUBACUTE, "Subacute (6 to 12 weeks)"),
    (CHRONIC, "Chronic (over 12 weeks)"),
)
ACUTE_BELOW_DAYS = 6 * 7
CHRONIC_ABOVE_DAYS = 12 * 7

OLDEST_AGE_YEARS = 120


@dataclass(frozen=True)
class SymptomDuration:
    days: int
    duration_class: str

    @property
    def weeks(self) -> int:
        """Whole weeks, as clinicians say it ("about 14 weeks")."""
        return self.days // 7


def symptom_duration(onset_date: date, on_date: date) -> SymptomDuration:
    """How long the symptoms have lasted on `on_date` (the intake date) and the class.

    Exactly 6 weeks is subacute; exactly 12 weeks is still subacute; a day more is chronic.
    Raises ValueError when the onset is after `on_date` (check_intake_dates says why first).
    """
    days = (on_date - onset_date).days
    if days < 0:
        raise ValueError("The onset date is after the intake date.")
    if days < ACUTE_BELOW_DAYS:
        duration_class = ACUTE
    elif days <= CHRONIC_ABOVE_DAYS:
        duration_class = SUBACUTE
    else:
        duration_class = CHRONIC
    return SymptomDuration(days=days, duration_class=duration_class)


def check_birth_date(date_of_birth: date, *, today: date) -> str | None:
    """A message when a date of birth cannot be right, else None."""
    if date_of_birth > today:
        return "The date of birth is in the future. Check the year."
    if today.year - date_of_birth.year > OLDEST_AGE_YEARS:
        return f"This would make the patient over {OLDEST_AGE_YEARS}. Check the year."
    return None


def check_intake_dates(
    *,
    date_of_birth: date | None,
    onset_date: date | None,
    intake_date: date | None,
    today: date,
) -> dict[str, str]:
    """Impossible combinations of intake dates, as {field name: message}. Empty when fine."""
    problems: dict[str, str] = {}
    if intake_date is not None:
        if intake_date > today:
            problems["intake_date"] = (
                "The intake date is in the future. Use today or an earlier day."
            )
        elif date_of_birth is not None and intake_date < date_of_birth:
            problems["intake_date"] = "The intake date is before the patient was born."
    if onset_date is not None:
        if onset_date > today:
            problems["onset_date"] = "The pain cannot start in the future. Check the date."
        elif date_of_birth is not None and onset_date < date_of_birth:
            problems["onset_date"] = (
                "The pain cannot start before the patient was born. Check the date, "
                "or the date of birth on the patient's details."
            )
        elif intake_date is not None and onset_date > intake_date and "intake_date" not in problems:
            problems["onset_date"] = "The pain started after the intake date. Check both dates."
    return problems


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on `day`."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


# Red flags (CLINICAL.md). Keys are the RedFlagScreen model's field names.
CAUDA_EQUINA = "Cauda equina"
CANCER_OR_INFECTION = "Cancer or infection"
FRACTURE = "Fracture"
VASCULAR = "Vascular"
RED_FLAG_GROUPS = (CAUDA_EQUINA, CANCER_OR_INFECTION, FRACTURE, VASCULAR)


@dataclass(frozen=True)
class RedFlag:
    key: str
    question: str
    group: str

    @property
    def cauda_equina(self) -> bool:
        return self.group == CAUDA_EQUINA


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "saddle_anaesthesia", "Numbness around the genitals, bottom or inner thighs", CAUDA_EQUINA
    ),
    RedFlag(
        "bladder_dysfunction", "New trouble passing urine, or new leaking of urine", CAUDA_EQUINA
    ),
    RedFlag("faecal_incontinence", "New loss of bowel control", CAUDA_EQUINA),
    RedFlag("leg_weakness", "Leg weakness that is severe or getting worse", CAUDA_EQUINA),
    RedFlag("age_risk", "New back pain and aged over 50 or under 20", CANCER_OR_INFECTION),
    RedFlag("cancer_history", "Has had cancer", CANCER_OR_INFECTION),
    RedFlag("weight_loss", "Weight loss with no clear reason", CANCER_OR_INFECTION),
    RedFlag("fever", "Fever or feeling hot and shivery", CANCER_OR_INFECTION),
    RedFlag("recent_infection", "A recent infection", CANCER_OR_INFECTION),
    RedFlag("iv_drug_use", "Injects drugs", CANCER_OR_INFECTION),
    RedFlag(
        "immunosuppression",
        "A weak immune system, or takes drugs that lower it",
        CANCER_OR_INFECTION,
    ),
    RedFlag("night_pain", "Pain at night that no position eases", CANCER_OR_INFECTION),
    RedFlag("no_improvement", "No better at all after 4 to 6 weeks", CANCER_OR_INFECTION),
    RedFlag("major_trauma", "A major injury, such as a car crash or a fall from height", FRACTURE),
    RedFlag(
        "minor_trauma_osteoporosis", "A minor fall or strain with thin bones or older age", FRACTURE
    ),
    RedFlag("long_term_steroids", "Has taken steroid tablets for a long time", FRACTURE),
    RedFlag("pulsating_abdominal_mass", "A lump in the belly that throbs with the pulse", VASCULAR),
)
RED_FLAGS_BY_KEY = {flag.key: flag for flag in RED_FLAGS}
CAUDA_EQUINA_KEYS = tuple(flag.key for flag in RED_FLAGS if flag.cauda_equina)

URGENT_REFERRAL = "urgent_referral"
NON_URGENT_REFERRAL = "non_urgent_referral"
MONITOR = "monitor"
RED_FLAG_ACTIONS = (
    (URGENT_REFERRAL, "Urgent referral (same day)"),
    (NON_URGENT_REFERRAL, "Non-urgent referral"),
    (MONITOR, "Monitor, with a reason"),
)


@dataclass(frozen=True)
class RedFlagDecision:
    """What the screen says and what is still missing before the intake can be completed."""

    positive: tuple[str, ...]
    unanswered: tuple[str, ...]
    # {field name: message}: a red-flag key, "action" or "action_details".
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def any_positive(self) -> bool:
        return bool(self.positive)

    @property
    def cauda_equina_positive(self) -> tuple[str, ...]:
        return tuple(key for key in self.positive if key in CAUDA_EQUINA_KEYS)

    @property
    def positive_flags(self) -> tuple[RedFlag, ...]:
        return tuple(RED_FLAGS_BY_KEY[key] for key in self.positive)

    @property
    def urgent_referral_required(self) -> bool:
        return bool(self.cauda_equina_positive)

    @property
    def can_complete(self) -> bool:
        return not self.problems


def red_flag_decision(
    answers: Mapping[str, bool | None], *, action: str = "", action_details: str = ""
) -> RedFlagDecision:
    """Apply the rule: every question answered yes or no; any yes needs a documented action
    (with details: who was referred to, or why monitoring is safe); a cauda equina sign
    needs an urgent referral."""
    positive = tuple(flag.key for flag in RED_FLAGS if answers.get(flag.key) is True)
    unanswered = tuple(flag.key for flag in RED_FLAGS if answers.get(flag.key) is None)
    problems = {key: "Answer yes or no." for key in unanswered}
    if positive:
        action_keys = {key for key, _label in RED_FLAG_ACTIONS}
        cauda_equina = [key for key in positive if key in CAUDA_EQUINA_KEYS]
        if action not in action_keys:
            problems["action"] = "A red flag is positive: choose the action you took."
        elif cauda_equina and action != URGENT_REFERRAL:
            problems["action"] = (
                "A cauda equina sign is positive: this needs an urgent, same-day referral."
            )
        if not action_details.strip():
            problems["action_details"] = (
                "Give the reason it is safe to monitor."
                if action == MONITOR
                else "Say who you referred the patient to, and how."
            )
    return RedFlagDecision(positive=positive, unanswered=unanswered, problems=problems)

"""Plan-of-care rules with no Django in them: suggestions, certification, goals, diffs, CPT.

Sources: ../shared/CLINICAL.md (JOSPT 2021 CPG; Medicare plan-of-care rules: physician
certification within 30 days, certification periods of at most 90 days, a progress report
at least every 10 treatment visits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MAX_CERTIFICATION_DAYS = 90
INITIAL_CERTIFICATION_DAYS = 30
RECERTIFICATION_WARNING_DAYS = 14
HOME_PROGRAMME_ADVISED_MAX = 5
PROGRESS_REPORT_EVERY_VISITS = 10

# Topic keys of education.Handout.topic (see education/content/handouts/*.toml).
PAIN_SCIENCE = "pain_science"
STAYING_ACTIVE = "staying_active"
IMAGING = "imaging"
LIFESTYLE_SLEEP = "lifestyle_sleep"
LIFESTYLE_DIET = "lifestyle_diet"
LIFESTYLE_STRESS = "lifestyle_stress"
LIFESTYLE_SOCIAL = "lifestyle_social"
FLARE_UP = "flare_up"

# Manual therapy techniques and their CPT numbers (numbers only; descriptors are licensed).
THRUST = "thrust_manipulation"
NON_THRUST = "non_thrust_mobilization"
SOFT_TISSUE = "soft_tissue_mobilization"
DRY_NEEDLING = "dry_needling"
NEURAL = "neural_mobilization"
MOBILIZATION_GRADES = ("I", "II", "III", "IV", "V")


def cpt_for_manual_therapy(technique: str, muscles: int | None = None) -> str:
    """97140 for hands-on techniques; 20560 (1-2 muscles) or 20561 (3 or more) for dry needling."""
    if technique == DRY_NEEDLING:
        return "20561" if (muscles or 1) >= 3 else "20560"
    return "97140"


# Exercise CPT numbers by what the exercise trains (numbers only; descriptors are licensed):
# motor control is neuromuscular re-education, a loaded carry is a functional activity,
# everything else (strength, endurance, mobility, aerobic) is exercise.
EXERCISE_CPT = "97110"
NEUROMUSCULAR_CPT = "97112"
FUNCTIONAL_ACTIVITY_CPT = "97530"
EDUCATION_CPT = "97535"


def cpt_for_exercise(category: str, movement_pattern: str = "") -> str:
    if category == "motor_control":
        return NEUROMUSCULAR_CPT
    if movement_pattern == "carry":
        return FUNCTIONAL_ACTIVITY_CPT
    return EXERCISE_CPT


@dataclass(frozen=True)
class IntakeFacts:
    """What the builder knows from the latest intake and outcome results."""

    start_back_risk: str | None = None  # "low", "medium", "high"
    fabq_physical_activity: float | None = None
    imaging_done: bool = False
    scary_words_heard: bool = False
    poor_sleep: bool = False
    high_stress: bool = False
    poor_diet: bool = False
    low_social_connection: bool = False


@dataclass(frozen=True)
class Suggestion:
    topic: str
    reason: str


FABQ_PA_HIGH_ABOVE = 15


def suggest_handout_topics(facts: IntakeFacts) -> list[Suggestion]:
    """Education topics the intake points to, most important first; always a flare-up plan."""
    suggestions = []
    fear = (
        facts.fabq_physical_activity is not None
        and facts.fabq_physical_activity > FABQ_PA_HIGH_ABOVE
    )
    if facts.start_back_risk == "high" or fear:
        why = (
            "STarT Back high risk"
            if facts.start_back_risk == "high"
            else "FABQ physical activity above 15"
        )
        if facts.start_back_risk == "high" and fear:
            why = "STarT Back high risk and FABQ physical activity above 15"
        suggestions.append(Suggestion(PAIN_SCIENCE, why))
        suggestions.append(Suggestion(STAYING_ACTIVE, why))
    if facts.imaging_done or facts.scary_words_heard:
        why = "imaging done" if facts.imaging_done else "heard frightening words about the spine"
        if facts.imaging_done and facts.scary_words_heard:
            why = "imaging done and frightening words heard"
        suggestions.append(Suggestion(IMAGING, why))
    lifestyle = [
        (facts.poor_sleep, LIFESTYLE_SLEEP, "poor sleep"),
        (facts.high_stress, LIFESTYLE_STRESS, "high stress"),
        (facts.low_social_connection, LIFESTYLE_SOCIAL, "low social connection"),
        (facts.poor_diet, LIFESTYLE_DIET, "diet flagged at intake"),
    ]
    suggestions.extend(Suggestion(topic, why) for flagged, topic, why in lifestyle if flagged)
    suggestions.append(Suggestion(FLARE_UP, "every plan has a flare-up plan"))
    return suggestions


def certification_period_end(start: date, duration_weeks: int) -> date:
    """The plan's certification period: its duration, capped at 90 days."""
    days = min(duration_weeks * 7, MAX_CERTIFICATION_DAYS)
    return start + timedelta(days=days - 1)


@dataclass(frozen=True)
class CertificationStatus:
    state: str  # "not_signed", "awaiting", "due", "overdue", "certified"
    label: str
    due_on: date | None = None


def certification_status(
    *,
    signed_on: date | None,
    physician_signed_on: date | None,
    period_end: date | None,
    today: date,
) -> CertificationStatus:
    """Whether the physician's certification (or recertification) is due or overdue."""
    if signed_on is None:
        return CertificationStatus("not_signed", "Sign the plan, then send it for certification")
    if physician_signed_on is None:
        due = signed_on + timedelta(days=INITIAL_CERTIFICATION_DAYS)
        if today > due:
            return CertificationStatus(
                "overdue", f"Physician certification overdue since {due:%b %-d, %Y}", due
            )
        return CertificationStatus(
            "awaiting", f"Physician certification due by {due:%b %-d, %Y}", due
        )
    if period_end is not None:
        if today > period_end:
            return CertificationStatus(
                "overdue",
                f"Recertification overdue: the period ended {period_end:%b %-d, %Y}",
                period_end,
            )
        if (period_end - today).days < RECERTIFICATION_WARNING_DAYS:
            return CertificationStatus(
                "due", f"Recertification due by {period_end:%b %-d, %Y}", period_end
            )
    return CertificationStatus(
        "certified", f"Certified by the physician on {physician_signed_on:%b %-d, %Y}", period_end
    )


def goal_progress_percent(baseline: float, target: float, current: float) -> int:
    """How far from baseline to target the current score is, 0-100 (either direction of scale)."""
    if baseline == target:
        return 100 if current == target else 0
    fraction = (baseline - current) / (baseline - target)
    return round(max(0.0, min(1.0, fraction)) * 100)


GOAL_MET = "met"
GOAL_PROGRESSING = "progressing"
GOAL_NOT_MET = "not_met"
GOAL_NOT_MEASURED = "not_measured"
GOAL_STATUS_LABELS = {
    GOAL_MET: "Met",
    GOAL_PROGRESSING: "Progressing",
    GOAL_NOT_MET: "Not met",
    GOAL_NOT_MEASURED: "Not re-measured",
}


def goal_status(
    *,
    baseline: float | None,
    target: float | None,
    current: float | None,
    measured_after_due: bool = False,
) -> str:
    """Met (target reached); progressing (part of the way, due date not passed when last
    measured); not met (no progress, or short of the target when measured after the due
    date); not measured (no baseline/target, or no score yet)."""
    if baseline is None or target is None or current is None:
        return GOAL_NOT_MEASURED
    percent = goal_progress_percent(baseline, target, current)
    if percent >= 100:
        return GOAL_MET
    return GOAL_PROGRESSING if percent > 0 and not measured_after_due else GOAL_NOT_MET


@dataclass(frozen=True)
class ProgressReportState:
    visits_in_episode: int
    visits_since_report: int
    due: bool
    label: str


def progress_report_due(visits_since_last_report: int) -> bool:
    """Due at the 10th visit since the episode started or since the last progress report
    (and still due after that until a report is written)."""
    return visits_since_last_report >= PROGRESS_REPORT_EVERY_VISITS


def progress_report_state(
    *, visits_in_episode: int, visits_since_report: int
) -> ProgressReportState:
    """The progress-report reminder the builder and the chart show."""
    if progress_report_due(visits_since_report):
        label = f"Progress report due: {visits_since_report} visits since the last report"
        if visits_since_report == visits_in_episode:
            label = f"Progress report due: {visits_since_report} visits this episode"
        return ProgressReportState(visits_in_episode, visits_since_report, True, label)
    left = PROGRESS_REPORT_EVERY_VISITS - visits_since_report
    label = f"Progress report due in {left} visit{'' if left == 1 else 's'}"
    return ProgressReportState(visits_in_episode, visits_since_report, False, label)


def home_programme_warning(home_exercise_count: int) -> str | None:
    if home_exercise_count > HOME_PROGRAMME_ADVISED_MAX:
        return (
            f"The home programme has {home_exercise_count} exercises. Patients do fewer of them "
            f"as the list grows: consider keeping it to {HOME_PROGRAMME_ADVISED_MAX} or fewer."
        )
    return None


def diff_snapshots(old: dict, new: dict) -> list[str]:
    """Readable lines saying what changed between two plan snapshots.

    A snapshot maps a section title to either a plain value (str/number) or a dict of
    item name -> description (e.g. {"Deadlift": "3 sets of 5-8 reps, 60 kg"}).
    """
    changes = []
    for section in dict.fromkeys([*old, *new]):
        before, after = old.get(section), new.get(section)
        if before == after:
            continue
        if isinstance(before, dict) or isinstance(after, dict):
            before, after = before or {}, after or {}
            for name in dict.fromkeys([*before, *after]):
                if name not in before:
                    changes.append(
                        f"{section}: added {name}" + (f" ({after[name]})" if after[name] else "")
                    )
                elif name not in after:
                    changes.append(f"{section}: removed {name}")
                elif before[name] != after[name]:
                    changes.append(
                        f"{section}: {name} changed from {before[name]} to {after[name]}"
                    )
            order_before = [n for n in before if n in after]
            order_after = [n for n in after if n in before]
            if order_before != order_after:
                changes.append(f"{section}: order changed to {', '.join(order_after)}")
        else:
            changes.append(f"{section}: {_show(before)} → {_show(after)}")
    return changes


def _show(value) -> str:
    return "none" if value in (None, "") else str(value)

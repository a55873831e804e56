"""Plan rules: handout suggestions, certification dates, goal progress, diffs, CPT numbers."""

from datetime import date

import pytest

from plans.rules import (
    IntakeFacts,
    certification_period_end,
    certification_status,
    cpt_for_manual_therapy,
    diff_snapshots,
    goal_progress_percent,
    home_programme_warning,
    suggest_handout_topics,
)


def topics(facts):
    return [s.topic for s in suggest_handout_topics(facts)]


def test_a_plain_intake_still_gets_a_flare_up_plan():
    assert topics(IntakeFacts()) == ["flare_up"]


@pytest.mark.parametrize(
    "facts",
    [IntakeFacts(start_back_risk="high"), IntakeFacts(fabq_physical_activity=16)],
)
def test_high_risk_or_fear_avoidance_suggests_pain_science_and_staying_active(facts):
    assert topics(facts)[:2] == ["pain_science", "staying_active"]


def test_fabq_of_exactly_15_is_not_high():
    assert topics(IntakeFacts(fabq_physical_activity=15, start_back_risk="medium")) == ["flare_up"]


def test_imaging_or_scary_words_suggest_the_imaging_handout():
    assert "imaging" in topics(IntakeFacts(imaging_done=True))
    assert "imaging" in topics(IntakeFacts(scary_words_heard=True))


def test_lifestyle_flags_suggest_their_own_handouts_in_order():
    facts = IntakeFacts(
        poor_sleep=True, high_stress=True, low_social_connection=True, poor_diet=True
    )
    assert topics(facts) == [
        "lifestyle_sleep",
        "lifestyle_stress",
        "lifestyle_social",
        "lifestyle_diet",
        "flare_up",
    ]


def test_every_suggestion_says_why():
    for suggestion in suggest_handout_topics(
        IntakeFacts(start_back_risk="high", imaging_done=True)
    ):
        assert suggestion.reason


def test_certification_period_is_the_duration_capped_at_90_days():
    assert certification_period_end(date(2026, 1, 1), 6) == date(2026, 2, 11)
    assert certification_period_end(date(2026, 1, 1), 12) == date(2026, 3, 25)
    assert certification_period_end(date(2026, 1, 1), 16) == date(2026, 3, 31)  # 90 days


def test_certification_is_due_30_days_after_signing_then_overdue():
    signed = date(2026, 3, 1)
    end = date(2026, 5, 29)
    waiting = certification_status(
        signed_on=signed, physician_signed_on=None, period_end=end, today=date(2026, 3, 20)
    )
    assert waiting.state == "awaiting"
    assert waiting.due_on == date(2026, 3, 31)
    late = certification_status(
        signed_on=signed, physician_signed_on=None, period_end=end, today=date(2026, 4, 1)
    )
    assert late.state == "overdue"
    assert "overdue" in late.label


def test_recertification_warns_two_weeks_before_the_period_ends():
    signed, certified, end = date(2026, 3, 1), date(2026, 3, 10), date(2026, 5, 29)

    def status(today):
        return certification_status(
            signed_on=signed, physician_signed_on=certified, period_end=end, today=today
        ).state

    assert status(date(2026, 5, 1)) == "certified"
    assert status(date(2026, 5, 20)) == "due"
    assert status(date(2026, 5, 30)) == "overdue"


def test_unsigned_plan_has_no_certification_clock():
    status = certification_status(
        signed_on=None, physician_signed_on=None, period_end=None, today=date(2026, 1, 1)
    )
    assert status.state == "not_signed"


@pytest.mark.parametrize(
    ("baseline", "target", "current", "percent"),
    [
        (42, 20, 42, 0),
        (42, 20, 31, 50),
        (42, 20, 20, 100),
        (42, 20, 10, 100),
        (42, 20, 50, 0),
        (20, 40, 30, 50),
        (5, 5, 5, 100),
    ],
)
def test_goal_progress_works_for_both_directions_of_scale(baseline, target, current, percent):
    assert goal_progress_percent(baseline, target, current) == percent


def test_home_programme_warning_beyond_five():
    assert home_programme_warning(5) is None
    assert "6 exercises" in home_programme_warning(6)


def test_dry_needling_cpt_depends_on_muscles():
    assert cpt_for_manual_therapy("dry_needling", 2) == "20560"
    assert cpt_for_manual_therapy("dry_needling", 3) == "20561"
    assert cpt_for_manual_therapy("non_thrust_mobilization") == "97140"


def test_diff_says_what_was_added_removed_changed_and_reordered():
    old = {
        "Frequency": "2 visits a week",
        "Exercises": {"Deadlift": "3 sets of 5 reps, 60 kg", "Bird dog": "3 sets of 8 reps"},
        "Handouts": {"Hurt is not harm": ""},
    }
    new = {
        "Frequency": "3 visits a week",
        "Exercises": {
            "Bird dog": "3 sets of 10 reps",
            "Deadlift": "3 sets of 5 reps, 60 kg",
            "Side plank": "3 x 20 s",
        },
        "Handouts": {},
    }
    assert diff_snapshots(old, new) == [
        "Frequency: 2 visits a week → 3 visits a week",
        "Exercises: Bird dog changed from 3 sets of 8 reps to 3 sets of 10 reps",
        "Exercises: added Side plank (3 x 20 s)",
        "Exercises: order changed to Bird dog, Deadlift",
        "Handouts: removed Hurt is not harm",
    ]


def test_identical_snapshots_have_no_diff():
    snapshot = {"Exercises": {"Deadlift": "3 x 5"}, "Frequency": "2"}
    assert diff_snapshots(snapshot, dict(snapshot)) == []


def test_goal_status_worked_examples():
    from plans.rules import goal_status

    # ODI 40 -> target 20: at 20 or below it is met, part of the way is progressing.
    assert goal_status(baseline=40, target=20, current=18) == "met"
    assert goal_status(baseline=40, target=20, current=30) == "progressing"
    assert goal_status(baseline=40, target=20, current=42) == "not_met"
    assert goal_status(baseline=40, target=20, current=30, measured_after_due=True) == "not_met"
    # PSFS 3 -> 7 (higher is better) works the same way.
    assert goal_status(baseline=3, target=7, current=7) == "met"
    assert goal_status(baseline=3, target=7, current=5) == "progressing"
    assert goal_status(baseline=3, target=7, current=None) == "not_measured"
    assert goal_status(baseline=None, target=None, current=5) == "not_measured"


def test_exercise_cpt_follows_what_it_trains():
    from plans.rules import cpt_for_exercise

    assert cpt_for_exercise("strength", "hinge") == "97110"
    assert cpt_for_exercise("aerobic", "locomotion") == "97110"
    assert cpt_for_exercise("motor_control", "anti_rotation") == "97112"
    assert cpt_for_exercise("strength", "carry") == "97530"

"""Pure intake rules: symptom duration class, impossible dates, the red-flag decision."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients.classification import (
    CAUDA_EQUINA_KEYS,
    MONITOR,
    NON_URGENT_REFERRAL,
    RED_FLAG_GROUPS,
    RED_FLAGS,
    URGENT_REFERRAL,
    age_on,
    check_birth_date,
    check_intake_dates,
    red_flag_decision,
    symptom_duration,
)

INTAKE = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("days", "duration_class"),
    [
        (0, "acute"),
        (41, "acute"),  # 5 weeks 6 days
        (42, "subacute"),  # exactly 6 weeks
        (84, "subacute"),  # exactly 12 weeks
        (85, "chronic"),  # 12 weeks and a day
        (400, "chronic"),
    ],
)
def test_symptom_duration_class_boundaries(days, duration_class):
    duration = symptom_duration(INTAKE - timedelta(days=days), INTAKE)
    assert duration.duration_class == duration_class
    assert duration.days == days
    assert duration.weeks == days // 7


def test_symptom_duration_is_relative_to_the_intake_date_not_today():
    onset = date(2020, 1, 1)
    assert symptom_duration(onset, date(2020, 1, 20)).duration_class == "acute"


def test_onset_after_the_intake_date_is_refused():
    with pytest.raises(ValueError, match="after the intake date"):
        symptom_duration(INTAKE + timedelta(days=1), INTAKE)


@given(st.dates(), st.dates())
def test_duration_never_crashes_on_ordered_dates(first, second):
    onset, on_date = sorted([first, second])
    assert symptom_duration(onset, on_date).duration_class in {"acute", "subacute", "chronic"}


TODAY = date(2026, 6, 15)
BORN = date(1961, 4, 12)


@pytest.mark.parametrize(
    ("onset", "intake", "field", "message"),
    [
        (TODAY + timedelta(days=1), TODAY, "onset_date", "cannot start in the future"),
        (date(1960, 1, 1), TODAY, "onset_date", "before the patient was born"),
        (date(2026, 6, 10), date(2026, 6, 1), "onset_date", "after the intake date"),
        (date(2026, 1, 1), TODAY + timedelta(days=3), "intake_date", "in the future"),
        (None, date(1950, 1, 1), "intake_date", "before the patient was born"),
    ],
)
def test_impossible_dates_name_the_field(onset, intake, field, message):
    problems = check_intake_dates(
        date_of_birth=BORN, onset_date=onset, intake_date=intake, today=TODAY
    )
    assert message in problems[field]


def test_sensible_dates_have_no_problems():
    assert (
        check_intake_dates(
            date_of_birth=BORN, onset_date=date(2026, 1, 5), intake_date=TODAY, today=TODAY
        )
        == {}
    )


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1)),
    onset=st.one_of(st.none(), st.dates()),
    intake=st.one_of(st.none(), st.dates()),
)
def test_date_checks_flag_every_impossible_order(born, onset, intake):
    problems = check_intake_dates(
        date_of_birth=born, onset_date=onset, intake_date=intake, today=TODAY
    )
    if onset is not None and (onset > TODAY or onset < born):
        assert "onset_date" in problems
    if intake is not None and (intake > TODAY or intake < born):
        assert "intake_date" in problems
    if not problems and onset is not None and intake is not None:
        assert born <= onset <= intake <= TODAY


@pytest.mark.parametrize(
    ("born", "message"),
    [(TODAY + timedelta(days=1), "in the future"), (date(1890, 1, 1), "over 120")],
)
def test_impossible_birth_dates(born, message):
    assert message in check_birth_date(born, today=TODAY)


def test_a_real_birth_date_is_fine():
    assert check_birth_date(BORN, today=TODAY) is None


def test_age_counts_whole_years():
    assert age_on(BORN, date(2026, 4, 11)) == 64
    assert age_on(BORN, date(2026, 4, 12)) == 65


# Red flags


def test_the_screen_covers_clinical_md():
    assert len(RED_FLAGS) == 17
    assert set(RED_FLAG_GROUPS) == {flag.group for flag in RED_FLAGS}
    assert set(CAUDA_EQUINA_KEYS) == {
        "saddle_anaesthesia",
        "bladder_dysfunction",
        "faecal_incontinence",
        "leg_weakness",
    }


def answers(**yes):
    values = {flag.key: False for flag in RED_FLAGS}
    values.update(yes)
    return values


def test_all_no_can_complete_without_an_action():
    decision = red_flag_decision(answers())
    assert decision.can_complete
    assert not decision.any_positive


def test_every_question_must_be_answered():
    partial = answers()
    del partial["fever"]
    decision = red_flag_decision({**partial, "night_pain": None})
    assert decision.problems == {"fever": "Answer yes or no.", "night_pain": "Answer yes or no."}


def test_a_positive_answer_needs_an_action_and_details():
    decision = red_flag_decision(answers(cancer_history=True))
    assert decision.positive == ("cancer_history",)
    assert "choose the action" in decision.problems["action"]
    assert "who you referred" in decision.problems["action_details"]


@pytest.mark.parametrize("action", [URGENT_REFERRAL, NON_URGENT_REFERRAL, MONITOR])
def test_any_documented_action_settles_a_non_cauda_equina_flag(action):
    decision = red_flag_decision(
        answers(weight_loss=True), action=action, action_details="Letter to the GP today."
    )
    assert decision.can_complete


def test_monitoring_needs_a_reason():
    decision = red_flag_decision(answers(night_pain=True), action=MONITOR, action_details="  ")
    assert decision.problems == {"action_details": "Give the reason it is safe to monitor."}


@pytest.mark.parametrize("key", CAUDA_EQUINA_KEYS)
@pytest.mark.parametrize("action", [NON_URGENT_REFERRAL, MONITOR])
def test_a_cauda_equina_sign_demands_an_urgent_referral(key, action):
    decision = red_flag_decision(answers(**{key: True}), action=action, action_details="Noted.")
    assert decision.urgent_referral_required
    assert "urgent, same-day referral" in decision.problems["action"]
    assert not decision.can_complete


def test_a_cauda_equina_sign_with_urgent_referral_can_complete():
    decision = red_flag_decision(
        answers(saddle_anaesthesia=True),
        action=URGENT_REFERRAL,
        action_details="Sent to the emergency department by ambulance.",
    )
    assert decision.can_complete
    assert decision.cauda_equina_positive == ("saddle_anaesthesia",)


def test_an_unknown_action_is_not_an_action():
    decision = red_flag_decision(answers(fever=True), action="phone a friend", action_details="x")
    assert "choose the action" in decision.problems["action"]

"""Outcome measure scoring against worked examples."""

import pytest

from patients.scoring import (
    FABQ_UNSCORED_ITEMS,
    INSTRUMENTS,
    START_BACK_COPYRIGHT,
    ScoringError,
    change_from_baseline,
    get_instrument,
    score,
    score_fabq,
    score_nprs,
    score_odi,
    score_pseq,
    score_psfs,
    score_rmdq,
    score_start_back,
)


def odi_sections_summing_to(total, answered=10):
    """Ten ODI sections (None for the skipped ones) whose answered sections sum to total."""
    sections = []
    for _ in range(answered):
        value = min(5, total)
        sections.append(value)
        total -= value
    assert total == 0
    return sections + [None] * (10 - answered)


def start_back(physical, distress_items_1_to_4=0, item9=0):
    """Items 1-4 agree for the first `physical`, items 5-8 agree for the first
    `distress_items_1_to_4`, item 9 as its 0-4 answer."""
    items_1_to_4 = [1] * physical + [0] * (4 - physical)
    items_5_to_8 = [1] * distress_items_1_to_4 + [0] * (4 - distress_items_1_to_4)
    return [*items_1_to_4, *items_5_to_8, item9]


def test_registry_holds_every_instrument_with_its_key():
    assert set(INSTRUMENTS) == {"nprs", "odi", "rmdq", "start_back", "fabq", "psfs", "pseq"}
    for key, instrument in INSTRUMENTS.items():
        assert instrument.key == key
        assert instrument.version


def test_direction_of_each_scale():
    worse_when_higher = {key for key, i in INSTRUMENTS.items() if i.higher_is_worse}
    assert worse_when_higher == {"nprs", "odi", "rmdq", "start_back", "fabq"}


def test_start_back_copyright_credits_keele_university():
    assert "Keele University" in START_BACK_COPYRIGHT
    assert "copyright" in START_BACK_COPYRIGHT.lower()


def test_unknown_instrument_is_an_error():
    with pytest.raises(ScoringError, match="Unknown outcome measure"):
        score("sf36", [1])


# NPRS


@pytest.mark.parametrize(
    ("rating", "band"),
    [
        (0, "no pain"),
        (3, "mild pain"),
        (4, "moderate pain"),
        (6, "moderate pain"),
        (7, "severe pain"),
    ],
)
def test_nprs_scores_the_rating_with_its_band(rating, band):
    result = score_nprs(rating)
    assert result.score == rating
    assert result.interpretation == band


def test_nprs_accepts_a_one_item_list():
    assert score("nprs", [7]).score == 7


@pytest.mark.parametrize("rating", [-1, 11, 7.5, "7", None])
def test_nprs_rejects_ratings_outside_0_to_10(rating):
    with pytest.raises(ScoringError, match="Pain rating"):
        score_nprs(rating)


# ODI


def test_odi_with_all_sections_answered_sum_16_is_32_percent_moderate():
    result = score_odi([2, 1, 3, 2, 2, 1, 2, 1, 0, 2])
    assert result.score == 32.0
    assert result.interpretation == "moderate disability"
    assert result.instrument_version == "ODI 2.1a"


def test_odi_with_one_section_skipped_divides_by_45():
    sections = [2, 2, 2, 2, None, 2, 2, 2, 1, 2]  # 9 answered, sum 17
    result = score_odi(sections)
    assert result.score == 37.8  # 17 / 45 x 100 = 37.78
    assert result.interpretation == "moderate disability"


def test_odi_with_two_sections_skipped_is_an_error_naming_them():
    sections = [2, None, 2, 2, 2, 2, None, 2, 2, 2]
    with pytest.raises(ScoringError, match=r"at most 1 section skipped.*sections 2, 7") as error:
        score_odi(sections)
    assert error.value.item == 2


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (0, 0.0, "minimal disability"),
        (10, 20.0, "minimal disability"),
        (11, 22.0, "moderate disability"),
        (20, 40.0, "moderate disability"),
        (21, 42.0, "severe disability"),
        (30, 60.0, "severe disability"),
        (31, 62.0, "crippled"),
        (40, 80.0, "crippled"),
        (41, 82.0, "bed-bound"),
        (50, 100.0, "bed-bound"),
    ],
)
def test_odi_band_boundaries(total, percent, band):
    result = score_odi(odi_sections_summing_to(total))
    assert result.score == percent
    assert result.interpretation == band


def test_odi_score_of_21_is_moderate():
    assert INSTRUMENTS["odi"].interpret(21) == "moderate disability"
    assert INSTRUMENTS["odi"].interpret(41) == "severe disability"


@pytest.mark.parametrize(
    ("sections", "message", "item"),
    [
        ([2, 2, 6, 2, 2, 2, 2, 2, 2, 2], "Section 3 must be between 0 and 5", 3),
        ([2, 2, -1, 2, 2, 2, 2, 2, 2, 2], "Section 3 must be between 0 and 5", 3),
        ([2, 2, 2, 2.5, 2, 2, 2, 2, 2, 2], "Section 4 must be a whole number", 4),
        ([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], "takes 10 sections; got 11", None),
        ("2222222222", "needs a list of 10 sections", None),
    ],
)
def test_odi_invalid_sections_name_the_section(sections, message, item):
    with pytest.raises(ScoringError, match=message) as error:
        score_odi(sections)
    assert error.value.item == item


def test_odi_short_list_counts_as_skipped_sections():
    # Eight given: sections 9 and 10 are missing, which is one too many.
    with pytest.raises(ScoringError, match="sections 9, 10 are missing"):
        score_odi([1] * 8)


# RMDQ


def test_rmdq_total_entered_directly():
    result = score_rmdq(12)
    assert result.score == 12
    assert result.interpretation is None


def test_rmdq_items_are_summed():
    answers = [True] * 9 + [False] * 15
    assert score("rmdq", answers).score == 9


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        (25, "Total must be between 0 and 24"),
        ([1] * 23, "Item 24 is missing"),
        ([1] * 11 + [2] + [0] * 12, "Item 12 must be between 0 and 1"),
    ],
)
def test_rmdq_invalid_answers(responses, message):
    with pytest.raises(ScoringError, match=message):
        score_rmdq(responses)


# STarT Back


@pytest.mark.parametrize(
    ("items", "total", "distress", "risk"),
    [
        (start_back(physical=0), 0, 0, "low risk"),
        (start_back(physical=3), 3, 0, "low risk"),
        (start_back(physical=0, distress_items_1_to_4=3), 3, 3, "low risk"),
        (start_back(physical=1, distress_items_1_to_4=3), 4, 3, "medium risk"),
        (start_back(physical=0, distress_items_1_to_4=4), 4, 4, "high risk"),
        (start_back(physical=4, distress_items_1_to_4=4, item9=4), 9, 5, "high risk"),
    ],
)
def test_start_back_risk_boundaries(items, total, distress, risk):
    result = score_start_back(items)
    assert result.score == total
    assert result.subscales == {"distress": distress}
    assert result.interpretation == risk


@pytest.mark.parametrize(
    ("item9", "points"),
    [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)],  # not at all .. extremely
)
def test_start_back_item_9_scores_only_very_much_and_extremely(item9, points):
    assert score_start_back(start_back(physical=0, item9=item9)).score == points


def test_start_back_accepts_checkbox_answers():
    items = [True, True, False, False, True, True, True, False, 3]
    result = score_start_back(items)
    assert (result.score, result.subscales["distress"], result.interpretation) == (
        6,
        4,
        "high risk",
    )


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([1, 0, 1, 0, 2, 0, 0, 0, 0], "Item 5 must be between 0 and 1"),
        ([1, 0, 1, 0, 1, 0, 0, 0, 5], "Item 9 must be between 0 and 4"),
        ([1, 0, 1, None, 1, 0, 0, 0, 0], "Item 4 is missing"),
        ([1, 0, 1, 0, 1, 0, 0, 0], "Item 9 is missing"),
    ],
)
def test_start_back_invalid_items_name_the_item(items, message):
    with pytest.raises(ScoringError, match=message):
        score_start_back(items)


# FABQ

# Worked example. Physical activity items 2-5: 5+4+3+5 = 17.
# Work items 6, 7, 9, 10, 11, 12, 15: 6+5+6+4+5+6+4 = 36.
# Unscored items 1, 8, 13, 14, 16 are all answered 6 and must not count.
FABQ_EXAMPLE = [6, 5, 4, 3, 5, 6, 5, 6, 6, 4, 5, 6, 6, 6, 4, 6]


def test_fabq_subscales_from_a_full_response():
    result = score_fabq(FABQ_EXAMPLE)
    assert result.subscales == {"physical_activity": 17, "work": 36}
    assert result.score == 17
    assert result.interpretation == "high fear-avoidance (physical activity and work)"


def test_fabq_unscored_items_do_not_change_the_subscales():
    changed = list(FABQ_EXAMPLE)
    for number in FABQ_UNSCORED_ITEMS:
        changed[number - 1] = 0
    assert score_fabq(changed).subscales == score_fabq(FABQ_EXAMPLE).subscales


@pytest.mark.parametrize(
    ("physical_activity_each", "work_each", "interpretation"),
    [
        # 4 items x 4 = 16 > 15 high; 4 x 3 = 12 not high.
        (4, 0, "high fear-avoidance (physical activity)"),
        (3, 5, "high fear-avoidance (work)"),  # work 7 x 5 = 35 > 34
        (3, 4, "fear-avoidance not elevated"),  # PA 12, work 28
    ],
)
def test_fabq_high_thresholds(physical_activity_each, work_each, interpretation):
    items = [0] * 16
    for number in (2, 3, 4, 5):
        items[number - 1] = physical_activity_each
    for number in (6, 7, 9, 10, 11, 12, 15):
        items[number - 1] = work_each
    assert score_fabq(items).interpretation == interpretation


def test_fabq_at_the_thresholds_is_not_high():
    # PA exactly 15 and work exactly 34 are not above the cut-offs.
    items = [0, 4, 4, 4, 3, 5, 5, 0, 5, 5, 5, 5, 0, 0, 4, 0]
    result = score_fabq(items)
    assert result.subscales == {"physical_activity": 15, "work": 34}
    assert result.interpretation == "fear-avoidance not elevated"


def test_fabq_item_out_of_range_names_the_item():
    items = [0] * 16
    items[13] = 7
    with pytest.raises(ScoringError, match="Item 14 must be between 0 and 6"):
        score_fabq(items)


# PSFS


@pytest.mark.parametrize(
    ("activities", "mean"),
    [
        ([4, 6, 5], 5.0),
        ([3, 4, 4], 3.7),  # 11 / 3 = 3.67
        ([2, 3, 5, 7, 8], 5.0),
        ([2, None, 4, 6, None], 4.0),  # unused slots on a five-slot form
    ],
)
def test_psfs_is_the_mean_of_the_rated_activities(activities, mean):
    result = score_psfs(activities)
    assert result.score == mean


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        ([4, 6], "Activity 3 is missing: rate at least 3 activities"),
        ([4, 6, None, None, None], "Activity 3 is missing"),
        ([4, 11, 5], "Activity 2 must be between 0 and 10"),
        ([1, 2, 3, 4, 5, 6], "at most 5 activities; got 6"),
    ],
)
def test_psfs_invalid_activities(activities, message):
    with pytest.raises(ScoringError, match=message):
        score_psfs(activities)


# PSEQ


def test_pseq_is_the_sum_of_ten_items():
    result = score_pseq([3, 4, 2, 5, 6, 1, 0, 4, 3, 2])
    assert result.score == 30


def test_pseq_all_top_answers_score_60():
    assert score("pseq", [6] * 10).score == 60


def test_pseq_missing_item_is_named():
    with pytest.raises(ScoringError, match="Item 7 is missing"):
        score_pseq([3, 3, 3, 3, 3, 3, None, 3, 3, 3])


# Change from baseline and MCID


@pytest.mark.parametrize(
    ("key", "baseline", "current", "meets"),
    [
        ("odi", 42, 30, True),  # 12 points >= 10
        ("odi", 42, 32, True),  # exactly 10 points
        ("odi", 42, 35, False),  # 7 points; ODI has no percent MCID (7/42 = 17%)
        ("nprs", 7, 5, True),  # 2 points
        ("nprs", 3, 2, True),  # 1 point, but 1/3 = 33% >= 30%
        ("nprs", 8, 7, False),  # 1 point, 12.5%
        ("nprs", 10, 7, True),  # 3 points and exactly 30%
        ("rmdq", 20, 15, True),  # 5 points
        ("rmdq", 10, 7, True),  # 3 points, 30%
        ("rmdq", 20, 16, False),  # 4 points, 20%
        ("psfs", 3.3, 5.3, True),  # exactly 2 points: no float error
        ("psfs", 4.0, 5.5, False),
        ("pseq", 25, 32, True),  # 7 points
        ("pseq", 25, 31, False),
    ],
)
def test_change_meets_mcid(key, baseline, current, meets):
    assert change_from_baseline(key, baseline, current).meets_mcid is meets


def test_change_reports_improvement_as_positive_on_a_higher_is_worse_scale():
    change = change_from_baseline("odi", 42, 30)
    assert change.difference == -12
    assert change.improvement == 12
    assert change.percent_improvement == 28.6  # 12 / 42


def test_change_reports_improvement_as_positive_on_a_higher_is_better_scale():
    change = change_from_baseline("pseq", 20, 30)
    assert change.difference == 10
    assert change.improvement == 10
    assert change.percent_improvement == 50.0


def test_worsening_never_meets_the_mcid():
    change = change_from_baseline("nprs", 3, 6)
    assert change.improvement == -3
    assert change.percent_improvement == -100.0
    assert change.meets_mcid is False


def test_change_from_a_zero_baseline_has_no_percent():
    change = change_from_baseline("nprs", 0, 2)
    assert change.percent_improvement is None
    assert change.meets_mcid is False


@pytest.mark.parametrize("key", ["start_back", "fabq"])
def test_change_on_instruments_without_an_mcid_says_so(key):
    assert change_from_baseline(key, 6, 2).meets_mcid is None


@pytest.mark.parametrize(
    ("baseline", "current", "message"),
    [(101, 50, "Baseline score must be between 0 and 100"), (40, "30", "Current score")],
)
def test_change_rejects_scores_outside_the_instrument(baseline, current, message):
    with pytest.raises(ScoringError, match=message):
        change_from_baseline("odi", baseline, current)


def test_mcid_values_match_clinical_guide():
    assert (get_instrument("nprs").mcid_points, get_instrument("nprs").mcid_percent) == (2, 30)
    assert get_instrument("odi").mcid_points == 10
    assert (get_instrument("rmdq").mcid_points, get_instrument("rmdq").mcid_percent) == (5, 30)
    assert get_instrument("psfs").mcid_points == 2
    assert get_instrument("pseq").mcid_points == 7


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), True, "7"])
def test_change_from_a_non_number_is_a_scoring_error(bad):
    with pytest.raises(ScoringError, match="Baseline score must be"):
        change_from_baseline("nprs", bad, 3)

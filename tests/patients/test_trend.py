"""Trend chart geometry: the whole instrument range on y, time on x, the MCID line."""

from datetime import date

from patients.trend import build_trend_chart


def chart(values, **options):
    defaults = {"score_min": 0, "score_max": 10, "higher_is_worse": True, "mcid_points": 2}
    return build_trend_chart(values, **{**defaults, **options})


def test_y_spans_the_instrument_range_higher_scores_up():
    drawn = chart([(date(2026, 1, 1), 10), (date(2026, 2, 1), 0)])
    top, bottom = drawn.points
    assert top.y == drawn.top
    assert bottom.y == drawn.bottom
    assert [tick.label for tick in drawn.y_ticks] == ["0", "5", "10"]


def test_x_is_proportional_to_time():
    drawn = chart([(date(2026, 1, 1), 5), (date(2026, 1, 11), 5), (date(2026, 1, 31), 5)])
    first, middle, last = drawn.points
    assert first.x == drawn.left
    assert last.x == drawn.right
    assert round((middle.x - first.x) / (last.x - first.x), 3) == round(10 / 30, 3)


def test_one_result_sits_in_the_middle_with_one_date_label():
    drawn = chart([(date(2026, 1, 1), 7)])
    assert drawn.points[0].x == (drawn.left + drawn.right) / 2
    assert [tick.label for tick in drawn.x_ticks] == ["Jan 1, 2026"]


def test_results_on_one_day_are_spread_out():
    drawn = chart([(date(2026, 1, 1), 7), (date(2026, 1, 1), 6)])
    assert drawn.points[0].x == drawn.left
    assert drawn.points[1].x == drawn.right


def test_mcid_line_below_baseline_when_lower_is_better():
    drawn = chart([(date(2026, 1, 1), 7), (date(2026, 2, 1), 4)])
    expected = chart([(date(2026, 1, 1), 5)], mcid_points=None).points[0].y
    assert drawn.target_y == expected  # 7 - 2 = 5


def test_mcid_line_above_baseline_when_higher_is_better():
    drawn = chart([(date(2026, 1, 1), 20)], score_max=60, higher_is_worse=False, mcid_points=7)
    reference = chart([(date(2026, 1, 1), 27)], score_max=60, mcid_points=None)
    assert drawn.target_y == reference.points[0].y


def test_no_mcid_line_outside_the_range_or_without_an_mcid():
    assert chart([(date(2026, 1, 1), 1)]).target_y is None  # 1 - 2 < 0
    assert chart([(date(2026, 1, 1), 7)], mcid_points=None).target_y is None


def test_polyline_lists_every_point():
    drawn = chart([(date(2026, 1, 1), 7), (date(2026, 2, 1), 4)])
    assert len(drawn.polyline.split()) == 2

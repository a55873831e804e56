"""The chart page draws each trend chart in Python (the trend_svg tag); the progress report
draws it with the template. Both must give the same SVG: the same elements, attributes and
text, whatever the scores and dates."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from patients import scoring
from patients.models import OutcomeResult
from patients.selectors import outcome_summary


def summary_of(key, scores):
    """As patients.selectors.outcome_summaries builds it, for ((day, score), ...) oldest first."""
    results = [
        OutcomeResult(
            instrument_key=key,
            score=Decimal(score),
            taken_at=timezone.make_aware(datetime.combine(day, time(10))),
        )
        for day, score in scores
    ]
    return outcome_summary(scoring.INSTRUMENTS[key], results)


def drawn_both_ways(summary):
    by_tag = Template("{% load trend_charts %}{% trend_svg summary %}").render(
        Context({"summary": summary})
    )
    by_template = get_template("patients/includes/trend_svg.html").render(
        {"summary": summary, "chart": summary.chart, "key": summary.instrument.key}
    )
    return by_tag, by_template


def markup(svg):
    # Whitespace between SVG elements is not drawn or read out.
    return re.sub(r">\s+<", "><", svg.strip())


def test_a_trend_with_an_mcid_line_is_drawn_as_the_template_draws_it():
    summary = summary_of("nprs", [(date(2026, 3, 2), "7"), (date(2026, 4, 13), "4")])
    by_tag, by_template = drawn_both_ways(summary)
    assert markup(by_tag) == markup(by_template)
    assert "from 7 on Mar 2, 2026 to 4 on Apr 13, 2026" in by_tag
    assert by_tag.count("<circle") == 2 and "<polyline" in by_tag and ">MCID</text>" in by_tag
    assert 'text-anchor="start">Mar 2, 2026</text>' in by_tag


def test_one_result_is_one_point_without_a_line():
    summary = summary_of("odi", [(date(2026, 3, 2), "42.5")])
    by_tag, by_template = drawn_both_ways(summary)
    assert markup(by_tag) == markup(by_template)
    assert "1 result, from 42.5" in by_tag
    assert "<polyline" not in by_tag and 'text-anchor="middle"' in by_tag


@settings(max_examples=60, deadline=None)
@given(
    key=st.sampled_from(sorted(scoring.INSTRUMENTS)),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    steps=st.lists(
        st.tuples(st.integers(min_value=0, max_value=400), st.integers(0, 1000)),
        min_size=1,
        max_size=6,
    ),
)
def test_any_trend_is_drawn_as_the_template_draws_it(key, start, steps):
    instrument = scoring.INSTRUMENTS[key]
    span = Decimal(str(instrument.score_max)) - Decimal(str(instrument.score_min))
    day = start
    scores = []
    for gap, per_mille in steps:
        day += timedelta(days=gap)
        score = Decimal(str(instrument.score_min)) + span * per_mille / 1000
        scores.append((day, str(score.quantize(Decimal("0.1")))))
    by_tag, by_template = drawn_both_ways(summary_of(key, scores))
    assert markup(by_tag) == markup(by_template)

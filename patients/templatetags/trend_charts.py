"""The trend chart of one outcome measure (geometry: patients.trend) as SVG, drawn in Python.

The chart page shows one chart per measure, and the template that draws one
(patients/includes/trend_svg.html, which the progress report PDF uses) prints some seventy
numbers through the template engine: about a millisecond a chart. This draws the same
elements, attributes and text with format strings; tests/patients/test_trend.py holds the
two to the same markup.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

SVG = (
    '<svg class="trend" viewBox="0 0 {width} {height}" role="img" '
    'aria-labelledby="trend-{key}-title trend-{key}-desc" focusable="false">\n'
    '<title id="trend-{key}-title">{name} trend</title>\n'
    '<desc id="trend-{key}-desc">{count} result{plural}, from {baseline} on {baseline_on} to '
    "{latest} on {latest_on}. {direction}. The table beside the chart lists every result."
    "</desc>\n{body}</svg>"
)
# The print font first (static/fonts/), as in trend_svg.html.
FONT = 'font-family="DejaVu Sans Latin, DejaVu Sans, sans-serif"'
LABEL = f'fill="#4a5868" font-size="11" {FONT}'
GRID_LINE = (
    '<line class="trend__grid" stroke="#d6dde4" stroke-width="1" x1="{left}" x2="{right}" '
    'y1="{y}" y2="{y}"></line>\n'
    f'<text class="trend__label" {LABEL} x="{{label_x}}" y="{{y}}" text-anchor="end" '
    'dominant-baseline="middle">{label}</text>\n'
)
TARGET_LINE = (
    '<line class="trend__target" stroke="#176c31" stroke-width="1.5" x1="{left}" x2="{right}" '
    'y1="{y}" y2="{y}" stroke-dasharray="5 4"></line>\n'
    '<text class="trend__target-label" fill="#176c31" font-size="11" font-weight="600" '
    f'{FONT} x="{{label_x}}" y="{{y}}" dominant-baseline="middle">'
    "MCID</text>\n"
)
POLYLINE = (
    '<polyline class="trend__line" points="{points}" fill="none" stroke="#0b6166" '
    'stroke-width="2.5" stroke-linejoin="round"></polyline>\n'
)
POINT = (
    '<circle class="trend__point" fill="#ffffff" stroke="#0b6166" stroke-width="2.5" '
    'cx="{x}" cy="{y}" r="4.5"></circle>\n'
)
DATE_LABEL = (
    f'<text class="trend__label" {LABEL} x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">'
    "{label}</text>\n"
)


def _anchor(index, count):
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


@register.simple_tag
def trend_svg(summary):
    """The trend chart of a patients.selectors.OutcomeSummary."""
    chart = summary.chart
    # Numbers print as the template prints them with localization off: str(); the
    # template's |add: works on int().
    parts = [
        GRID_LINE.format(
            left=chart.left,
            right=chart.right,
            y=tick.position,
            label_x=int(chart.left) - 6,
            label=conditional_escape(tick.label),
        )
        for tick in chart.y_ticks
    ]
    if chart.target_y is not None:
        parts.append(
            TARGET_LINE.format(
                left=chart.left, right=chart.right, y=chart.target_y, label_x=int(chart.right) + 6
            )
        )
    if len(chart.points) > 1:
        parts.append(POLYLINE.format(points=conditional_escape(chart.polyline)))
    parts += [POINT.format(x=point.x, y=point.y) for point in chart.points]
    count = len(chart.x_ticks)
    parts += [
        DATE_LABEL.format(
            x=tick.position,
            y=int(chart.bottom) + 18,
            anchor=_anchor(index, count),
            label=conditional_escape(tick.label),
        )
        for index, tick in enumerate(chart.x_ticks)
    ]
    results = len(summary.results)
    # Every value from the summary is escaped or a number.
    return mark_safe(
        SVG.format(
            width=chart.width,
            height=chart.height,
            key=conditional_escape(summary.instrument.key),
            name=conditional_escape(summary.instrument.name),
            count=results,
            plural="" if results == 1 else "s",
            baseline=conditional_escape(summary.baseline.score_display),
            baseline_on=conditional_escape(summary.baseline.taken_on_text),
            latest=conditional_escape(summary.latest.score_display),
            latest_on=conditional_escape(summary.latest.taken_on_text),
            direction=conditional_escape(summary.direction),
            body="".join(parts),
        )
    )

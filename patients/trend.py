"""Geometry of the server-rendered SVG trend chart of one outcome measure. Pure Python.

Coordinates are rounded to 0.1 so the template prints them as they are.

The template draws what this computes: the y axis always spans the instrument's whole
range (an honest picture, not a zoomed one), x is proportional to time, and a dashed line
marks the score that would meet the MCID from the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 360
HEIGHT = 180
# Room for the tick labels left of and below the plot, and the MCID label to its right.
LEFT, RIGHT, TOP, BOTTOM = 40, 46, 12, 30


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    on: date
    value: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[ChartPoint, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    target_y: float | None

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


def _number(value: float) -> str:
    return f"{value:g}"


def _short_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def build_trend_chart(
    values: Sequence[tuple[date, float]],
    *,
    score_min: float,
    score_max: float,
    higher_is_worse: bool,
    mcid_points: float | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> TrendChart:
    """Place `values` ((date, score), oldest first) on a width x height canvas."""
    left, right, top, bottom = LEFT, width - RIGHT, TOP, height - BOTTOM
    span = (score_max - score_min) or 1

    def y_of(value: float) -> float:
        clipped = min(max(value, score_min), score_max)
        return bottom - (clipped - score_min) / span * (bottom - top)

    days = [day for day, _ in values]
    first, last = (min(days), max(days)) if days else (None, None)
    total_days = (last - first).days if first and last else 0

    points = []
    for index, (day, value) in enumerate(values):
        if total_days:
            fraction = (day - first).days / total_days
        elif len(values) > 1:
            fraction = index / (len(values) - 1)  # all on one day: spread them evenly
        else:
            fraction = 0.5
        x = left + fraction * (right - left)
        points.append(ChartPoint(x=round(x, 1), y=round(y_of(value), 1), on=day, value=value))

    middle = score_min + span / 2
    middle = round(middle) if span >= 4 else middle
    y_ticks = tuple(Tick(round(y_of(v), 1), _number(v)) for v in (score_min, middle, score_max))
    x_ticks: tuple[Tick, ...] = ()
    if points:
        x_ticks = (Tick(points[0].x, _short_date(points[0].on)),)
        if len(points) > 1 and points[-1].on != points[0].on:
            x_ticks += (Tick(points[-1].x, _short_date(points[-1].on)),)

    target_y = None
    if mcid_points is not None and values:
        baseline = values[0][1]
        target = baseline - mcid_points if higher_is_worse else baseline + mcid_points
        if score_min <= target <= score_max:
            target_y = round(y_of(target), 1)

    return TrendChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=tuple(points),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        target_y=target_y,
    )

"""Inline the app's own exercise drawings into documents (SVG made by exercises.pictures)."""

from django import template
from django.utils.safestring import mark_safe

from exercises.pictures import render_exercise_pair_svg, render_exercise_svg

register = template.Library()


@register.simple_tag
def exercise_svg(exercise, phase="pair"):
    # Our own renderer's output: no scripts, styles or external references (tests/pictures).
    if phase == "pair":
        return mark_safe(render_exercise_pair_svg(exercise.slug))
    return mark_safe(render_exercise_svg(exercise.slug, phase))

"""An exercise's picture on pages and in documents, and our drawings inlined as SVG."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exercises.links import exercise_url
from exercises.pictures import render_exercise_pair_svg, render_exercise_svg

register = template.Library()

PHOTO = '<img class="exercise-picture exercise-picture--photo" src="{}" alt="{}"{}>'
LAZY = mark_safe(' loading="lazy"')


@register.simple_tag
def exercise_svg(exercise, phase="pair"):
    # Our own renderer's output: no scripts, styles or external references (tests/pictures).
    if phase == "pair":
        return mark_safe(render_exercise_pair_svg(exercise.slug))
    return mark_safe(render_exercise_svg(exercise.slug, phase))


def _photo(image, for_print):
    if for_print:  # the document fetcher reads /media/ paths from disk
        return format_html(PHOTO, image.image.url, image.description, "")
    return format_html(PHOTO, exercise_url("exercises:image", image.pk), image.description, LAZY)


@register.simple_tag
def exercise_picture(exercise, phase="pair", for_print=False):
    """The one place an exercise's picture is drawn, on pages and in PDFs alike.

    Order: a photo the clinic prefers to the drawing; the drawing; any photo; the
    category icon. Uses the photos a list loaded or prefetched (`photos`). In documents
    (`for_print`) drawings are inlined as SVG and photos linked as /media/ paths.
    """
    phase = phase or "pair"
    if preferred := exercise.preferred_photo:
        return _photo(preferred, for_print)
    if exercise.has_drawing:
        if for_print:
            return format_html(
                '<div class="exercise-drawing">{}</div>', exercise_svg(exercise, phase)
            )
        return format_html(
            '<img class="exercise-picture exercise-picture--drawing exercise-picture--{}"'
            ' src="{}" alt="{}: start and end positions. {}" loading="lazy">',
            phase,
            exercise_url("exercises:drawing", exercise.pk, phase),
            exercise.name,
            exercise.what_moves,
        )
    if image := next(iter(exercise.photos), None):
        return _photo(image, for_print)
    return format_html(
        '<img class="exercise-picture exercise-picture--icon" src="{}" alt="{}"'
        ' width="96" height="96">',
        exercise.category_icon_url,
        exercise.category_label if for_print else "",
    )

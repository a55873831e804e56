"""One result of the exercise library list: picture, name, default dosage, badges, favourite.

Python rather than template markup: a page of results draws twenty of these, and the
template engine spent more time on them than the search took (bench/bench_exercises.py).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exercises.templatetags.exercise_pictures import exercise_picture
from exercises.templatetags.favourites import favourite_button

register = template.Library()

RESULT = """
    <li class="exercise-item{}">
      <div class="exercise-item__picture">{}</div>
      <div class="exercise-item__body">
        <h2 class="exercise-item__name"><a href="{}">{}</a></h2>
        <p class="exercise-item__dosage">{}</p>
        <p class="exercise-item__meta">
          <span class="badge">{}</span>
          <span class="badge">{}</span>
          {}
          {}
        </p>
      </div>
      {}
    </li>"""
ARCHIVED_ITEM = mark_safe(" exercise-item--archived")
CLINICS_OWN = mark_safe('<span class="badge badge--ok">Clinic\'s own</span>')
ARCHIVED = mark_safe('<span class="badge badge--warn">Archived</span>')
ACTIONS = '<div class="exercise-item__actions">{}</div>'


@register.simple_tag(takes_context=True)
def exercise_result(context, exercise):
    """The list item of one result; therapists also get the favourite button."""
    user = context.get("user")
    return format_html(
        RESULT,
        ARCHIVED_ITEM if exercise.archived else "",
        exercise_picture(exercise),
        exercise.get_absolute_url(),
        exercise.name,
        exercise.dosage_text,
        exercise.category_label,
        exercise.pattern_label,
        CLINICS_OWN if exercise.clinic_id else "",
        ARCHIVED if exercise.archived else "",
        format_html(ACTIONS, favourite_button(context, exercise))
        if user is not None and user.is_therapist
        else "",
    )

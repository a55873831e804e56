"""The results of the exercise library list: picture, name, default dosage, badges, favourite.

Python rather than template markup, and one tag for the whole page: the template engine
drawing twenty results, or a tag per result that asked again for the user, the CSRF token
and the page's address, took longer than the search itself (bench/bench_exercises.py).
Every value is escaped as format_html() would escape it (favourites.escaped).
"""

from django import template
from django.utils.safestring import mark_safe

from exercises.templatetags.exercise_pictures import exercise_picture
from exercises.templatetags.favourites import escaped, favourite_form, form_inputs

register = template.Library()

# Each result ends with the indentation of the list's next line.
RESULT = """
    <li class="exercise-item{archived_item}">
      <div class="exercise-item__picture">{picture}</div>
      <div class="exercise-item__body">
        <h2 class="exercise-item__name"><a href="{url}">{name}</a></h2>
        <p class="exercise-item__dosage">{dosage}</p>
        <p class="exercise-item__meta">
          <span class="badge">{category}</span>
          <span class="badge">{pattern}</span>
          {clinics_own}
          {archived}
        </p>
      </div>
      {actions}
    </li>
    """
ARCHIVED_ITEM = " exercise-item--archived"
CLINICS_OWN = '<span class="badge badge--ok">Clinic\'s own</span>'
ARCHIVED = '<span class="badge badge--warn">Archived</span>'
ACTIONS = '<div class="exercise-item__actions">{}</div>'


def _result(exercise, favourite_inputs) -> str:
    archived = exercise.archived
    return RESULT.format(
        archived_item=ARCHIVED_ITEM if archived else "",
        picture=escaped(exercise_picture(exercise)),
        url=escaped(exercise.get_absolute_url()),
        name=escaped(exercise.name),
        dosage=escaped(exercise.dosage_text),
        category=escaped(exercise.category_label),
        pattern=escaped(exercise.pattern_label),
        clinics_own=CLINICS_OWN if exercise.clinic_id else "",
        archived=ARCHIVED if archived else "",
        actions=""
        if favourite_inputs is None
        else ACTIONS.format(favourite_form(exercise, favourite_inputs)),
    )


@register.simple_tag(takes_context=True)
def exercise_results(context, exercises):
    """The list items of a page of results; therapists also get the favourite buttons."""
    user = context.get("user")
    favourite_inputs = form_inputs(context) if user is not None and user.is_therapist else None
    # Every value is escaped in _result().
    return mark_safe("".join(_result(exercise, favourite_inputs) for exercise in exercises))

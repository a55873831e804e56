"""Template filters for plans: a week's dose in words, dictionary look-up."""

from django import template

from plans import progression

register = template.Library()


@register.filter
def format_dose(week_dose):
    return progression.format_dose(week_dose)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def patient_plans(patient):
    """The patient's current plans (the newest version of each), for the chart (one query)."""
    return list(
        patient.plans.filter(next_version__isnull=True)
        .select_related("therapist")
        .order_by("-episode_start")
    )

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
    """The patient's current plans (the newest version of each), for the chart, each with
    `progress_report` (rules.ProgressReportState). A constant number of queries."""
    from plans.selectors import progress_report_states

    plans = list(
        patient.plans.filter(next_version__isnull=True)
        .select_related("therapist")
        .order_by("-episode_start")
    )
    states = progress_report_states(patient, plans) if plans else {}
    for plan in plans:
        plan.progress_report = states[plan.pk]
    return plans

"""Template tags for plans: a week's dose in words, a builder row's controls, the chart's
plan card."""

from django import template
from django.utils.html import format_html

from plans import progression

register = template.Library()

# A builder row's move and remove buttons: one form (move) whose Remove button posts to its
# own address (formaction; hx-post for htmx), so a row renders one form and one CSRF token,
# not two. Written here once rather than as template markup because it is drawn for every
# row of every section: a format string costs a fraction of the template nodes it replaces.
ROW_CONTROLS = """<div class="row-controls">
  <form method="post" action="{url}move/" hx-post="{url}move/" hx-target="closest section" \
hx-swap="outerHTML">
    {csrf}<input type="hidden" name="revision" value="{revision}">
    <button type="submit" name="direction" value="up" class="icon-button" id="move--1-{key}" \
aria-label="Move {label} up">↑</button>
    <button type="submit" name="direction" value="down" class="icon-button" id="move-1-{key}" \
aria-label="Move {label} down">↓</button>
    <button type="submit" formaction="{url}remove/" hx-post="{url}remove/" \
class="icon-button icon-button--danger row-controls__remove" aria-label="Remove {label}">\
Remove</button>
  </form>
</div>"""
CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


@register.filter
def format_dose(week_dose):
    return progression.format_dose(week_dose)


@register.simple_tag(takes_context=True)
def row_controls(context, row):
    """The move and remove buttons of a builder row (a dict of plans.views.builder_context:
    its url, key and label), with the page's CSRF token and plan revision."""
    csrf_value = context.get("csrf_token")
    # As {% csrf_token %}: no input when the request has no token.
    csrf = ""
    if csrf_value and csrf_value != "NOTPROVIDED":
        csrf = format_html(CSRF_INPUT, csrf_value)
    return format_html(
        ROW_CONTROLS,
        url=row["url"],
        csrf=csrf,
        revision=context.get("revision", ""),
        key=row["key"],
        label=row["label"],
    )


@register.simple_tag
def patient_plans(patient):
    """The patient's current plans (the newest version of each), for the chart, each with
    `progress_report` (rules.ProgressReportState). A constant number of queries: the plan
    versions are the ones the chart's timeline read already."""
    from plans.selectors import current_plans, patient_plan_versions, progress_report_states

    versions = patient_plan_versions(patient)
    plans = current_plans(versions)
    states = progress_report_states(patient, plans, versions) if plans else {}
    for plan in plans:
        plan.progress_report = states[plan.pk]
    return plans

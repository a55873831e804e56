"""Template tags for plans: a week's dose in words, a builder row's controls, a form
field drawn without the form templates, the chart's plan card."""

from django import forms, template
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from plans import progression

register = template.Library()

# A builder row's move and remove buttons: one form (move) whose Remove button posts to its
# own address (formaction; hx-post for htmx), so a row renders one form and one CSRF token,
# not two. Written here once rather than as template markup because it is drawn for every
# row of every section: a format string costs a fraction of the template nodes it replaces.
ROW_CONTROLS = """<div class="row-controls">
  <form method="post" action="{url}move/" hx-post="{url}move/" hx-target="closest section" \
hx-swap="outerHTML">
    {hidden}
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
REVISION_INPUT = '<input type="hidden" name="revision" value="{}">'

# An exercise row of the builder whose editor is closed (every row but the one being
# edited), as the partial plans/builder.html#exercise-row draws it, in one format string:
# the exercise list is the longest part of the page, and the partial's template nodes cost
# several times this for each row. tests/plans/test_templatetags.py checks that both draw
# the same markup.
EXERCISE_ROW = """<li class="plan-row plan-row--stacked" id="{key}" data-item-id="{pk}"{draggable}>
  <div class="plan-row__main">
    {picture}
    <span class="plan-row__title">{label}{in_clinic}</span>
    <span class="dose">{summary}</span>
    {controls}
  </div>
  <details class="row-editor">
    <summary>{summary_label}</summary>
    {body}
  </details>
</li>"""
PICTURE = '<img class="plan-row__picture" src="{}" alt="" width="160" height="60" loading="lazy">'
IN_CLINIC = ' <span class="badge">In clinic</span>'
# The closed editor: its form loads when opened (plans/builder.html#row-editor); read-only,
# the weeks do.
CLOSED_EDITOR = (
    '<div class="row-editor__body" hx-get="{url}" hx-trigger="toggle from:closest details once" '
    'hx-swap="innerHTML"><a href="{url}">Open the form</a></div>'
)
CLOSED_SCHEDULE = (
    '<div class="row-editor__body" hx-get="{url}schedule/" hx-trigger="toggle from:closest '
    'details once" hx-swap="innerHTML"><a href="{url}schedule/">Show the weeks</a></div>'
)


@register.filter
def format_dose(week_dose):
    return progression.format_dose(week_dose)


def _hidden_inputs(context):
    """The CSRF token and plan revision that every row's form posts: the same for all the
    rows of a page, so drawn once per render."""
    csrf_value = context.get("csrf_token")
    revision = context.get("revision", "")
    cached = context.render_context.get(_hidden_inputs)
    if cached is not None and cached[0] == (csrf_value, revision):
        return cached[1]
    # As {% csrf_token %}: no input when the request has no token.
    csrf = ""
    if csrf_value and csrf_value != "NOTPROVIDED":
        csrf = format_html(CSRF_INPUT, csrf_value)
    hidden = csrf + format_html(REVISION_INPUT, revision)
    context.render_context[_hidden_inputs] = ((csrf_value, revision), hidden)
    return hidden


def _row_controls(context, *, url, key, label):
    """ROW_CONTROLS with url, key and label already escaped."""
    return ROW_CONTROLS.format(url=url, hidden=_hidden_inputs(context), key=key, label=label)


@register.simple_tag(takes_context=True)
def row_controls(context, row):
    """The move and remove buttons of a builder row (a dict of plans.views.builder_context:
    its url, key and label), with the page's CSRF token and plan revision."""
    # The row's values are escaped here, the hidden inputs by format_html.
    return mark_safe(
        _row_controls(
            context,
            url=conditional_escape(row["url"]),
            key=conditional_escape(row["key"]),
            label=conditional_escape(row["label"]),
        )
    )


@register.simple_tag(takes_context=True)
def exercise_row(context, row):
    """An exercise row of the builder with its editor closed, as the partial
    plans/builder.html#exercise-row draws it (the page's `editable` decides the controls)."""
    editable = context.get("editable")
    url = conditional_escape(row["url"])
    key = conditional_escape(row["key"])
    label = conditional_escape(row["label"])
    picture = row["picture"]
    # Every value from the row is escaped (the id is an int), the hidden inputs by format_html.
    return mark_safe(
        EXERCISE_ROW.format(
            key=key,
            pk=int(row["item"].pk),
            draggable=' draggable="true"' if editable else "",
            picture=PICTURE.format(conditional_escape(picture)) if picture else "",
            label=label,
            in_clinic="" if row["item"].home else IN_CLINIC,
            summary=conditional_escape(row["summary"]),
            controls=_row_controls(context, url=url, key=key, label=label) if editable else "",
            summary_label="Dose and progression" if editable else "Week by week",
            body=(CLOSED_EDITOR if editable else CLOSED_SCHEDULE).format(url=url),
        )
    )


# field.as_field_group's markup (django/forms/field.html, label.html, errors/list/ul.html,
# widgets/input.html and attrs.html) for a labelled <input>, blank lines included.
FIELD_GROUP = "{label}\n\n{help}\n{errors}\n{input}"


def _attribute(name, value):
    # As attrs.html: a True value is a bare name; values are printed with
    # stringformat:"s", so escaped even when they are marked safe.
    return (
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, escape(value))
    )


@register.simple_tag
def input_field_group(field):
    """`{{ field.as_field_group }}` for a labelled <input> field (text, date, number...):
    the same markup, written out here. The form templates (label, errors, the widget and
    its attributes) cost about a millisecond a field, on a page opened all day. Any other
    field, or a form that styles its rows, is drawn by as_field_group itself."""
    widget = field.field.widget
    form = field.form
    if (
        not isinstance(widget, forms.widgets.Input)
        or widget.is_hidden
        or field.use_fieldset
        or not field.label
        or not field.auto_id
        or "id" in widget.attrs
        or field.field.template_name
        or field.field.localize
        or field.field.show_hidden_initial
        or field.field.label_suffix is not None
        or getattr(form, "required_css_class", None)
        or getattr(form, "error_css_class", None)
    ):
        return field.as_field_group()
    label = field.label
    if form.label_suffix and label[-1] not in ":?.!":
        label = format_html("{}{}", label, form.label_suffix)
    help_text = ""
    if field.help_text:
        # Not escaped, as in field.html (|safe): help texts are written in our forms.
        help_text = format_html(
            '<div class="helptext" id="{}_helptext">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<ul class="{}" id="{}_error">{}</ul>',
            field.errors.error_class,
            field.auto_id,
            format_html_join("", "<li>{}</li>", ((error,) for error in field.errors)),
        )
    attrs = field.build_widget_attrs({}, widget)
    attrs["id"] = field.auto_id
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    attributes = [
        _attribute(name, value) for name, value in context["attrs"].items() if value is not False
    ]
    if context["value"] is not None:
        attributes.insert(0, _attribute("value", context["value"]))
    return format_html(
        FIELD_GROUP,
        label=format_html('<label for="{}">{}</label>', widget.id_for_label(field.auto_id), label),
        help=help_text,
        errors=errors,
        input=format_html(
            '<input type="{}" name="{}"{}>',
            context["type"],
            context["name"],
            format_html_join("", "{}", ((attribute,) for attribute in attributes)),
        ),
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

"""The favourite button of an exercise (the detail page, each result of the list, htmx)."""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A constant of ours: nothing typed by a user.
STAR = mark_safe(
    '<svg class="favourite__star" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"'
    ' focusable="false"><path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7'
    ' 1-5.8-4.3-4.1 5.9-.9z"/></svg>'
)
FORM = (
    '<form id="favourite-{pk}" class="favourite" method="post" action="{url}" hx-post="{url}"'
    ' hx-target="this" hx-swap="outerHTML">\n'
    "  {token}\n  {next}\n"
    '  <button type="submit" class="favourite__button" aria-pressed="{pressed}">\n'
    "    {star}\n"
    '    <span>Favourite</span><span class="visually-hidden"> {name}</span>\n'
    "  </button>\n</form>"
)


def escaped(value) -> str:
    """What format_html() puts in for `value`: safe HTML as it is, anything else escaped.

    The same as conditional_escape() without its checks for lazy strings on every call;
    a page of results escapes a few hundred values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def form_inputs(context) -> tuple[str, str]:
    """The form's hidden inputs, the same for every button of a page: the CSRF token (what
    {% csrf_token %} prints) and where the view goes back to without JavaScript."""
    token = context.get("csrf_token")
    next_url = context.get("next_url")
    token_input = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">'
        if token and token != "NOTPROVIDED"  # noqa: S105 (Django's "no token" marker)
        else ""
    )
    next_input = (
        f'<input type="hidden" name="next" value="{escaped(next_url)}">' if next_url else ""
    )
    return token_input, next_input


def favourite_form(exercise, inputs: tuple[str, str]) -> SafeString:
    """A form that toggles the favourite: htmx swaps in the new button, without JavaScript
    the view goes back to `next_url`."""
    token_input, next_input = inputs
    url = escaped(exercise.favourite_url)
    # Every value is escaped (the inputs by form_inputs).
    return mark_safe(
        FORM.format(
            pk=escaped(exercise.pk),
            url=url,
            token=token_input,
            next=next_input,
            pressed="true" if exercise.is_favourite else "false",
            star=STAR,
            name=escaped(exercise.name),
        )
    )


@register.simple_tag(takes_context=True)
def favourite_button(context, exercise):
    """The favourite button of one exercise (a list of results draws its buttons with
    favourite_form(), working out the inputs once)."""
    return favourite_form(exercise, form_inputs(context))

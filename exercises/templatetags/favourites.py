"""The favourite button of an exercise (the detail page, each result of the list, htmx)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A constant of ours: nothing typed by a user.
STAR = mark_safe(
    '<svg class="favourite__star" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"'
    ' focusable="false"><path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7'
    ' 1-5.8-4.3-4.1 5.9-.9z"/></svg>'
)


@register.simple_tag(takes_context=True)
def favourite_button(context, exercise):
    """A form that toggles the favourite: htmx swaps in the new button, without JavaScript
    the view goes back to `next_url`. Python rather than an include: a page of results
    draws twenty of these."""
    token = context.get("csrf_token")  # what {% csrf_token %} prints
    next_url = context.get("next_url")
    url = exercise.favourite_url
    return format_html(
        '<form id="favourite-{}" class="favourite" method="post" action="{}" hx-post="{}"'
        ' hx-target="this" hx-swap="outerHTML">\n'
        "  {}\n  {}\n"
        '  <button type="submit" class="favourite__button" aria-pressed="{}">\n'
        "    {}\n"
        '    <span>Favourite</span><span class="visually-hidden"> {}</span>\n'
        "  </button>\n</form>",
        exercise.pk,
        url,
        url,
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"  # noqa: S105 (Django's "no token" marker)
        else "",
        format_html('<input type="hidden" name="next" value="{}">', next_url) if next_url else "",
        "true" if exercise.is_favourite else "false",
        STAR,
        exercise.name,
    )

"""Template helpers for handouts: stored HTML is sanitised once more on its way to the page."""

from django import template
from django.utils.safestring import mark_safe

from education.markup import sanitize_html

register = template.Library()


@register.filter
def handout_html(html: str) -> str:
    """Author-written HTML, through the allow-list again before it is shown or printed."""
    # Safe to mark: nh3 has just removed everything outside the allow-list.
    return mark_safe(sanitize_html(html))

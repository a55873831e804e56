"""Exercise URLs for long lists: reverse() once per URL name, each row's pk put in.

A page of 20 results needs 60 URLs (the exercise, its picture, its favourite button);
reverse() resolves the pattern every time. The result of reversing with a marker pk is
kept per URL name, script prefix and URLconf, so each row costs a string join.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# Any id reverse() accepts; it stands for the row's pk in the reversed URL.
PK_MARKER = 987654321987


@functools.cache
def _url_parts(name: str, extra: tuple, script_prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(name, args=[PK_MARKER, *extra], urlconf=urlconf)
    before, marker, after = url.partition(str(PK_MARKER))
    if not marker or str(PK_MARKER) in after:
        raise ValueError(f"Cannot build {name} URLs from {url}")
    return before, after


def exercise_url(name: str, pk: int, *extra: str) -> str:
    """The same as reverse(name, args=[pk, *extra])."""
    before, after = _url_parts(name, extra, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"

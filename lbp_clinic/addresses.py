"""URLs of named routes for pages that show many of them: reverse() once per route.

reverse() resolves the pattern on every call (20-80 µs here); the plan builder needs about
30 URLs and a page of exercises 60. The routes do not change while a process runs, so the
result of reversing with a marker id is kept per route, script prefix and URLconf, and each
object's URL costs a string join.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# Any id reverse() accepts; it stands for the object's pk in the reversed URL.
PK_MARKER = 987654321987


@functools.cache
def _url_parts(name: str, extra: tuple, script_prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(name, args=[PK_MARKER, *extra], urlconf=urlconf)
    before, marker, after = url.partition(str(PK_MARKER))
    if not marker or str(PK_MARKER) in after:
        raise ValueError(f"Cannot build {name} URLs from {url}")
    return before, after


@functools.cache
def _address(name: str, script_prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def object_url(name: str, pk: int, *extra: str) -> str:
    """The same as reverse(name, args=[pk, *extra]). `extra` is part of the cache key: a
    fixed word of the route (a section's kind, a picture's phase), not another id."""
    before, after = _url_parts(name, extra, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"


def address(name: str) -> str:
    """The same as reverse(name) for a route without arguments."""
    return _address(name, get_script_prefix(), get_urlconf())

"""Walk the URLconf and build a concrete URL for every pattern (used by the access matrices)."""

import re
import uuid

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

SAMPLES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "uuid": str(uuid.UUID(int=1)),
    "path": "sample",
}
# Pages anyone may open: logging in, resetting a password, the health check.
PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}


def _concrete(route):
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
    return route.lstrip("^").rstrip("$").replace("\\", "")


def iter_urls(patterns=None, prefix="", namespace=""):
    """Yield (url_name, url, view_function) for every pattern outside the Django admin."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route == settings.ADMIN_URL_PATH:
                continue  # the admin is tested on its own (tests/test_admin_site.py)
            child_namespace = ":".join(filter(None, [namespace, entry.namespace]))
            yield from iter_urls(entry.url_patterns, prefix + route, child_namespace)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            yield name, "/" + _concrete(prefix + route), entry.callback


def private_urls():
    return [(name, url, view) for name, url, view in iter_urls() if name not in PUBLIC_URL_NAMES]


def url_parameters() -> dict[str, list[str]]:
    """{url name: [its parameter names]} for building real URLs with reverse(name, kwargs=...)."""
    from django.urls import get_resolver

    parameters = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                child = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry.url_patterns, prefix + route, child)
            elif entry.name:
                name = ":".join(filter(None, [namespace, entry.name]))
                parameters[name] = re.findall(r"<(?:\w+:)?(\w+)>", prefix + route)

    walk(get_resolver().url_patterns, "", "")
    return parameters

"""Request middleware: session lifetime, htmx-aware login redirects, database outages."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from lbp_clinic.signals import SESSION_STARTED_KEY
from lbp_clinic.views import database_unavailable


class SessionLifetimeMiddleware:
    """End a session that has lasted longer than the absolute lifetime, however active.

    The idle timeout is the session cookie's age, renewed on every request
    (SESSION_SAVE_EVERY_REQUEST); this adds the hard cap on top of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_LIFETIME_HOURS * 3600
            if started is None or time.time() - started > limit:
                logout(request)
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """When an htmx request meets the login redirect, send the whole page to login.

    Otherwise htmx would swap the login form into a small region of the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_path = resolve_url(settings.LOGIN_URL)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response.get("Location", "").startswith(login_path)
        ):
            return HttpResponseClientRedirect(response["Location"])
        return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers with the 503 page, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable(request)
        return None

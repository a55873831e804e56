"""Request middleware: session lifetime, htmx-aware login redirects, database outages."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from lbp_clinic.signals import SESSION_RENEWED_KEY, SESSION_STARTED_KEY
from lbp_clinic.views import database_unavailable

# How stale the stored session expiry may get before a request renews it. Writing the
# session on every request (SESSION_SAVE_EVERY_REQUEST) cost a transaction per page.
RENEW_AFTER_SECONDS = 60


class SessionLifetimeMiddleware:
    """The idle timeout and the absolute lifetime of a logged-in session.

    Idle timeout: the stored session expires SESSION_COOKIE_AGE after it was last saved.
    Activity renews it, at most once a minute (a save is a database write), so an idle
    session ends between 14 and 15 minutes after the last request, never later. The
    cookie is re-sent with the full age on every response; the stored expiry decides.
    Absolute lifetime: a session older than SESSION_ABSOLUTE_LIFETIME_HOURS ends however
    active it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        started = request.session.get(SESSION_STARTED_KEY)
        limit = settings.SESSION_ABSOLUTE_LIFETIME_HOURS * 3600
        if started is None or now - started > limit:
            logout(request)
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
        if now - request.session.get(SESSION_RENEWED_KEY, 0) >= RENEW_AFTER_SECONDS:
            # A changed session is saved by SessionMiddleware: new expiry, new cookie.
            request.session[SESSION_RENEWED_KEY] = int(now)
        response = self.get_response(request)
        self._refresh_cookie(request, response)
        return response

    @staticmethod
    def _refresh_cookie(request, response):
        """Keep the browser's cookie as long-lived as the session (SessionMiddleware sets
        it only when it saves the session)."""
        session = request.session
        if (
            session.modified
            or response.status_code >= 500
            or not request.user.is_authenticated
            or not session.session_key
        ):
            return
        response.set_cookie(
            settings.SESSION_COOKIE_NAME,
            session.session_key,
            max_age=settings.SESSION_COOKIE_AGE,
            domain=settings.SESSION_COOKIE_DOMAIN,
            path=settings.SESSION_COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE or None,
            httponly=settings.SESSION_COOKIE_HTTPONLY or None,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )


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

"""Dashboard, health check and the error pages."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lbp_clinic import selectors


def dashboard(request):
    user = request.user
    context = {"clinic": user.clinic}
    if user.clinic_id:
        context.update(selectors.dashboard_summary(user=user))
    return render(request, "lbp_clinic/dashboard.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (OperationalError, InterfaceError):
        return HttpResponse(
            "database unavailable\n",
            status=503,
            content_type="text/plain",
            headers={"Retry-After": "5"},
        )
    return HttpResponse("ok\n", content_type="text/plain")


def database_unavailable(request, exception=None):
    """The 503 page. Rendered without a request context: that would need the database."""
    html = loader.get_template("503.html").render()
    return HttpResponse(html, status=503, headers={"Retry-After": "10"})


def server_error(request):
    """500 handler; a lost database is a 503 with its own friendly page."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def _lost_database(exception) -> bool:
    """Whether the exception was caused, anywhere down its chain, by a lost database."""
    while exception is not None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def bad_request(request, exception=None):
    """400 handler. The database session backend reports a session it could not save as
    "deleted during the request" (a 400): when the database was lost, that is the 503."""
    if _lost_database(exception):
        return database_unavailable(request)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)

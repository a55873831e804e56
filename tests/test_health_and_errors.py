"""/healthz and the friendly error pages (SECURITY 21: a lost database is a 503 page)."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests.conftest import client_for


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not(client):
    with mock.patch("lbp_clinic.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_a_view_that_loses_the_database_shows_the_503_page(therapist):
    client = client_for(therapist)
    with mock.patch(
        "lbp_clinic.selectors.dashboard_summary", side_effect=OperationalError("server closed")
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    text = response.content.decode()
    assert "back in a moment" in text
    assert "server closed" not in text  # no traceback or error detail leaks out


def test_losing_the_database_in_middleware_is_a_503_too(therapist, rf):
    from lbp_clinic.views import server_error

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503


def test_losing_the_database_while_saving_the_session_is_a_503_not_a_400(therapist):
    # Found by `make loadtest`: with PostgreSQL stopped after the view ran, the session
    # backend turned the failed save into "session deleted" (SessionInterrupted, a 400).
    client = client_for(therapist)
    # Sessions are saved at most once a minute; this request is one that renews (saves) it.
    with (
        mock.patch("lbp_clinic.middleware.RENEW_AFTER_SECONDS", 0),
        mock.patch(
            "django.contrib.sessions.models.Session.save",
            side_effect=OperationalError("terminating connection due to administrator command"),
        ),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert "back in a moment" in response.content.decode()


def test_a_real_bad_request_is_still_a_400(rf):
    from django.core.exceptions import SuspiciousOperation

    from lbp_clinic.views import bad_request

    response = bad_request(rf.get("/"), SuspiciousOperation("bad"))
    assert response.status_code == 400


def test_unknown_page_is_a_friendly_404(therapist):
    response = client_for(therapist).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_forbidden_page_is_a_friendly_403(therapist):
    response = client_for(therapist).get("/staff/")
    assert response.status_code == 403
    assert "Your role cannot open this page" in response.content.decode()


def test_server_error_page_is_friendly(rf):
    from lbp_clinic.views import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "boom" not in response.content.decode()

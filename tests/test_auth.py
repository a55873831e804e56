"""SECURITY 5 and 7: log in by e-mail, lockout, idle and absolute session lifetime, logout."""

import time

import pytest
from django.conf import settings
from django.core import mail

from lbp_clinic.middleware import RENEW_AFTER_SECONDS
from lbp_clinic.signals import SESSION_RENEWED_KEY, SESSION_STARTED_KEY
from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def test_login_page_asks_for_email_and_password(client, db):
    html = client.get(LOGIN).content.decode()
    assert "E-mail address" in html
    assert 'type="password"' in html


def test_log_in_by_email_in_any_case(client, therapist):
    response = client.post(LOGIN, {"username": therapist.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Good to see you" in client.get("/").content.decode()


def test_wrong_password_says_so_and_keeps_the_email(client, therapist):
    response = client.post(LOGIN, {"username": therapist.email, "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in html
    assert f'value="{therapist.email}"' in html


def test_session_key_changes_at_login(client, therapist):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    assert client.session.session_key != before


def test_lockout_after_repeated_failures(client, therapist):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": therapist.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client, therapist, colleague):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": therapist.email, "password": "wrong"})
    response = client.post(LOGIN, {"username": colleague.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_idle_timeout_is_fifteen_minutes_and_renewed_on_each_request(client, therapist):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.cookies["sessionid"]["max-age"] == 15 * 60


def _stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_activity_renews_the_stored_expiry_at_most_once_a_minute(client, therapist):
    from django.utils import timezone

    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    at_login = _stored_expiry(client)
    response = client.get("/")
    # Within the minute: no session write, but the cookie still gets its full age.
    assert _stored_expiry(client) == at_login
    assert response.cookies["sessionid"]["max-age"] == 15 * 60
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time()) - RENEW_AFTER_SECONDS
    session.save()
    before = timezone.now()
    client.get("/")
    renewed = _stored_expiry(client)
    assert renewed >= before + timezone.timedelta(minutes=15)
    assert renewed <= timezone.now() + timezone.timedelta(minutes=15)


def test_the_stored_expiry_is_never_more_than_fifteen_minutes_away(client, therapist):
    from django.utils import timezone

    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    for _ in range(3):
        client.get("/")
        assert _stored_expiry(client) <= timezone.now() + timezone.timedelta(minutes=15)


def test_a_session_idle_since_its_last_renewal_is_sent_to_login(client, therapist):
    """Requests that did not renew the stored expiry do not keep the session alive."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    client.get("/")  # within the minute: not renewed
    # Fifteen minutes after the login's renewal, without another one.
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_expired_session_is_sent_to_login(client, therapist):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_absolute_lifetime_ends_even_an_active_session(client, therapist):
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    session = client.session
    session[SESSION_STARTED_KEY] = (
        int(time.time()) - settings.SESSION_ABSOLUTE_LIFETIME_HOURS * 3600 - 1
    )
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/").status_code == 302  # logged out for good


def test_logout_ends_the_session(client, therapist):
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_link(client, therapist):
    response = client.post("/accounts/password_reset/", {"email": therapist.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Reset your LBP Clinic password"


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post("/accounts/password_reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_requires_the_old_password(client, therapist):
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-password-1",
            "new_password2": "a-new-long-password-1",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


@pytest.mark.parametrize("password", ["short", "password123456", "12345678901234"])
def test_weak_passwords_are_refused(client, therapist, password):
    client.post(LOGIN, {"username": therapist.email, "password": TEST_PASSWORD})
    response = client.post(
        "/accounts/password_change/",
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()

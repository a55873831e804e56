"""SECURITY 6, 8, 9, 10: headers on every response and the production deploy check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dashboard(therapist):
    return client_for(therapist).get("/")


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_csp_allows_scripts_only_by_nonce(dashboard):
    policy = csp_directives(dashboard)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert any(source.startswith("'nonce-") for source in policy["script-src"])
    assert "'unsafe-inline'" not in policy.get("style-src", [])


def test_every_script_tag_carries_the_nonce_and_there_are_no_inline_styles(dashboard):
    nonce = re.search(r"'nonce-([^']+)'", dashboard["Content-Security-Policy"]).group(1)
    html = dashboard.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads htmx and app.js"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html


def test_htmx_is_served_by_us_and_configured_for_csp(dashboard):
    html = dashboard.content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2[^"]*\.js"', html)
    assert '"includeIndicatorStyles": false' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


@pytest.mark.django_db
def test_other_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_COOKIES",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "LBP_FAST_PASSWORD_HASHER",
        }
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="clinic.example.org",
        EMAIL_HOST="smtp.example.org",
        DJANGO_SETTINGS_MODULE="lbp_clinic.settings",
        **extra,
    )
    return env


def test_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookie_and_hsts_settings():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "True", "True"], result.stderr

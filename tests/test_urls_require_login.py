"""SECURITY 1: every URL but login, password reset, health and static needs a logged-in user."""

import pytest
from django.conf import settings

from tests.urlwalk import PUBLIC_URL_NAMES, iter_urls, private_urls


def test_the_walk_finds_the_pages_we_know():
    names = {name for name, _, _ in iter_urls()}
    assert {"dashboard", "staff:list", "staff:edit", "healthz", "login"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u, _ in private_urls()])
def test_anonymous_users_are_sent_to_login(client, name, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, f"{method.__name__.upper()} {url} ({name})"
        assert response["Location"].startswith("/accounts/login/"), name


@pytest.mark.django_db
def test_htmx_requests_are_sent_to_login_as_a_whole_page(client):
    response = client.get("/staff/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_URL_NAMES - {"password_reset_confirm"}))
def test_public_pages_open_without_login(client, name):
    from django.urls import reverse

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_the_admin_sends_anonymous_users_to_the_site_login(client):
    response = client.get("/" + settings.ADMIN_URL_PATH, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Log in" in response.content.decode()
    assert client.get("/admin/").status_code == 404  # not at the default path

"""SECURITY 2-3 for every handout URL: roles get what they may, other clinics get 404.

Generated from the URLconf: a new education URL without a row here fails the first test.
"""

import pytest
from django.urls import reverse

from education.models import Handout, HandoutVersion
from lbp_clinic.models import AuditEvent
from tests.conftest import client_for
from tests.urlwalk import private_urls

ADMIN_ONLY = {
    "create",
    "edit",
    "preview",
    "preview-new",
    "publish",
    "archive",
    "restore",
    "duplicate",
}
READ = {"list", "detail", "pdf", "history", "compare", "version", "version-pdf"}
# (name, method): GET pages, POST actions. Edit and preview are both.
ROUTES = [
    ("list", "get"),
    ("create", "get"),
    ("preview-new", "post"),
    ("detail", "get"),
    ("edit", "get"),
    ("edit", "post"),
    ("preview", "post"),
    ("publish", "post"),
    ("archive", "post"),
    ("restore", "post"),
    ("duplicate", "post"),
    ("pdf", "get"),
    ("history", "get"),
    ("compare", "get"),
    ("version", "get"),
    ("version-pdf", "get"),
]
OBJECT_ROUTES = [
    (name, method) for name, method in ROUTES if name not in {"list", "create", "preview-new"}
]


def url_for(name, handout):
    kwargs = {}
    if name not in {"list", "create", "preview-new"}:
        kwargs["handout_id"] = handout.pk
    if name in {"version", "version-pdf"}:
        kwargs["number"] = 1
    return reverse(f"education:{name}", kwargs=kwargs)


def test_every_education_url_is_in_the_matrix():
    names = {
        name.removeprefix("education:")
        for name, _, _ in private_urls()
        if name.startswith("education:")
    }
    assert names == ADMIN_ONLY | READ
    assert names == {name for name, _ in ROUTES}


@pytest.mark.parametrize(("name", "method"), ROUTES)
@pytest.mark.parametrize("role", ["therapist", "front_desk", "clinic_admin"])
def test_each_role_gets_what_it_may(request, role, name, method, north_handout):
    user = request.getfixturevalue(role)
    response = getattr(client_for(user), method)(url_for(name, north_handout), _body(name))
    allowed = role == "clinic_admin" or name in READ
    if allowed:
        assert response.status_code in (200, 302), f"{role} {method.upper()} {name}"
    else:
        assert response.status_code == 403, f"{role} {method.upper()} {name}"


@pytest.mark.parametrize(("name", "method"), OBJECT_ROUTES)
@pytest.mark.parametrize("who", ["outsider", "outsider_admin"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_another_clinic_gets_404_and_changes_nothing(
    request, who, name, method, htmx, north_handout
):
    before = _state()
    client = client_for(request.getfixturevalue(who))
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(url_for(name, north_handout), _body(name), headers=headers)
    expected = 403 if who == "outsider" and name in ADMIN_ONLY else 404
    assert response.status_code == expected, f"{who} {method.upper()} {name}"
    assert _state() == before
    assert b"North walking guide" not in response.content


@pytest.mark.parametrize("name", ["detail", "pdf", "history", "version", "duplicate"])
def test_the_shared_library_is_open_to_every_clinic(outsider_admin, shared_handout, name):
    method = "post" if name == "duplicate" else "get"
    response = getattr(client_for(outsider_admin), method)(url_for(name, shared_handout))
    assert response.status_code in (200, 302)


def _body(name):
    if name in {"edit", "preview", "preview-new", "create"}:
        return {
            "title": "Changed by someone",
            "topic": "pacing",
            "language": "en",
            "action": "save",
        }
    return {}


def _state():
    return (
        list(
            Handout.objects.order_by("pk").values_list(
                "pk", "title", "status", "revision", "updated_at"
            )
        ),
        HandoutVersion.objects.count(),
        AuditEvent.objects.filter(object_type="education.Handout").count(),
    )

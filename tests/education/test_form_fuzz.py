"""SECURITY 20 for the author form: any input gives a page or a redirect, never a 500, and
nothing typed is lost: saved as typed (tidied) or shown again next to its message."""

import html

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from education.forms import lines_of, one_line
from education.models import Handout
from tests.conftest import client_for

TEXT = st.text(max_size=400)
FIELDS = st.fixed_dictionaries(
    {
        "title": TEXT,
        "topic": st.sampled_from(["pain_science", "pacing", "", "nonsense"]),
        "language": st.sampled_from(["en", "es", "", "xx"]),
        "purpose": TEXT,
        "action_steps": st.lists(TEXT, max_size=12).map("\n".join),
        "body_markdown": st.one_of(TEXT, st.text(alphabet="#*_[]()<>!`>-\n 1.|\\&", max_size=600)),
        "summary": TEXT,
        "references": TEXT,
        "revision": st.sampled_from(["", "1", "-5", "x"]),
        "action": st.sampled_from(["save", "publish", "preview", "bogus"]),
    }
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def shown_again(page: str, value: str) -> bool:
    """Django escapes like html.escape; textareas drop one leading newline."""
    escaped = html.escape(value)
    return escaped in page or escaped.lstrip("\r\n") in page or not value.strip()


@FUZZ
@given(data=FIELDS)
def test_the_create_form_never_fails_and_loses_nothing(clinic_admin, data):
    client = client_for(clinic_admin)
    before = Handout.objects.count()
    response = client.post(reverse("education:create"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        handout = Handout.objects.order_by("-pk").first()
        assert Handout.objects.count() == before + 1
        assert handout.title == one_line(data["title"])
        assert handout.purpose == one_line(data["purpose"])
        assert handout.action_steps == lines_of(data["action_steps"])
        assert handout.summary == data["summary"].replace("\r\n", "\n").strip()
        assert handout.references == lines_of(data["references"])
        assert handout.body_markdown.strip() == data["body_markdown"].replace("\r\n", "\n").strip()
    else:
        page = response.content.decode()
        assert Handout.objects.count() == before
        for field in ("title", "purpose", "action_steps", "body_markdown", "summary", "references"):
            assert shown_again(page, data[field]), field


@FUZZ
@given(data=FIELDS)
def test_the_live_preview_never_fails(clinic_admin, data):
    client = client_for(clinic_admin)
    response = client.post(reverse("education:preview-new"), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="live-preview"' in response.content.decode()

"""The handout library: what each role sees, search by words, topic filter, query counts."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.education.factories import published_handout

LIST = reverse("education:list")


def titles(response):
    return [handout.shown_version.title for handout in response.context["handouts"]]


def test_staff_see_the_shared_library_and_their_clinics_handouts(
    therapist_client, shared_handout, north_handout, north_draft, south_handout
):
    response = therapist_client.get(LIST)
    assert response.status_code == 200
    assert set(titles(response)) == {"Sleep and your back", "North walking guide"}
    page = response.content.decode()
    assert "Shared library" in page
    assert "South secret guide" not in page
    assert "North draft on pacing" not in page  # drafts are for admins


def test_front_desk_reads_the_library_too(desk_client, shared_handout):
    response = desk_client.get(LIST)
    assert titles(response) == ["Sleep and your back"]
    assert "Write a handout" not in response.content.decode()


def test_admins_also_see_drafts_and_can_filter_by_status(
    admin_client_, shared_handout, north_handout, north_draft
):
    assert "North draft on pacing" in titles(admin_client_.get(LIST))
    assert titles(admin_client_.get(LIST, {"status": "draft"})) == ["North draft on pacing"]
    assert "Write a handout" in admin_client_.get(LIST).content.decode()


def test_archived_handouts_leave_the_list(admin_client_, therapist_client, north_handout):
    admin_client_.post(reverse("education:archive", args=[north_handout.pk]))
    assert "North walking guide" not in titles(therapist_client.get(LIST))
    assert "North walking guide" not in titles(admin_client_.get(LIST))
    assert titles(admin_client_.get(LIST, {"status": "archived"})) == ["North walking guide"]


def test_search_finds_words_in_the_text(therapist_client, clinic, clinic_admin, shared_handout):
    published_handout(
        clinic=clinic,
        user=clinic_admin,
        title="Gardening",
        body_markdown="## Digging\nKneel on a pad when you are weeding.\n",
    )
    assert titles(therapist_client.get(LIST, {"q": "weeding"})) == ["Gardening"]
    assert titles(therapist_client.get(LIST, {"q": "weed"})) == ["Gardening"]  # stemmed
    assert titles(therapist_client.get(LIST, {"q": "sleep"})) == ["Sleep and your back"]
    response = therapist_client.get(LIST, {"q": "zebra crossing"})
    assert titles(response) == []
    assert "No handouts match" in response.content.decode()


def test_filter_by_topic(therapist_client, shared_handout, north_handout):
    response = therapist_client.get(LIST, {"topic": "lifestyle_sleep"})
    assert titles(response) == ["Sleep and your back"]


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "nonsense"},
        {"status": "'; drop table"},
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"q": "& | ! <-> :*"},
        {"q": '"unclosed'},
    ],
)
def test_odd_search_input_never_breaks_the_page(admin_client_, shared_handout, params):
    assert admin_client_.get(LIST, params).status_code == 200


def test_htmx_gets_only_the_results(therapist_client, shared_handout):
    response = therapist_client.get(
        LIST, {"q": "sleep"}, headers={"HX-Request": "true", "HX-Target": "handout-results"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="handout-results"')
    assert "<html" not in page
    assert "Sleep and your back" in page


def test_the_list_takes_the_same_queries_however_long(
    clinic, clinic_admin, therapist, django_assert_num_queries
):
    client = client_for(therapist)
    published_handout(clinic=clinic, user=clinic_admin, title="One")
    client.get(LIST)  # warm the session
    # Session, user with their clinic, count, the handouts with their versions (one join);
    # the session is saved at most once a minute (lbp_clinic/middleware.py), not now.
    with django_assert_num_queries(4):
        client.get(LIST)
    for number in range(8):
        published_handout(clinic=None, user=None, title=f"Shared {number}")
    with django_assert_num_queries(4):
        response = client.get(LIST, {"q": "shared"})
    assert len(titles(response)) == 8


def test_a_long_library_comes_in_pages(therapist_client, monkeypatch):
    monkeypatch.setattr("education.views.LIBRARY_PAGE_SIZE", 2)
    for number in range(5):
        published_handout(clinic=None, user=None, title=f"Shared {number}")
    first = therapist_client.get(LIST, {"q": "shared"})
    assert titles(first) == ["Shared 0", "Shared 1"]
    page = first.content.decode()
    assert "5 handouts" in page and "page 1 of 3" in page
    assert "?q=shared&amp;page=2" in page
    last = therapist_client.get(LIST, {"q": "shared", "page": "3"})
    assert titles(last) == ["Shared 4"]
    assert therapist_client.get(LIST, {"page": "banana"}).status_code == 200

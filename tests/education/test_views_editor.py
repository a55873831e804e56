"""Clinic admins write, preview, publish, archive and copy handouts; others only read."""

import pytest
from django.urls import reverse

from education.models import Handout
from lbp_clinic.models import AuditEvent
from tests.education.test_views_handout import form_data

CREATE = reverse("education:create")
PREVIEW_NEW = reverse("education:preview-new")
HTMX = {"HX-Request": "true"}
HARD_BODY = (
    "## Background\nNotwithstanding considerable methodological heterogeneity, contemporary "
    "epidemiological investigations consistently demonstrate substantial associations between "
    "psychosocial determinants and persistent musculoskeletal disability.\n"
)


def test_an_admin_opens_an_empty_editor(admin_client_):
    page = admin_client_.get(CREATE).content.decode()
    assert 'hx-trigger="input changed delay:400ms"' in page
    assert f'hx-post="{PREVIEW_NEW}"' in page
    assert 'id="live-preview"' in page
    assert "Write some text to see the reading grade." in page


@pytest.mark.parametrize("who", ["therapist_client", "desk_client"])
def test_therapists_and_front_desk_cannot_author(request, who, north_handout):
    client = request.getfixturevalue(who)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.get(reverse("education:edit", args=[north_handout.pk])).status_code == 403
    assert client.post(reverse("education:publish", args=[north_handout.pk])).status_code == 403
    assert Handout.objects.count() == 1


def test_saving_a_draft(admin_client_, clinic):
    response = admin_client_.post(CREATE, form_data(title="  My   new handout "))
    handout = Handout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("education:edit", args=[handout.pk])
    assert handout.clinic == clinic
    assert handout.title == "My new handout"
    assert handout.status == Handout.Status.DRAFT
    assert handout.action_steps == ["Walk for 5 minutes today.", "Add 1 minute every other day."]
    assert handout.readability_grade is not None
    assert not handout.versions.exists()


def test_save_and_publish(admin_client_, clinic_admin):
    response = admin_client_.post(CREATE, {**form_data(), "action": "publish"}, follow=True)
    handout = Handout.objects.get()
    assert handout.status == Handout.Status.PUBLISHED
    assert handout.current_version.number == 1
    assert handout.current_version.published_by == clinic_admin
    assert "Published version 1" in response.content.decode()
    assert AuditEvent.objects.filter(detail__event="handout published").count() == 1


def test_publishing_an_incomplete_handout_keeps_the_draft_and_says_what_is_missing(admin_client_):
    data = {**form_data(summary="", action_steps=[]), "action": "publish"}
    response = admin_client_.post(CREATE, data, follow=True)
    handout = Handout.objects.get()
    assert handout.status == Handout.Status.DRAFT
    page = response.content.decode()
    assert "Saved as a draft. Before publishing:" in page
    assert "End with a short summary" in page


def test_editing_a_published_handout_then_publishing_makes_version_2(admin_client_, north_handout):
    url = reverse("education:edit", args=[north_handout.pk])
    admin_client_.post(url, {**form_data(title="Walk more"), "revision": north_handout.revision})
    north_handout.refresh_from_db()
    assert north_handout.has_unpublished_changes
    assert north_handout.current_version.title == "North walking guide"
    admin_client_.post(reverse("education:publish", args=[north_handout.pk]))
    north_handout.refresh_from_db()
    assert north_handout.current_version.number == 2
    assert north_handout.current_version.title == "Walk more"
    assert north_handout.versions.get(number=1).title == "North walking guide"


def test_a_conflicting_save_keeps_what_was_typed(admin_client_, north_handout):
    url = reverse("education:edit", args=[north_handout.pk])
    stale = north_handout.revision
    admin_client_.post(url, {**form_data(title="First admin"), "revision": stale})
    response = admin_client_.post(url, {**form_data(title="Second admin"), "revision": stale})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this handout" in page
    assert 'value="Second admin"' in page
    north_handout.refresh_from_db()
    assert north_handout.title == "First admin"
    assert f'name="revision" value="{north_handout.revision}"' in page
    # Having seen the message, the second admin saves again on purpose: now it goes through.
    admin_client_.post(url, {**form_data(title="Second admin"), "revision": north_handout.revision})
    north_handout.refresh_from_db()
    assert north_handout.title == "Second admin"


def test_the_live_preview_shows_the_grade_and_warns_above_grade_8(admin_client_):
    easy = admin_client_.post(PREVIEW_NEW, form_data(), headers=HTMX).content.decode()
    assert easy.lstrip().startswith('<section id="live-preview"')
    assert "easy to read" in easy
    assert "Warning:" not in easy
    assert "Walk for 5 minutes today." in easy
    hard = admin_client_.post(PREVIEW_NEW, form_data(body_markdown=HARD_BODY), headers=HTMX)
    page = hard.content.decode()
    assert "Warning:" in page
    assert "harder than grade 8" in page
    assert "readability--hard" in page
    assert 'id="grade-announcement" hx-swap-oob="innerHTML"' in page
    assert Handout.objects.count() == 0  # a preview saves nothing


def test_the_preview_is_sanitised(admin_client_):
    data = form_data(body_markdown="## Hi\n<script>alert(1)</script>[x](javascript:alert(1))")
    page = admin_client_.post(PREVIEW_NEW, data, headers=HTMX).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_without_javascript_the_preview_button_rerenders_the_page(admin_client_):
    response = admin_client_.post(CREATE, {**form_data(title="Not yet"), "action": "preview"})
    assert response.status_code == 200
    assert "Not yet" in response.content.decode()
    assert Handout.objects.count() == 0


def test_invalid_input_shows_messages_and_keeps_everything(admin_client_):
    data = form_data(title="", summary="Keep me")
    data["action_steps"] = "\n".join(f"Step {n}" for n in range(12))
    response = admin_client_.post(CREATE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the handout a title." in page
    assert "Keep to 10 steps at most (you have 12)" in page
    assert "Keep me" in page and "Step 11" in page
    assert Handout.objects.count() == 0


def test_shared_handouts_are_copied_not_edited(admin_client_, shared_handout, clinic):
    assert admin_client_.get(reverse("education:edit", args=[shared_handout.pk])).status_code == 404
    page = admin_client_.get(reverse("education:detail", args=[shared_handout.pk])).content
    assert b"Copy to adapt for North Clinic" in page
    response = admin_client_.post(reverse("education:duplicate", args=[shared_handout.pk]))
    copy = Handout.objects.get(clinic=clinic)
    assert response["Location"] == reverse("education:edit", args=[copy.pk])
    assert copy.title == "Sleep and your back"


def test_archive_and_restore(admin_client_, north_handout):
    admin_client_.post(reverse("education:archive", args=[north_handout.pk]))
    north_handout.refresh_from_db()
    assert north_handout.status == Handout.Status.ARCHIVED
    admin_client_.post(reverse("education:restore", args=[north_handout.pk]))
    north_handout.refresh_from_db()
    assert north_handout.status == Handout.Status.PUBLISHED
    events = AuditEvent.objects.filter(object_id=str(north_handout.pk)).order_by("id")
    assert [e.detail.get("event") for e in events][-2:] == ["handout archived", "handout restored"]

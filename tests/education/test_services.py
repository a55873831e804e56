"""Publishing makes frozen versions; drafts, archiving, duplicating and conflicts behave."""

import pytest
from django.core.exceptions import ValidationError

from education.models import Handout, HandoutVersion
from education.services import (
    EditConflict,
    handout_duplicate,
    handout_publish,
    handout_save_draft,
    handout_set_archived,
)
from lbp_clinic.models import AuditEvent
from tests.education.factories import content, draft_handout, republish


def test_publishing_a_draft_makes_version_1(north_draft, clinic_admin):
    version = handout_publish(handout=north_draft, user=clinic_admin)
    north_draft.refresh_from_db()
    assert version.number == 1
    assert version.published_by == clinic_admin
    assert version.title == "North draft on pacing"
    assert north_draft.status == Handout.Status.PUBLISHED
    assert north_draft.current_version == version
    assert north_draft.published_version == version
    assert not north_draft.has_unpublished_changes


def test_editing_and_publishing_again_makes_a_new_version_and_keeps_the_old_one(
    north_handout, clinic_admin
):
    first = north_handout.current_version
    handout, second = republish(north_handout, user=clinic_admin, title="Walk more each day")
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.title == "North walking guide"
    assert second.title == "Walk more each day"
    assert handout.current_version == second


def test_saving_a_draft_of_a_published_handout_does_not_change_what_patients_get(
    north_handout, clinic_admin
):
    handout = handout_save_draft(
        handout=north_handout,
        user=clinic_admin,
        content=content(title="Work in progress"),
        revision=north_handout.revision,
    )
    assert handout.has_unpublished_changes
    assert handout.current_version.title == "North walking guide"
    assert handout.status == Handout.Status.PUBLISHED


def test_publishing_without_changes_makes_no_new_version(north_handout, clinic_admin):
    version = handout_publish(handout=north_handout, user=clinic_admin)
    assert version.number == 1
    assert HandoutVersion.objects.filter(handout=north_handout).count() == 1


def test_publishing_needs_purpose_steps_body_and_summary(clinic, clinic_admin):
    handout = draft_handout(
        clinic=clinic, user=clinic_admin, purpose="", action_steps=[], summary="", body_markdown=""
    )
    with pytest.raises(ValidationError) as error:
        handout_publish(handout=handout, user=clinic_admin)
    assert len(error.value.messages) == 4
    handout.refresh_from_db()
    assert handout.status == Handout.Status.DRAFT
    assert not handout.versions.exists()


def test_a_stale_revision_is_a_conflict_and_changes_nothing(north_draft, clinic_admin):
    old_revision = north_draft.revision
    handout_save_draft(
        handout=north_draft,
        user=clinic_admin,
        content=content(title="First"),
        revision=old_revision,
    )
    with pytest.raises(EditConflict):
        handout_save_draft(
            handout=north_draft,
            user=clinic_admin,
            content=content(title="Second"),
            revision=old_revision,
        )
    north_draft.refresh_from_db()
    assert north_draft.title == "First"


def test_publish_archive_and_restore_are_audited(north_draft, clinic_admin):
    handout_publish(handout=north_draft, user=clinic_admin)
    handout_set_archived(handout=north_draft, user=clinic_admin, archived=True)
    north_draft.refresh_from_db()
    assert north_draft.status == Handout.Status.ARCHIVED
    assert north_draft.current_version is not None  # given versions stay
    handout_set_archived(handout=north_draft, user=clinic_admin, archived=False)
    north_draft.refresh_from_db()
    assert north_draft.status == Handout.Status.PUBLISHED
    events = AuditEvent.objects.filter(
        object_type="education.Handout", object_id=str(north_draft.pk)
    )
    assert [event.detail["event"] for event in events.order_by("id")] == [
        "handout published",
        "handout archived",
        "handout restored",
    ]
    assert all(event.actor_id == clinic_admin.pk for event in events)
    assert all(event.clinic_id == clinic_admin.clinic_id for event in events)
    assert events.order_by("id").first().detail["version"] == 1


def test_duplicating_a_shared_handout_makes_the_clinics_own_draft(
    shared_handout, clinic, clinic_admin
):
    copy = handout_duplicate(source=shared_handout, clinic=clinic, user=clinic_admin)
    assert copy.clinic == clinic
    assert copy.status == Handout.Status.DRAFT
    assert copy.title == shared_handout.current_version.title
    assert copy.body_markdown == shared_handout.current_version.body_markdown
    assert copy.duplicated_from == shared_handout.current_version
    assert copy.pk != shared_handout.pk
    shared_handout.refresh_from_db()
    assert shared_handout.clinic is None

"""The model: readability and sanitised HTML on every save; published versions never change."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from education.models import Handout, HandoutVersion, VersionFrozenError
from tests.education.factories import content, draft_handout, published_handout


def test_saving_computes_the_grade_and_sanitised_html(clinic, clinic_admin):
    handout = draft_handout(
        clinic=clinic, user=clinic_admin, body_markdown="## Hi\n\nYou can walk.<script>x()</script>"
    )
    easy_grade = handout.readability_grade
    assert easy_grade < 6
    assert "<h2>Hi</h2>" in handout.body_html
    assert "<script" not in handout.body_html
    handout.body_markdown = (
        "## Hi\n\nNotwithstanding considerable methodological heterogeneity, "
        "epidemiological investigations demonstrate associations."
    )
    handout.save()
    handout.refresh_from_db()
    assert handout.readability_grade > 8 > easy_grade
    assert "Notwithstanding" in handout.body_html


def test_a_version_refuses_to_change(north_handout):
    version = north_handout.current_version
    version.title = "Rewritten"
    with pytest.raises(VersionFrozenError):
        version.save()
    with pytest.raises(VersionFrozenError):
        version.delete()
    version.refresh_from_db()
    assert version.title == "North walking guide"


def test_the_database_refuses_to_change_a_version(north_handout):
    version = north_handout.current_version
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        HandoutVersion.objects.filter(pk=version.pk).update(title="Rewritten")
    with (
        pytest.raises(DatabaseError, match="never changes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM education_handoutversion WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.title == "North walking guide"


def test_a_published_handout_needs_a_version(clinic, clinic_admin):
    handout = draft_handout(clinic=clinic, user=clinic_admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Handout.objects.filter(pk=handout.pk).update(status=Handout.Status.PUBLISHED)


def test_slugs_are_unique_within_a_clinic_and_within_the_shared_library(clinic, clinic_admin):
    first = draft_handout(clinic=clinic, user=clinic_admin, title="Walking")
    second = draft_handout(clinic=clinic, user=clinic_admin, title="Walking")
    assert (first.slug, second.slug) == ("walking", "walking-2")
    shared = published_handout(clinic=None, user=None, title="Walking")
    assert shared.slug == "walking"
    with pytest.raises(IntegrityError), transaction.atomic():
        Handout.objects.create(clinic=None, slug="walking", **content())


def test_the_current_version_comes_with_the_list_in_one_query(
    clinic, clinic_admin, django_assert_num_queries
):
    for number in range(3):
        published_handout(clinic=clinic, user=clinic_admin, title=f"Handout {number}")
    with django_assert_num_queries(1):
        numbers = [h.current_version.number for h in Handout.objects.with_current_version()]
    assert numbers == [1, 1, 1]

"""The shared library: content passes its checks, loads once, a second load changes nothing."""

import importlib.util
import shutil

import pytest
from django.core.management import call_command

from exercises.library import LIBRARY_DIR, load_shared_library, read_library
from exercises.models import Exercise, ExerciseRevision
from tests.exercises.factories import ExerciseFactory

THE_SIX = [
    "deadlift",
    "reverse-hyper",
    "back-extension",
    "good-morning",
    "bent-over-row",
    "reverse-plank",
]


def test_the_library_content_passes_its_own_checks(capsys):
    """Schema, links, no scare words, Flesch-Kincaid grade 8 or below (check_library.py)."""
    spec = importlib.util.spec_from_file_location(
        "check_library", LIBRARY_DIR.parent / "check_library.py"
    )
    check_library = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_library)
    assert check_library.main(["check_library"]) == 0, capsys.readouterr().out


def test_loading_creates_the_shared_library_with_its_links(db):
    result = load_shared_library()
    assert len(result.created) == Exercise.objects.filter(clinic__isnull=True).count() == 46
    shared = {e.slug: e for e in Exercise.objects.filter(clinic__isnull=True)}
    assert set(THE_SIX) <= set(shared)
    for slug, entry in read_library().items():
        exercise = shared[slug]
        assert getattr(exercise.regression, "slug", "") == entry["regression"], slug
        assert getattr(exercise.progression, "slug", "") == entry["progression"], slug
        assert exercise.search_vector, slug
    deadlift = shared["deadlift"]
    assert deadlift.regression.slug == "trap-bar-deadlift"
    assert deadlift.dosage_text == "3 sets of 5-8 reps, RPE 7"
    assert deadlift.equipment == ["barbell"]
    assert ExerciseRevision.objects.filter(action="created").count() == 46
    assert not ExerciseRevision.objects.exclude(action="created").exists()


def test_a_second_load_changes_nothing(library):
    before = list(Exercise.objects.order_by("pk").values_list("pk", "updated_at", "search_vector"))
    revisions = ExerciseRevision.objects.count()
    result = load_shared_library()
    assert not result.changed
    assert result.unchanged == 46
    assert (
        list(Exercise.objects.order_by("pk").values_list("pk", "updated_at", "search_vector"))
        == before
    )
    assert ExerciseRevision.objects.count() == revisions


def test_an_edited_file_updates_only_the_shared_row(library, clinic, tmp_path):
    clinic_copy = ExerciseFactory(clinic=clinic, slug="deadlift", name="Deadlift", sets=5)
    directory = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, directory)
    path = directory / "deadlift.toml"
    path.write_text(
        path.read_text()
        .replace("sets = 3", "sets = 4")
        .replace('name = "Deadlift"', 'name = "Barbell deadlift"')
    )

    result = load_shared_library(directory)

    assert result.updated == ["deadlift"]
    shared = Exercise.objects.get(clinic__isnull=True, slug="deadlift")
    assert (shared.name, shared.sets) == ("Barbell deadlift", 4)
    revision = shared.revisions.get(action="library_update")
    assert {"field": "sets", "label": "Sets", "old": "3", "new": "4"} in revision.changes
    clinic_copy.refresh_from_db()
    assert (clinic_copy.name, clinic_copy.sets) == ("Deadlift", 5)
    # The new name is searchable at once.
    assert Exercise.objects.filter(pk=shared.pk, search_vector="barbell").exists()


def test_a_removed_file_archives_its_exercise_and_a_returning_one_restores_it(library, tmp_path):
    directory = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, directory)
    (directory / "cat-camel.toml").unlink()
    assert load_shared_library(directory).archived == ["cat-camel"]
    assert Exercise.objects.get(slug="cat-camel").archived  # archived, never deleted

    assert load_shared_library().updated == ["cat-camel"]
    assert not Exercise.objects.get(slug="cat-camel").archived


def test_the_management_command_loads_the_library(db):
    from io import StringIO

    out = StringIO()
    call_command("load_library", stdout=out)
    assert "Exercise library: 46 added, 0 updated, 0 archived, 0 unchanged." in out.getvalue()
    out = StringIO()
    call_command("load_library", stdout=out)
    assert "0 added, 0 updated, 0 archived, 46 unchanged." in out.getvalue()


def test_the_demo_loader_adds_north_clinics_own_exercise_once(library, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    wall_sit = Exercise.objects.get(slug="wall-sit")
    assert wall_sit.clinic.name == "North Clinic"
    assert wall_sit.regression.slug == "sit-to-stand"
    assert wall_sit.revisions.count() == 1


@pytest.mark.parametrize("slug", THE_SIX)
def test_the_clinics_favourite_lifts_have_full_instructions(library, slug):
    exercise = Exercise.objects.get(clinic__isnull=True, slug=slug)
    assert exercise.movement_steps and exercise.coaching_cues and exercise.safety_notes
    assert exercise.regression or exercise.progression

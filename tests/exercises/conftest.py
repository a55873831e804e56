"""Fixtures for the exercise library: the shared library, one exercise of each clinic."""

import pytest

from exercises.library import load_shared_library
from tests.exercises.factories import ExerciseFactory


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Uploaded photos go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log in with force_login: a slow password hash only costs time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def library(db):
    """The shared library as `make run` loads it (46 exercises)."""
    load_shared_library()


@pytest.fixture
def shared_exercise(db):
    return ExerciseFactory(name="Shared hinge drill", slug="shared-hinge-drill")


@pytest.fixture
def north_exercise(clinic):
    """An exercise of North Clinic's own (the clinic of the `therapist` and `clinic_admin`)."""
    return ExerciseFactory(clinic=clinic, name="North sled drag", slug="north-sled-drag")


@pytest.fixture
def south_exercise(other_clinic):
    return ExerciseFactory(clinic=other_clinic, name="South farmer walk", slug="south-farmer-walk")

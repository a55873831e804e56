"""The plans fixtures (a patient with an intake, exercises, a draft plan) for these tests."""

from tests.plans.conftest import exercises, intake, patient, plan  # noqa: F401

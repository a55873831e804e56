"""Fixtures for the patients tests: a patient of our clinic and one of the other clinic."""

import pytest

from tests.patients.factories import PatientFactory, make_intake


@pytest.fixture
def patient(clinic, therapist):
    return PatientFactory(
        clinic=clinic, first_name="Maria", last_name="Alvarez", created_by=therapist
    )


@pytest.fixture
def other_patient(other_clinic):
    """A patient of the other clinic: everything about them is a 404 for us."""
    return PatientFactory(clinic=other_clinic, first_name="Olga", last_name="Outside")


@pytest.fixture
def draft(patient, therapist):
    return make_intake(patient, user=therapist, chief_complaint="Back pain")


@pytest.fixture
def completed(patient, therapist):
    return make_intake(patient, completed=True, user=therapist)

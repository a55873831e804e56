"""Shared fixtures: two clinics, every role (owner / colleague / outsider), clients."""

import pytest
from django.test import Client

from tests.factories import ClinicFactory, UserFactory


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="North Clinic")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="South Clinic")


@pytest.fixture
def therapist(clinic):
    """The owner: the therapist whose patients and plans a test usually works on."""
    return UserFactory(clinic=clinic, role="therapist", email="owner@north.example")


@pytest.fixture
def colleague(clinic):
    """Another therapist of the same clinic: sees and edits the clinic's records."""
    return UserFactory(clinic=clinic, role="therapist", email="colleague@north.example")


@pytest.fixture
def clinic_admin(clinic):
    return UserFactory(
        clinic=clinic, role="clinic_admin", email="admin@north.example", credentials=""
    )


@pytest.fixture
def front_desk(clinic):
    return UserFactory(clinic=clinic, role="front_desk", email="desk@north.example", credentials="")


@pytest.fixture
def outsider(other_clinic):
    """A therapist of another clinic: must get a 404 for everything of ours."""
    return UserFactory(clinic=other_clinic, role="therapist", email="outsider@south.example")


@pytest.fixture
def outsider_admin(other_clinic):
    return UserFactory(
        clinic=other_clinic, role="clinic_admin", email="admin@south.example", credentials=""
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def therapist_client(therapist):
    return client_for(therapist)


@pytest.fixture
def admin_client_(clinic_admin):
    """A logged-in clinic admin (named to avoid pytest-django's superuser `admin_client`)."""
    return client_for(clinic_admin)


@pytest.fixture
def desk_client(front_desk):
    return client_for(front_desk)


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture
def listener():
    """A loopback listener that must receive nothing while a document renders."""
    from tests.document_attacks import Listener

    listening = Listener()
    yield listening
    listening.close()

"""SECURITY 2 and 3 for every patients: URL, generated from the URLconf.

Roles: each view x each role gets 200 only when allowed (403 otherwise). Isolation: every
object URL, with another clinic's patient or intake, is a 404 for GET, POST and htmx
requests, and writes nothing.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.access import CLINIC_ADMIN, FRONT_DESK, THERAPIST
from lbp_clinic.models import AuditEvent
from patients.models import Intake, IntakeAmendment, OutcomeResult, Patient
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.patients.factories import PatientFactory, make_intake
from tests.urlwalk import private_urls

ALL = {THERAPIST, CLINIC_ADMIN, FRONT_DESK}
ALLOWED = {
    "patients:list": ALL,
    "patients:create": ALL,
    "patients:chart": ALL,
    "patients:edit": ALL,
    "patients:intake-create": {THERAPIST},
    "patients:intake-detail": {THERAPIST, CLINIC_ADMIN},
    "patients:intake-edit": {THERAPIST},
    "patients:intake-amend": {THERAPIST},
    "patients:outcome-choose": {THERAPIST},
    "patients:outcome-create": {THERAPIST},
}
# Pages that only read: a POST is 405 before anything is looked up.
GET_ONLY = {"patients:list", "patients:chart", "patients:intake-detail", "patients:outcome-choose"}
PATIENT_URLS = {name: view for name, _url, view in private_urls() if name.startswith("patients:")}


def route_of(name):
    return next(
        str(entry.pattern)
        for entry in __import__("patients.urls", fromlist=["urlpatterns"]).urlpatterns
        if f"patients:{entry.name}" == name
    )


def url_for(name, *, patient, draft, completed):
    """A concrete URL for `name` with real objects: drafts for edit, completed for amend."""
    params = re.findall(r"<(?:\w+:)?(\w+)>", route_of(name))
    kwargs = {}
    if "patient_id" in params:
        kwargs["patient_id"] = patient.pk
    if "intake_id" in params:
        kwargs["intake_id"] = (draft if name == "patients:intake-edit" else completed).pk
    if "instrument_key" in params:
        kwargs["instrument_key"] = "nprs"
    return reverse(name, kwargs=kwargs)


def test_the_matrix_covers_every_patients_url():
    assert set(PATIENT_URLS) == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_views_declare_the_roles_of_the_matrix(name):
    assert set(PATIENT_URLS[name].allowed_roles) == ALLOWED[name]


@pytest.fixture
def our_records(clinic, therapist):
    # A patient without a draft, so intake-create shows its form instead of redirecting.
    patient = PatientFactory(clinic=clinic, first_name="Rosa", last_name="Diaz")
    other = PatientFactory(clinic=clinic, first_name="Ben", last_name="Ode")
    return {
        "patient": patient,
        "draft": make_intake(other, user=therapist),
        "completed": make_intake(patient, completed=True, user=therapist),
    }


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_role_gets_200_only_where_allowed(
    name, our_records, therapist, clinic_admin, front_desk
):
    records = dict(our_records)
    if name == "patients:intake-edit":
        records["patient"] = records["draft"].patient
    url = url_for(name, **records)
    for user in (therapist, clinic_admin, front_desk):
        response = client_for(user).get(url)
        expected = 200 if user.role in ALLOWED[name] else 403
        assert response.status_code == expected, f"{user.role} GET {url}"


@pytest.fixture
def their_records(other_clinic):
    patient = PatientFactory(clinic=other_clinic, first_name="Olga", last_name="Outside")
    return {
        "patient": patient,
        "draft": make_intake(patient),
        "completed": make_intake(patient, completed=True),
    }


def post_data():
    today = timezone.localdate().isoformat()
    return {
        "first_name": "Hacked",
        "last_name": "Name",
        "date_of_birth": "1970-01-01",
        "sex": "male",
        "preferred_language": "English",
        "submit": "complete",
        "intake_date": today,
        "chief_complaint": "Changed",
        "reason": "Changed",
        "item_1": "3",
        "taken_on": today,
    }


def row_counts():
    counts = {
        model.__name__: model.objects.count()
        for model in (Patient, Intake, IntakeAmendment, OutcomeResult)
    }
    # Logging the test clients in is audited too; nothing else may be.
    counts["audit"] = AuditEvent.objects.exclude(action=AuditEvent.Action.LOGIN).count()
    return counts


OBJECT_URLS = sorted(name for name in ALLOWED if "patient_id" in route_of(name))


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_another_clinics_records_are_404_and_nothing_is_written(
    name, their_records, therapist, clinic_admin, front_desk
):
    url = url_for(name, **their_records)
    before = row_counts()
    for user in (therapist, clinic_admin, front_desk):
        client = client_for(user)
        expected = 404 if user.role in ALLOWED[name] else 403
        requests = [
            ("GET", client.get(url)),
            ("POST", client.post(url, post_data())),
            ("htmx GET", client.get(url, headers={"HX-Request": "true"})),
            (
                "htmx POST",
                client.post(
                    url,
                    post_data(),
                    headers={"HX-Request": "true", "HX-Target": "red-flag-status"},
                ),
            ),
        ]
        for method, response in requests:
            status = 405 if "POST" in method and name in GET_ONLY and expected == 404 else expected
            assert response.status_code == status, f"{user.role} {method} {url}"
            assert b"Olga" not in response.content
    assert row_counts() == before
    their_records["patient"].refresh_from_db()
    assert their_records["patient"].first_name == "Olga"


def test_an_intake_under_the_wrong_patient_is_a_404(our_records, their_records, therapist):
    client = client_for(therapist)
    for name in ("patients:intake-detail", "patients:intake-amend"):
        url = reverse(
            name,
            kwargs={
                "patient_id": our_records["patient"].pk,
                "intake_id": their_records["completed"].pk,
            },
        )
        assert client.get(url).status_code == 404


def test_the_other_clinics_staff_cannot_reach_ours(our_records, other_clinic):
    front = UserFactory(clinic=other_clinic, role="front_desk", email="desk@south.example")
    url = reverse("patients:chart", kwargs={"patient_id": our_records["patient"].pk})
    assert client_for(front).get(url).status_code == 404
    search = client_for(front).get(reverse("patients:list"), {"q": "Rosa"})
    assert url.encode() not in search.content
    assert b"0 patients found" in search.content


@pytest.mark.parametrize("name", ["patients:outcome-create"])
def test_an_unknown_instrument_is_a_404(name, our_records, therapist):
    url = reverse(name, kwargs={"patient_id": our_records["patient"].pk, "instrument_key": "sf36"})
    assert client_for(therapist).get(url).status_code == 404

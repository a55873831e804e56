"""The patient list with search (page and htmx partial), registration with the duplicate
warning, and editing demographics."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lbp_clinic.models import AuditEvent
from patients.models import Patient
from tests.patients.factories import PatientFactory

LIST = reverse("patients:list")
CREATE = reverse("patients:create")


def new_patient_data(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Diaz",
        "preferred_name": "",
        "date_of_birth": "04/12/1961",
        "sex": "female",
        "phone": "(207) 555-0100",
        "email": "",
        "address": "",
        "preferred_language": "Spanish",
        "mrn": "",
        "referring_provider": "Dr. Lin",
        "payer": "Aetna",
        "emergency_contact_name": "",
        "emergency_contact_phone": "",
    }
    data.update(overrides)
    return data


def test_list_shows_the_clinics_active_patients(desk_client, patient, other_patient, clinic):
    PatientFactory(clinic=clinic, first_name="Old", last_name="Record", archived=True)
    page = desk_client.get(LIST).content.decode()
    assert "Alvarez, Maria" in page
    assert "Record, Old" not in page
    assert "Outside" not in page
    assert 'role="search"' in page
    archived = desk_client.get(LIST, {"archived": "on"}).content.decode()
    assert "Record, Old" in archived


def test_search_is_a_real_form_without_javascript(desk_client, patient):
    page = desk_client.get(LIST, {"q": "alvares"}).content.decode()
    assert "<html" in page
    assert "1 patient found for “alvares”" in page
    assert reverse("patients:chart", args=[patient.pk]) in page


def test_htmx_search_returns_only_the_results_partial(desk_client, patient):
    response = desk_client.get(LIST, {"q": "03/22/1968"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="results"')
    assert "Alvarez, Maria" in html


def test_history_restore_gets_the_whole_page(desk_client, patient):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in desk_client.get(LIST, headers=headers).content.decode()


def test_list_is_paginated(desk_client, clinic):
    PatientFactory.create_batch(30, clinic=clinic)
    first = desk_client.get(LIST).content.decode()
    assert "Patients 1–25, and more." in first
    assert "Page 1" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count("<tr>") == 26  # header row + 25
    second = desk_client.get(LIST, {"page": 2}).content.decode()
    assert second.count("<tr>") == 6
    assert "Patients 26–30." in second and 'rel="next"' not in second
    beyond = desk_client.get(LIST, {"page": 9}).content.decode()
    assert "There are no more results." in beyond
    assert desk_client.get(LIST, {"page": "x"}).status_code == 200


def test_a_broad_search_suggests_narrowing_it(desk_client, clinic):
    PatientFactory.create_batch(26, clinic=clinic, last_name="Smith")
    page = desk_client.get(LIST, {"q": "smith"}).content.decode()
    assert "Patients 1–25 matching “smith”, and more." in page
    assert "Add a date of birth or MRN to narrow the search." in page


def list_queries(client, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "smith"}, {"q": "04/12/1961"}, {"q": "nobody"}])
def test_list_query_count_does_not_grow(desk_client, clinic, params):
    PatientFactory.create_batch(
        3, clinic=clinic, last_name="Smith", date_of_birth=date(1961, 4, 12)
    )
    few = list_queries(desk_client, **params)
    PatientFactory.create_batch(
        40, clinic=clinic, last_name="Smith", date_of_birth=date(1961, 4, 12)
    )
    assert list_queries(desk_client, **params) == few


def test_front_desk_registers_a_patient(desk_client, front_desk):
    response = desk_client.post(CREATE, new_patient_data())
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:chart", args=[patient.pk])
    assert patient.clinic == front_desk.clinic
    assert patient.date_of_birth == date(1961, 4, 12)
    assert patient.mrn.startswith("P")
    assert patient.created_by == front_desk
    event = AuditEvent.objects.get(action="create")
    assert event.patient_id == patient.pk
    assert "first_name" in event.detail["fields"]
    chart = desk_client.get(response["Location"]).content.decode()
    assert f"Rosa Diaz is registered, MRN {patient.mrn}." in chart


def test_a_typed_mrn_is_kept_in_capitals(desk_client):
    desk_client.post(CREATE, new_patient_data(mrn=" n-4411 "))
    assert Patient.objects.get().mrn == "N-4411"


def test_a_taken_mrn_is_an_error_next_to_the_field(desk_client, patient):
    page = desk_client.post(CREATE, new_patient_data(mrn=patient.mrn.lower())).content.decode()
    assert "Another patient of this clinic already has this medical record number." in page
    assert Patient.objects.count() == 1


def test_a_likely_duplicate_needs_a_deliberate_confirmation(desk_client, patient):
    data = new_patient_data(first_name="MARIA", last_name="alvarez", date_of_birth="1968-03-22")
    page = desk_client.post(CREATE, data).content.decode()
    assert "This patient may already be registered" in page
    assert reverse("patients:chart", args=[patient.pk]) in page
    assert f"MRN {patient.mrn}" in page
    assert "tick this box if this is someone else" in page
    assert 'value="MARIA"' in page  # what was typed is kept
    assert Patient.objects.count() == 1
    response = desk_client.post(CREATE, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Patient.objects.count() == 2


def test_same_name_other_birthday_is_not_a_duplicate(desk_client, patient):
    data = new_patient_data(first_name="Maria", last_name="Alvarez", date_of_birth="1968-03-23")
    assert desk_client.post(CREATE, data).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2999-01-01", "The date of birth is in the future"),
        ("31/31/1961", "Enter a real date"),
        ("12 Smarch 1961", "Enter a real date"),
        ("1850-01-01", "over 120"),
    ],
)
def test_impossible_birth_dates_are_explained(desk_client, typed, message):
    page = desk_client.post(CREATE, new_patient_data(date_of_birth=typed)).content.decode()
    assert message in page
    assert f'value="{typed}"' in page
    assert not Patient.objects.exists()


def test_front_desk_edits_demographics_and_it_is_audited(desk_client, patient):
    url = reverse("patients:edit", args=[patient.pk])
    page = desk_client.get(url).content.decode()
    assert 'value="Alvarez"' in page
    data = new_patient_data(
        first_name="Maria",
        last_name="Alvarez",
        date_of_birth="1968-03-22",
        phone="555-9999",
        mrn=patient.mrn,
        archived="on",
    )
    response = desk_client.post(url, data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.phone, patient.archived) == ("555-9999", True)
    event = AuditEvent.objects.get(action="update")
    assert {"phone", "archived"} <= set(event.detail["fields"])
    assert event.patient_id == patient.pk


def test_clinic_admin_edits_demographics(admin_client_, patient):
    url = reverse("patients:edit", args=[patient.pk])
    data = new_patient_data(first_name="Maria", last_name="Alvarez", mrn=patient.mrn)
    assert admin_client_.post(url, data).status_code == 302

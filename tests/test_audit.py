"""SECURITY 11-12: the audit log records access and refuses UPDATE and DELETE in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from lbp_clinic.audit import audit_change, audit_chart_view, audit_document, audit_record
from lbp_clinic.models import AuditEvent
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD


@pytest.fixture
def event(therapist):
    return audit_record(action=AuditEvent.Action.VIEW, user=therapist, detail={"what": "chart"})


def test_orm_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    event.refresh_from_db()
    assert event.action == "view"


def test_orm_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_and_delete_are_refused(event):
    for sql in (
        "UPDATE lbp_clinic_auditevent SET actor_email = 'someone@else' WHERE id = %s",
        "DELETE FROM lbp_clinic_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.actor_email == "owner@north.example"


def test_insert_still_works(event, therapist):
    audit_record(action=AuditEvent.Action.VIEW, user=therapist)
    assert AuditEvent.objects.count() == 2


def test_helpers_record_who_what_which_patient_and_where(rf, therapist, clinic):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    request.user = therapist
    # A clinic stands in for a patient record here: the helpers take any model instance.
    audit_chart_view(request, clinic)
    audit_change(request, clinic, created=True, changed_fields=["name"], patient=clinic)
    audit_document(request, patient=clinic, document="packet", versions={"plan": 3})
    rows = list(AuditEvent.objects.order_by("id"))
    assert [row.action for row in rows] == ["view", "create", "document"]
    for row in rows:
        assert row.actor_id == therapist.pk
        assert row.actor_email == therapist.email
        assert row.clinic_id == clinic.pk
        assert row.patient_id == clinic.pk
        assert row.ip_address == "203.0.113.9"
    assert [row.object_type for row in rows] == ["lbp_clinic.Clinic", "lbp_clinic.Clinic", ""]
    assert rows[1].detail == {"fields": ["name"]}
    assert rows[2].detail == {"document": "packet", "versions": {"plan": 3}}


def test_logins_logouts_and_failures_are_audited(client, therapist):
    client.post("/accounts/login/", {"username": therapist.email, "password": "wrong-password"})
    client.post("/accounts/login/", {"username": therapist.email, "password": TEST_PASSWORD})
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor_email"))
    assert actions == [
        ("login_failed", therapist.email),
        ("login", therapist.email),
        ("logout", therapist.email),
    ]


def test_staff_changes_are_audited(clinic_admin, colleague):
    client = client_for(clinic_admin)
    data = {
        "first_name": "New",
        "last_name": "Name",
        "email": colleague.email,
        "role": "therapist",
        "credentials": "PT",
        "licence_number": "",
        "npi": "",
        "is_active": "on",
    }
    client.post(f"/staff/{colleague.pk}/", data)
    row = AuditEvent.objects.get(action="update")
    assert row.object_id == str(colleague.pk)
    assert set(row.detail["fields"]) >= {"first_name", "last_name", "credentials"}

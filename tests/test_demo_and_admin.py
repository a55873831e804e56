"""Demo data (idempotent, development only), the superuser-only admin, migrations in step."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lbp_clinic.models import Clinic, User
from tests.conftest import client_for
from tests.factories import UserFactory


def test_demo_loader_creates_two_clinics_and_five_logins(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert set(Clinic.objects.values_list("name", flat=True)) == {"North Clinic", "South Clinic"}
    logins = {
        "pt@north.example": ("North Clinic", "therapist"),
        "admin@north.example": ("North Clinic", "clinic_admin"),
        "desk@north.example": ("North Clinic", "front_desk"),
        "pt@south.example": ("South Clinic", "therapist"),
        "admin@south.example": ("South Clinic", "clinic_admin"),
    }
    for email, (clinic, role) in logins.items():
        user = User.objects.get(email=email)
        assert (user.clinic.name, user.role) == (clinic, role)
        assert user.check_password("demo-pass-2026")


def test_demo_loader_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    before = {u.email: (u.password, u.clinic_id) for u in User.objects.all()}
    call_command("load_demo", verbosity=0)
    after = {u.email: (u.password, u.clinic_id) for u in User.objects.all()}
    assert before == after
    assert Clinic.objects.count() == 2


def test_demo_loader_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_admin_is_for_superusers_only(clinic_admin, db):
    admin_url = "/" + settings.ADMIN_URL_PATH
    clinic_admin.is_staff = True  # even with the staff flag, not a superuser
    clinic_admin.save()
    assert client_for(clinic_admin).get(admin_url).status_code == 302
    root = UserFactory(clinic=None, is_superuser=True, is_staff=True, email="root@lbp.example")
    assert client_for(root).get(admin_url).status_code == 200


def test_audit_log_is_read_only_in_the_admin(db):
    root = UserFactory(clinic=None, is_superuser=True, is_staff=True, email="root@lbp.example")
    client = client_for(root)
    admin_url = "/" + settings.ADMIN_URL_PATH
    assert client.get(f"{admin_url}lbp_clinic/auditevent/").status_code == 200
    assert client.get(f"{admin_url}lbp_clinic/auditevent/add/").status_code == 403


def test_staff_must_belong_to_a_clinic(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("nowhere@x.example", "pw", first_name="N", last_name="W")


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

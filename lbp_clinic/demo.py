"""Demo data for `make run`: two clinics and one account per role. Never for production.

Idempotent: running it again finds what exists and changes nothing. An app adds its own
demo data by giving its AppConfig a `load_demo(clinics, users)` method; the clinics and
users are dicts keyed by clinic name and e-mail.
"""

from django.apps import apps
from django.db import transaction

from lbp_clinic.models import Clinic, User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (published demo password, DEBUG only)

CLINICS = [
    {
        "name": "North Clinic",
        "address": "120 Harbor Street\nPortland, ME 04101",
        "phone": "(207) 555-0142",
        "email": "front@north.example",
        "units": Clinic.Units.LB,
    },
    {
        "name": "South Clinic",
        "address": "48 Magnolia Avenue\nSavannah, GA 31401",
        "phone": "(912) 555-0187",
        "email": "front@south.example",
        "units": Clinic.Units.KG,
    },
]

STAFF = [
    # email, clinic, role, first, last, credentials, licence, NPI
    (
        "pt@north.example",
        "North Clinic",
        User.Role.THERAPIST,
        "Jordan",
        "Reyes",
        "DPT",
        "PT-ME-20931",
        "1987654328",
    ),
    ("admin@north.example", "North Clinic", User.Role.CLINIC_ADMIN, "Sam", "Patel", "", "", ""),
    ("desk@north.example", "North Clinic", User.Role.FRONT_DESK, "Alex", "Kim", "", "", ""),
    (
        "pt@south.example",
        "South Clinic",
        User.Role.THERAPIST,
        "Morgan",
        "Lee",
        "PT",
        "PT-GA-48817",
        "1555123458",
    ),
    ("admin@south.example", "South Clinic", User.Role.CLINIC_ADMIN, "Casey", "Nguyen", "", "", ""),
]


@transaction.atomic
def load_demo_data():
    clinics = {}
    for values in CLINICS:
        clinic, _ = Clinic.objects.get_or_create(name=values["name"], defaults=values)
        clinics[clinic.name] = clinic
    users = {}
    for email, clinic_name, role, first, last, credentials, licence, npi in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                clinic=clinics[clinic_name],
                role=role,
                first_name=first,
                last_name=last,
                credentials=credentials,
                licence_number=licence,
                npi=npi,
            )
        users[email] = user
    for app_config in apps.get_app_configs():
        if hasattr(app_config, "load_demo"):
            app_config.load_demo(clinics, users)
    return clinics, users

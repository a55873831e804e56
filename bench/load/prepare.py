"""The load database (LBP_DATABASE_NAME=lbp_clinic_load): demo data plus some volume.

Per demo clinic: the demo therapist and 24 more therapist accounts like it (50 virtual
users then log in as 50 different people, as a real clinic day would), 2,000 patients,
100 draft plans of 15 exercises each (the builder edits go there) and 8 signed plans of 6
exercises whose take-home packets were printed before (most packet downloads in a clinic
day are of a signed plan that has not changed since; a draft's packet after an edit is a
new render, and the load makes some of those too). Idempotent. Writes what the load needs to know
(sessions, plan, row and patient ids, whether the packet URL exists) as JSON.

Each account gets a fresh session made by Django's own login (force_login: the
user_logged_in signal stamps it and audits the login), so the measured minute is clinic
work, not 50 password hashes (PBKDF2 at Django's iteration count costs most of a CPU
second each; the login form has its own tests).
"""

import json
import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bench.seed import plan_exercise_rows

THERAPISTS_PER_CLINIC = 25
PATIENTS_PER_CLINIC = 2_000
PLANS_PER_CLINIC = 100
EXERCISES_PER_PLAN = 15
PLAN_TITLE = "Load plan"
SIGNED_PER_CLINIC = 8
SIGNED_EXERCISES = 6
SIGNED_TITLE = "Load signed plan"
DEMO_THERAPISTS = {"North Clinic": "pt@north.example", "South Clinic": "pt@south.example"}
FIRST = ["Ana", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo", "Kim", "Lou"]
LAST = ["Smith", "Lopez", "Nguyen", "Patel", "Brown", "Garcia", "Miller", "Khan", "Ortiz"]


def _therapists(clinic, demo_email):
    from lbp_clinic.demo import DEMO_PASSWORD
    from lbp_clinic.models import User

    domain = demo_email.split("@", 1)[1]
    demo = User.objects.get(email=demo_email)
    wanted = [f"load-pt-{n:02d}@{domain}" for n in range(1, THERAPISTS_PER_CLINIC)]
    existing = User.objects.filter(email__in=wanted).values_list("email", flat=True)
    missing = set(wanted) - set(existing)
    if missing:
        password = make_password(DEMO_PASSWORD)  # hashed once, not 48 times
        User.objects.bulk_create(
            User(
                email=email,
                password=password,
                clinic=clinic,
                role=User.Role.THERAPIST,
                first_name="Load",
                last_name=email.split("@")[0][-2:],
                credentials="DPT",
            )
            for email in sorted(missing)
        )
    return [demo, *User.objects.filter(email__in=wanted).order_by("email")]


@transaction.atomic
def _volume(clinic, therapists, rng):
    from exercises.models import Exercise
    from patients.models import Patient
    from plans.models import PlanExercise, PlanOfCare

    have = Patient.objects.filter(clinic=clinic, mrn__startswith="LOAD-").count()
    Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            first_name=FIRST[n % len(FIRST)],
            last_name=LAST[n % len(LAST)],
            date_of_birth=date(1940, 1, 1) + timedelta(days=(n * 7919) % 25000),
            sex="female" if n % 2 else "male",
            mrn=f"LOAD-{clinic.pk}-{n:05d}",
        )
        for n in range(have, PATIENTS_PER_CLINIC)
    )
    patients = list(Patient.objects.filter(clinic=clinic, mrn__startswith="LOAD-").order_by("mrn"))
    library = list(Exercise.objects.filter(clinic=None).exclude(category="aerobic"))
    have = PlanOfCare.objects.filter(clinic=clinic, title__startswith=PLAN_TITLE).count()
    today = date.today()
    plans = PlanOfCare.objects.bulk_create(
        PlanOfCare(
            clinic=clinic,
            patient=patients[n],
            therapist=therapists[n % len(therapists)],
            title=f"{PLAN_TITLE} {n}",
            episode_start=today,
            certification_start=today,
            certification_end=today + timedelta(days=60),
        )
        for n in range(have, PLANS_PER_CLINIC)
    )
    PlanExercise.objects.bulk_create(
        row
        for plan in plans
        for row in plan_exercise_rows(plan, rng.sample(library, EXERCISES_PER_PLAN))
    )


@transaction.atomic
def _signed(clinic, therapists, rng):
    """Signed plans with the packet printed before: made once through produce()."""
    from exercises.models import Exercise
    from patients.models import Patient
    from plans.documents import PACKET
    from plans.documents import services as documents
    from plans.models import PlanExercise, PlanOfCare
    from plans.reprint.services import WorkerRequest

    have = PlanOfCare.objects.filter(clinic=clinic, title__startswith=SIGNED_TITLE).count()
    patients = list(Patient.objects.filter(clinic=clinic, mrn__startswith="LOAD-").order_by("-mrn"))
    library = list(Exercise.objects.filter(clinic=None).exclude(category="aerobic"))
    today = date.today()
    for n in range(have, SIGNED_PER_CLINIC):
        therapist = therapists[n % len(therapists)]
        plan = PlanOfCare.objects.create(
            clinic=clinic,
            patient=patients[n],
            therapist=therapist,
            title=f"{SIGNED_TITLE} {n}",
            episode_start=today,
            certification_start=today,
            certification_end=today + timedelta(days=60),
            status=PlanOfCare.Status.SIGNED,
            signed_by=therapist,
            signed_at=timezone.now(),
            signed_name=therapist.get_full_name(),
            signed_credentials=therapist.credentials,
            signed_npi="1234567893",
        )
        PlanExercise.objects.bulk_create(
            plan_exercise_rows(plan, rng.sample(library, SIGNED_EXERCISES))
        )
    signed = list(
        PlanOfCare.objects.filter(clinic=clinic, title__startswith=SIGNED_TITLE).order_by("pk")
    )
    for plan in signed:  # printed before: stored, so these downloads are the stored copy
        documents.produce(WorkerRequest(user=plan.therapist), plan, PACKET, large_print=False)
    return [str(plan.pk) for plan in signed]


def _session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def packet_path(plan_id: str) -> str | None:
    """The take-home packet URL (from the documents work) with a {plan_id} slot, or None
    while `plans:document-pdf` does not resolve on this branch."""
    for kwargs in ({"plan_id": plan_id, "kind": "packet"}, {"plan_id": plan_id}):
        try:
            return reverse("plans:document-pdf", kwargs=kwargs).replace(plan_id, "{plan_id}", 1)
        except NoReverseMatch:
            continue
    return None


def prepare(path) -> dict:
    from lbp_clinic.models import Clinic
    from plans.models import PlanExercise, PlanOfCare

    rng = random.Random(2026)
    fixture = {"clinics": []}
    for name, demo_email in DEMO_THERAPISTS.items():
        clinic = Clinic.objects.get(name=name)
        therapists = _therapists(clinic, demo_email)
        _volume(clinic, therapists, rng)
        signed = _signed(clinic, therapists, rng)
        plans = PlanOfCare.objects.filter(clinic=clinic, title__startswith=PLAN_TITLE)
        rows = {}
        for plan_id, row_id in PlanExercise.objects.filter(plan__in=plans).values_list(
            "plan_id", "id"
        ):
            rows.setdefault(str(plan_id), []).append(row_id)
        fixture["clinics"].append(
            {
                "name": name,
                "sessions": [_session(user) for user in therapists],
                "plans": rows,
                "patients": list(plans.values_list("patient_id", flat=True)),
                "signed_plans": signed,
            }
        )
    fixture["packet_path"] = packet_path(next(iter(fixture["clinics"][0]["plans"])))
    path.write_text(json.dumps(fixture))
    return fixture

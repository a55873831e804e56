"""Demo plans for `make run` (DEBUG only, via PlansConfig.load_demo). Idempotent: a patient
who already has a plan gets nothing new.

North Clinic's Maria Alvarez has a signed plan from the chronic low back pain template
(five home exercises, five handouts, cues written for her); South Clinic's Luis Romero has
a draft from the acute template with leg pain. Both make full take-home packets.
"""

from types import SimpleNamespace

from django.db import transaction

from patients.models import Patient
from plans import services
from plans.models import PlanOfCare, PlanTemplate

PLANS = [
    # clinic, MRN, template slug, therapist e-mail, sign it, cues by exercise slug
    (
        "North Clinic",
        "N-1001",
        "chronic-lbp-strength",
        "pt@north.example",
        True,
        {
            "kettlebell-deadlift": "Start with the 15 lb bell.\nKeep the bell close to your shins.",
            "side-plank": "Breathe out slowly as you lift.",
        },
    ),
    ("South Clinic", "S-2001", "acute-lbp-leg-pain", "pt@south.example", False, {}),
]


def _request(user):
    """What the services' audit calls read of a request, for work done by the loader."""
    return SimpleNamespace(user=user, META={})


@transaction.atomic
def load_demo_plans(clinics, users):
    for clinic_name, mrn, template_slug, email, sign, cues in PLANS:
        patient = Patient.objects.filter(clinic=clinics[clinic_name], mrn=mrn).first()
        therapist = users.get(email)
        template = PlanTemplate.objects.filter(clinic=None, slug=template_slug).first()
        if patient is None or therapist is None or template is None:
            continue  # the library or the patients are not loaded: nothing to build on
        if PlanOfCare.objects.filter(patient=patient).exists():
            continue
        request = _request(therapist)
        plan = services.plan_create(
            patient=patient, therapist=therapist, request=request, template=template
        )
        for item in plan.exercises.select_related("exercise"):
            if item.exercise.slug in cues:
                item.cues = cues[item.exercise.slug]
                item.save(update_fields=["cues"])
        if sign:
            services.plan_sign(plan=plan, revision=plan.revision, request=request)

"""Demo plans of care for `make run` (DEBUG only, via PlansConfig.load_demo). Idempotent:
a patient who already has a plan gets nothing new.

Maria's plan shows the whole episode: started from the chronic strength template eight
weeks ago, every component filled in, signed and certified, amended once (a loaded carry
added), ten visits so far (a progress report is due), and her NPRS and ODI re-scored
half-way, so the progress report has trends. South Clinic's Luis Romero has a draft from
the acute template with leg pain. Both make full take-home packets.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from patients import scoring
from patients.models import Patient
from plans import rules, services
from plans.models import (
    PlanDiagnosis,
    PlanExercise,
    PlanGoal,
    PlanHandout,
    PlanManualTherapy,
    PlanOfCare,
    PlanTemplate,
    PlanVisit,
)

EPISODE_DAYS_AGO = 55
# Maria's own cues, by exercise slug (printed on her packet beside the library's tips).
MARIA_CUES = {
    "kettlebell-deadlift": "Start with the 15 lb bell.\nKeep the bell close to your shins.",
    "side-plank": "Breathe out slowly as you lift.",
}
# Days ago of each visit: twice a week from the first visit after the intake.
VISIT_DAYS_AGO = (55, 52, 48, 45, 41, 34, 31, 27, 20, 13)


class _Request:
    """What the services read of a request when the demo loader calls them."""

    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def _at(days_ago, hour=10):
    return timezone.make_aware(datetime.combine(_days_ago(days_ago), time(hour)))


def _mid_episode_results(patient, therapist):
    """NPRS and ODI half-way through, so the trends have three points."""
    for key, responses in ((scoring.NPRS, 5), (scoring.ODI, [3, 1, 2, 2, 2, 1, 2, None, 2, 1])):
        result = scoring.score(key, responses)
        patient.outcome_results.create(
            instrument_key=key,
            instrument_version=result.instrument_version,
            responses=responses,
            score=result.score,
            subscales=result.subscales,
            interpretation=result.interpretation or "",
            taken_at=_at(27, 9),
            entered_by=therapist,
        )


def _shape_first_version(plan):
    """Dates as if started eight weeks ago, Maria's own diagnoses, goals and notes."""
    start = _days_ago(EPISODE_DAYS_AGO)
    PlanOfCare.objects.filter(pk=plan.pk).update(
        episode_start=start,
        certification_start=start,
        certification_end=rules.certification_period_end(start, plan.duration_weeks),
        created_at=_at(EPISODE_DAYS_AGO, 11),
    )
    plan.diagnoses.all().delete()
    for position, code in enumerate(("M54.42", "G89.29"), start=1):
        PlanDiagnosis.objects.create(plan=plan, code=code, position=position)
    odi_baseline = plan.patient.outcome_results.filter(instrument_key=scoring.ODI).first()
    for goal in plan.goals.all():
        goal.due_date = start + (goal.due_date - timezone.localdate())
        if goal.instrument == scoring.NPRS:
            goal.baseline_score, goal.target_score = Decimal("7"), Decimal("3")
            goal.baseline = "Sits 20 minutes; pain 7/10"
        elif goal.instrument == scoring.ODI and odi_baseline is not None:
            goal.baseline_score, goal.target_score = odi_baseline.score, Decimal("20")
            goal.baseline = f"ODI {odi_baseline.score_display} (moderate disability)"
        goal.save()
    PlanGoal.objects.create(
        plan=plan,
        position=10,
        term=PlanGoal.Term.LONG,
        activity="Lift her granddaughter (12 kg) from the floor without fear",
        baseline="Avoids bending to lift",
        target="Lifts 12 kg from the floor, 5 times",
        due_date=start + timedelta(weeks=12),
    )
    PlanHandout.objects.filter(plan=plan).update(given_on=start)
    for slug, load in (
        ("kettlebell-deadlift", 35),
        ("supported-dumbbell-row", 20),
        ("goblet-squat", 25),
    ):
        PlanExercise.objects.filter(plan=plan, exercise__slug=slug).update(
            load=Decimal(load), load_unit="lb"
        )
    PlanManualTherapy.objects.filter(plan=plan).update(
        notes="Stop if leg symptoms spread below the knee."
    )
    for slug, cues in MARIA_CUES.items():
        PlanExercise.objects.filter(plan=plan, exercise__slug=slug).update(cues=cues)


@transaction.atomic
def load_demo_plans(clinics, users):
    _load_maria(clinics, users)
    _load_luis(clinics, users)


def _load_luis(clinics, users):
    therapist = users.get("pt@south.example")
    luis = Patient.objects.filter(clinic=clinics["South Clinic"], mrn="S-2001").first()
    template = PlanTemplate.objects.filter(clinic=None, slug="acute-lbp-leg-pain").first()
    if therapist is None or luis is None or template is None or luis.plans.exists():
        return
    services.plan_create(
        patient=luis, therapist=therapist, request=_Request(therapist), template=template
    )


def _load_maria(clinics, users):
    therapist = users.get("pt@north.example")
    maria = Patient.objects.filter(clinic=clinics["North Clinic"], mrn="N-1001").first()
    if therapist is None or maria is None or maria.plans.exists():
        return
    template = PlanTemplate.objects.filter(clinic=None, slug="chronic-lbp-strength").first()
    if template is None:
        return  # the shared library is not loaded (load_library runs first in `make run`)
    request = _Request(therapist)
    plan = services.plan_create(patient=maria, therapist=therapist, template=template)
    _shape_first_version(plan)
    plan.refresh_from_db()
    services.plan_sign(plan=plan, revision=plan.revision, request=request)
    PlanOfCare.objects.filter(pk=plan.pk).update(
        signed_at=_at(EPISODE_DAYS_AGO, 12),
        physician_name="Dr. Helen Brooks",
        physician_npi="1245319599",
        physician_signed_on=_days_ago(EPISODE_DAYS_AGO - 6),
    )
    plan.refresh_from_db()
    _mid_episode_results(maria, therapist)

    amended = services.plan_amend(
        plan=plan, reason="Add a loaded carry now that lifting is less feared", request=request
    )
    PlanOfCare.objects.filter(pk=amended.pk).update(created_at=_at(28, 11))
    amended.refresh_from_db()
    from exercises.models import Exercise

    carry = Exercise.objects.filter(clinic=None, slug="farmers-carry").first()
    if carry is not None:
        services.plan_add_exercise(
            plan=amended, revision=amended.revision, exercise=carry, request=request
        )
        amended.refresh_from_db()
        PlanExercise.objects.filter(plan=amended, exercise=carry).update(
            load=Decimal("20"), load_unit="lb", start_week=5
        )
    services.plan_sign(plan=amended, revision=amended.revision, request=request)
    PlanOfCare.objects.filter(pk=amended.pk).update(signed_at=_at(28, 12))

    notes = {0: "Evaluation; started deadlift pattern", 5: "Pain 5/10; ODI re-scored", 9: ""}
    for index, days_ago in enumerate(VISIT_DAYS_AGO):
        PlanVisit.objects.create(
            episode=plan,
            plan=plan if days_ago > 28 else amended,
            patient=maria,
            visit_date=_days_ago(days_ago),
            therapist=therapist,
            note=notes.get(index, ""),
            recorded_at=_at(days_ago, 17),
        )

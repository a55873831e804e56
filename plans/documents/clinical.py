"""What the clinician's documents (plan of care, progress report) share: the plan with its
rows, the letterhead, the patient block, outcome summaries, interventions with CPT numbers,
goals, and the inputs that pin a PDF to exactly what it shows.

Clinician-facing: ICD-10 codes and CPT numbers belong here (never CPT descriptor text,
which is licensed: the words beside each number are ours).
"""

from plans import rules, selectors
from plans.models import PlanOfCare

STYLESHEETS = ("css/print.css", "plans/clinical_documents.css")

INTERVENTION_LABELS = {
    rules.EXERCISE_CPT: "Strength, endurance and mobility exercise",
    rules.NEUROMUSCULAR_CPT: "Motor control training",
    rules.FUNCTIONAL_ACTIVITY_CPT: "Functional activity training",
}


def load_plan(plan: PlanOfCare) -> PlanOfCare:
    """The plan again with every row prefetched (the caller's plan is already scoped)."""
    return (
        PlanOfCare.objects.filter(pk=plan.pk)
        .select_related("patient", "clinic", "therapist", "signed_by")
        .prefetch_related(*selectors.PLAN_ROWS)
        .get()
    )


def patient_block(plan: PlanOfCare) -> dict:
    patient = plan.patient
    return {
        "name": patient.full_name,
        "date_of_birth": patient.date_of_birth,
        "sex": patient.get_sex_display(),
        "mrn": patient.mrn,
        "payer": patient.payer,
        "referring_provider": patient.referring_provider,
    }


def clinic_block(plan: PlanOfCare) -> dict:
    clinic = plan.clinic
    return {
        "name": clinic.name,
        "address": clinic.address,
        "phone": clinic.phone,
        "email": clinic.email,
        "logo_url": clinic.logo.url if clinic.logo else "",
    }


def diagnoses(plan: PlanOfCare) -> list[dict]:
    return [
        {"code": d.code, "title": d.title, "primary": i == 0}
        for i, d in enumerate(plan.diagnoses.all())
    ]


def goals(plan: PlanOfCare, progress: dict | None = None) -> dict:
    """{"short": [...], "long": [...]}, each goal with its linked measure's name."""
    from patients.scoring import INSTRUMENTS

    by_term = {"short": [], "long": []}
    for goal in plan.goals.all():
        instrument = INSTRUMENTS.get(goal.instrument)
        by_term[goal.term].append(
            {
                "goal": goal,
                "measure": instrument.name if instrument else "",
                "progress": (progress or {}).get(goal.pk),
            }
        )
    return by_term


def interventions(plan: PlanOfCare) -> dict:
    """The three components with CPT numbers: education, manual therapy, exercise."""
    exercise_rows = []
    for item in plan.exercises.all():
        if item.removed:
            continue
        schedule = selectors.exercise_schedule(item, plan.duration_weeks)
        exercise_rows.append(
            {
                "name": item.exercise.name,
                "cpt": rules.cpt_for_exercise(
                    item.exercise.category, item.exercise.movement_pattern
                ),
                "dose": selectors.dose_text(item, plan.duration_weeks),
                "days_per_week": item.days_per_week,
                "home": item.home,
                "start_week": item.start_week,
                "rule": item.get_rule_display() if item.rule != "none" else "",
                "progression": progression_summary(schedule),
            }
        )
    exercise_cpts = sorted({row["cpt"] for row in exercise_rows})
    if plan.aerobic_type:
        exercise_cpts = sorted({*exercise_cpts, rules.EXERCISE_CPT})
    return {
        "education": [
            {
                "title": h.handout_version.title,
                "version": h.handout_version.number,
                "given_on": h.given_on,
            }
            for h in plan.handouts.all()
            if not h.removed
        ],
        "education_cpt": rules.EDUCATION_CPT,
        "manual": [m for m in plan.manual_therapy.all() if not m.removed],
        "manual_cpts": sorted({m.cpt for m in plan.manual_therapy.all() if not m.removed}),
        "exercises": exercise_rows,
        "exercise_cpts": [(cpt, INTERVENTION_LABELS[cpt]) for cpt in exercise_cpts],
        "aerobic": selectors.aerobic_text(plan),
    }


def progression_summary(schedule) -> str:
    """Where the progression starts and ends: "week 1: 3 sets of 8-12 reps, 60 lb → week 8:
    3 sets of 8-12 reps, 75 lb"; "" when the dose stays the same."""
    from plans.progression import format_dose

    if not schedule:
        return ""
    first, last = format_dose(schedule[0]), format_dose(schedule[-1])
    if first == last:
        return ""
    return f"week {schedule[0].week}: {first} → week {schedule[-1].week}: {last}"


def base_inputs(plan: PlanOfCare, *, large_print: bool) -> dict:
    """What any clinician's document of this plan depends on (the plan's state, the
    letterhead, the signature and certification, print size)."""
    clinic = plan.clinic
    return {
        "plan_id": plan.pk,
        "plan_version": plan.version,
        "plan_revision": plan.revision,
        "plan_status": plan.status,
        "signed_at": plan.signed_at.isoformat() if plan.signed_at else None,
        "physician": [
            plan.physician_name,
            plan.physician_npi,
            plan.physician_signed_on.isoformat() if plan.physician_signed_on else None,
        ],
        "clinic": [clinic.name, clinic.address, clinic.phone, clinic.email, clinic.logo.name],
        "patient": [
            plan.patient.full_name,
            plan.patient.date_of_birth.isoformat(),
            plan.patient.mrn,
            plan.patient.payer,
            plan.patient.referring_provider,
        ],
        "large_print": large_print,
    }


def outcome_result_ids(patient) -> list[int]:
    """The results the outcome summaries show (every result of a known measure), by id."""
    from patients.scoring import INSTRUMENTS

    return sorted(
        patient.outcome_results.filter(instrument_key__in=list(INSTRUMENTS)).values_list(
            "pk", flat=True
        )
    )

"""Reads for plans of care: the builder's data in a constant number of queries, schedules,
suggestions, snapshots for diffs, and what a template keeps.

The builder's side reads (intake answers, latest results, suggested handouts, visits) and
the chart timeline's visits are written out in SQL: each is one short statement run on
every opening of a page, where building and compiling the ORM query cost about ten times
running it (about 1 ms of Python a query on the development machine). The plan and its
rows stay ORM queries (scoped to the clinic, prefetched as everything else reads them).
tests/plans/test_selectors.py covers the cases a statement could get wrong.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from lbp_clinic.access import get_scoped_or_404, scoped
from lbp_clinic.addresses import object_url
from lbp_clinic.models import signature_name
from plans import progression, rules
from plans.models import (
    PlanExercise,
    PlanHandout,
    PlanOfCare,
    PlanTemplate,
)

# The builder page's URLs: {its name in the template: (route, words after the plan's id)}.
BUILDER_URLS = {
    "certify": ("plans:certify",),
    "discharge": ("plans:discharge",),
    "versions": ("plans:versions",),
    "amend": ("plans:amend",),
    "record_visit": ("plans:record-visit",),
    "sign": ("plans:sign",),
    "save_template": ("plans:save-template",),
    "diagnosis_search": ("plans:diagnosis-search",),
    "exercise_search": ("plans:exercise-search",),
    "handout_search": ("plans:handout-search",),
    "add_diagnosis": ("plans:row-add", "diagnosis"),
    "add_handout": ("plans:row-add", "handout"),
    "add_exercise": ("plans:row-add", "exercise"),
    "reorder_diagnoses": ("plans:row-reorder", "diagnosis"),
    "reorder_handouts": ("plans:row-reorder", "handout"),
    "reorder_exercises": ("plans:row-reorder", "exercise"),
}


def builder_urls(plan: PlanOfCare) -> dict[str, str]:
    """The URLs the builder page links and posts to, and its patient's chart (reversed once
    per route: the page has twenty of them)."""
    urls = {key: object_url(name, plan.pk, *extra) for key, (name, *extra) in BUILDER_URLS.items()}
    urls["chart"] = object_url("patients:chart", plan.patient_id)
    return urls


def plan_queryset(user):
    return scoped(PlanOfCare, user).select_related("clinic", "patient", "therapist", "signed_by")


def get_plan(user, plan_id) -> PlanOfCare:
    return get_scoped_or_404(plan_queryset(user), user, pk=plan_id)


# Every row a plan shows (builder, snapshots, documents): one query each, however many.
PLAN_ROWS = (
    "diagnoses",
    "goals",
    Prefetch("handouts", queryset=PlanHandout.objects.select_related("handout_version__handout")),
    "manual_therapy",
    Prefetch("exercises", queryset=PlanExercise.objects.select_related("exercise")),
)


def _own_fields(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


# The builder's rows: the same rows with only the columns of the library's exercise and
# handout that the builder, its snapshots (diff) and a saved template read: the rest
# (steps, cues, the search document, handout bodies) is most of each row's bytes.
BUILDER_ROWS = (
    "diagnoses",
    "goals",
    Prefetch(
        "handouts",
        queryset=PlanHandout.objects.select_related("handout_version__handout").only(
            *_own_fields(PlanHandout),
            "handout_version__handout_id",
            "handout_version__number",
            "handout_version__topic",
            "handout_version__title",
            "handout_version__handout__slug",
        ),
    ),
    "manual_therapy",
    Prefetch(
        "exercises",
        queryset=PlanExercise.objects.select_related("exercise").only(
            *_own_fields(PlanExercise), "exercise__name", "exercise__slug"
        ),
    ),
)


def get_plan_for_builder(user, plan_id) -> PlanOfCare:
    """The plan with every row it shows, prefetched (the page's query count is constant).

    With its patient, not its therapist or signer: the builder shows the signature from
    the plan's own columns (signed_name, ...), and two more joined users cost more to
    read than anything on the page uses."""
    queryset = scoped(PlanOfCare, user).select_related("patient").prefetch_related(*BUILDER_ROWS)
    return get_scoped_or_404(queryset, user, pk=plan_id)


def plan_list(user, *, status=None, mine=False):
    plans = plan_queryset(user).filter(next_version__isnull=True)
    if status:
        plans = plans.filter(status=status)
    if mine:
        plans = plans.filter(therapist=user)
    return plans.order_by("-updated_at")


def templates_for(user):
    return scoped(PlanTemplate, user, include_shared=True).order_by("clinic_id", "name")


def prescription_of(item: PlanExercise) -> progression.Prescription:
    weighted = item.load_unit in ("kg", "lb")
    return progression.Prescription(
        sets=item.sets,
        reps_min=item.reps_min,
        reps_max=item.reps_max,
        hold_seconds=item.hold_seconds,
        load=float(item.load) if weighted else 0.0,
        load_unit=item.load_unit,
        band_colour=item.band_colour or None if item.load_unit == "band" else None,
        effort_type=item.effort_type or None,
        effort_target=float(item.effort_target)
        if item.effort_type and item.effort_target is not None
        else None,
        start_week=item.start_week,
    )


def rule_of(item: PlanExercise) -> progression.ProgressionRule:
    return progression.ProgressionRule(
        kind=item.rule,
        increment=float(item.increment) if item.increment is not None else None,
        increment_percent=float(item.increment_percent)
        if item.increment_percent is not None
        else None,
        start_rpe=float(item.start_rpe) if item.start_rpe is not None else 6,
        end_rpe=float(item.end_rpe) if item.end_rpe is not None else 8,
    )


def exercise_schedule(item: PlanExercise, duration_weeks: int) -> list[progression.WeekDose]:
    """The week-by-week doses for a plan exercise; [] if its prescription is not valid yet."""
    try:
        return progression.build_schedule(prescription_of(item), rule_of(item), duration_weeks)
    except progression.PrescriptionError:
        return []


def prescription_problem(item: PlanExercise, duration_weeks: int) -> str:
    """Why the exercise's dose cannot make a schedule yet, or "" when it can."""
    try:
        progression.validate(prescription_of(item), rule_of(item), duration_weeks)
    except progression.PrescriptionError as error:
        return str(error)
    return ""


def dose_text(item: PlanExercise, duration_weeks: int) -> str:
    """The prescription in plain words ("3 sets of 8-12 reps, 20 kg, RPE 7, each side")."""
    prescription = prescription_of(item)
    try:
        progression.validate(prescription, rule_of(item), duration_weeks)
    except progression.PrescriptionError:
        return "Dose not complete"
    text = progression.format_dose(
        progression.WeekDose(
            week=prescription.start_week,
            sets=prescription.sets,
            reps_min=prescription.reps_min,
            reps_max=prescription.reps_max,
            hold_seconds=prescription.hold_seconds,
            load=prescription.load,
            load_unit=prescription.load_unit,
            effort_type=prescription.effort_type,
            effort_target=prescription.effort_target,
            band_colour=prescription.band_colour,
        )
    )
    if item.side in ("left", "right"):
        text += f", {item.side} side"
    elif item.side == "each":
        text += ", each side"
    return text


def exercise_summary(item: PlanExercise, duration_weeks: int) -> str:
    """The builder row's dose line: "3 sets of 8-12 reps, 20 kg · Double progression ·
    from week 3" (the rule when there is one, the start week when it is not the first)."""
    parts = [dose_text(item, duration_weeks)]
    if item.rule != PlanExercise.Rule.NONE:
        parts.append(item.get_rule_display())
    if item.start_week > 1:
        parts.append(f"from week {item.start_week}")
    return " · ".join(parts)


# Thresholds on the intake's 1-5 scales (quality: higher is better; stress: higher is worse).
POOR_QUALITY_AT_MOST = 2
HIGH_STRESS_AT_LEAST = 4
SHORT_SLEEP_HOURS_BELOW = 6


def risk_band(result) -> str:
    """'low', 'medium' or 'high' from a STarT Back result's interpretation; '' when none."""
    if result is None:
        return ""
    band = (getattr(result, "interpretation", "") or "").lower()
    for risk in ("high", "medium", "low"):
        if risk in band:
            return risk
    return ""


# The intake answers intake_facts reads.
INTAKE_FACT_FIELDS = (
    "imaging_done",
    "imaging_scary_words",
    "sleep_hours",
    "sleep_quality",
    "stress_level",
    "diet_quality",
    "social_connection",
)


# The latest completed intake (as patients.selectors.latest_intake), with only the answers
# the suggestions read: not its red flags or its long free-text answers.
INTAKE_FACTS_SQL = f"""
    SELECT {", ".join(INTAKE_FACT_FIELDS)}
    FROM patients_intake
    WHERE patient_id = %(patient)s AND status = %(completed)s
    ORDER BY intake_date DESC, id DESC
    LIMIT 1
"""  # noqa: S608 (constant column names)


def sql_rows(sql: str, params: dict) -> list[tuple]:
    """The rows of a read written out in SQL (the side reads here and in plans.documents)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def intake_answers(patient) -> dict | None:
    """{field: answer} of INTAKE_FACT_FIELDS in the patient's latest completed intake."""
    from patients.models import Intake

    rows = sql_rows(INTAKE_FACTS_SQL, {"patient": patient.pk, "completed": Intake.Status.COMPLETED})
    return dict(zip(INTAKE_FACT_FIELDS, rows[0], strict=True)) if rows else None


def intake_facts(patient, *, latest: dict | None = None) -> rules.IntakeFacts:
    """What the latest completed intake and outcome results say, for handout suggestions.

    `latest` is latest_results_by_measure(patient) when the caller has it already.
    """
    intake = intake_answers(patient)
    if latest is None:
        latest = latest_results_by_measure(patient)
    start_back = latest.get("start_back")
    fabq = latest.get("fabq")
    fabq_pa = None
    if fabq is not None:
        fabq_pa = (fabq.subscales or {}).get("physical_activity", fabq.score)

    def poor(value):
        return value is not None and value <= POOR_QUALITY_AT_MOST

    if intake is None:
        intake = dict.fromkeys(INTAKE_FACT_FIELDS)
    sleep_hours = intake["sleep_hours"]
    return rules.IntakeFacts(
        start_back_risk=risk_band(start_back) or None,
        fabq_physical_activity=float(fabq_pa) if fabq_pa is not None else None,
        imaging_done=bool(intake["imaging_done"]),
        scary_words_heard=bool(intake["imaging_scary_words"]),
        poor_sleep=poor(intake["sleep_quality"])
        or (sleep_hours is not None and sleep_hours < SHORT_SLEEP_HOURS_BELOW),
        high_stress=(intake["stress_level"] or 0) >= HIGH_STRESS_AT_LEAST,
        poor_diet=poor(intake["diet_quality"]),
        low_social_connection=poor(intake["social_connection"]),
    )


# The columns of an outcome result its readers here use (score, interpretation, subscales,
# date), not the answers; in the model's field order, as Model.from_db takes them.
LATEST_RESULT_FIELDS = (
    "id",
    "patient_id",
    "instrument_key",
    "score",
    "subscales",
    "interpretation",
    "taken_at",
)
LATEST_RESULTS_SQL = f"""
    SELECT DISTINCT ON (instrument_key) {", ".join(LATEST_RESULT_FIELDS)}
    FROM patients_outcomeresult
    WHERE patient_id = %(patient)s
    ORDER BY instrument_key, taken_at DESC, id DESC
"""  # noqa: S608 (constant column names)


def latest_results(patient) -> list:
    """The latest result of each outcome measure the patient has (one query), as
    OutcomeResult objects with only LATEST_RESULT_FIELDS."""
    from patients.models import OutcomeResult

    subscales = OutcomeResult._meta.get_field("subscales")
    results = []
    for row in sql_rows(LATEST_RESULTS_SQL, {"patient": patient.pk}):
        values = dict(zip(LATEST_RESULT_FIELDS, row, strict=True))
        # The one column a driver hands over undecoded (JSON text), decoded as the ORM does.
        values["subscales"] = subscales.from_db_value(values["subscales"], None, connection)
        results.append(
            OutcomeResult.from_db(connection.alias, LATEST_RESULT_FIELDS, [*values.values()])
        )
    return results


def latest_results_by_measure(patient) -> dict:
    """{instrument key: the latest result} (one query)."""
    return {result.instrument_key: result for result in latest_results(patient)}


def latest_outcomes(patient) -> dict:
    """{instrument key: {"score", "interpretation", "taken_on"}} of each latest result."""
    return {
        result.instrument_key: {
            "score": float(result.score),
            "interpretation": result.interpretation or "",
            "taken_on": timezone.localdate(result.taken_at).isoformat(),
        }
        for result in latest_results(patient)
    }


def plan_snapshot(plan: PlanOfCare) -> dict:
    """What a reader compares between versions: section -> value or {item: description}."""
    return {
        "Diagnoses": {
            f"{d.code} {d.title}": ("primary" if i == 0 else "")
            for i, d in enumerate(plan.diagnoses.all())
        },
        "Goals": {
            g.activity: (
                f"{g.get_term_display()}, {g.baseline} → {g.target} by {g.due_date:%b %-d, %Y}"
            )
            for g in plan.goals.all()
        },
        "Frequency": f"{plan.visits_per_week} visits a week for {plan.duration_weeks} weeks",
        "Certification period": (
            f"{plan.certification_start:%b %-d, %Y} to {plan.certification_end:%b %-d, %Y}"
        ),
        "Prognosis": plan.get_prognosis_display(),
        "Education": {
            str(h.handout_version.title): "" for h in plan.handouts.all() if not h.removed
        },
        "Manual therapy": {
            str(
                m
            ): f"{m.get_grade_display() + ', ' if m.grade else ''}{m.dose} (CPT {m.cpt})".strip()
            for m in plan.manual_therapy.all()
            if not m.removed
        },
        "Exercise": {
            e.exercise.name: dose_text(e, plan.duration_weeks)
            + (f"; {e.get_rule_display().lower()}" if e.rule != "none" else "")
            for e in plan.exercises.all()
            if not e.removed
        },
        "Aerobic": aerobic_text(plan),
    }


def aerobic_text(plan: PlanOfCare) -> str:
    if not plan.aerobic_type:
        return ""
    parts = [plan.aerobic_type]
    if plan.aerobic_minutes:
        parts.append(f"{plan.aerobic_minutes} minutes")
    if plan.aerobic_days_per_week:
        parts.append(f"{plan.aerobic_days_per_week} days a week")
    if plan.aerobic_intensity:
        parts.append(plan.aerobic_intensity)
    return ", ".join(parts)


def plan_template_content(plan: PlanOfCare) -> dict:
    """The plan without the patient: what a template keeps."""

    def plain(value):
        return (
            float(value)
            if hasattr(value, "as_integer_ratio") and not isinstance(value, int)
            else value
        )

    return {
        "title": plan.title,
        "visits_per_week": plan.visits_per_week,
        "duration_weeks": plan.duration_weeks,
        "prognosis": plan.prognosis,
        "rehab_potential": plan.rehab_potential,
        "diagnoses": [d.code for d in plan.diagnoses.all()],
        "goals": [
            {
                "term": g.term,
                "activity": g.activity,
                "baseline": g.baseline,
                "target": g.target,
                "due_weeks": max(1, (g.due_date - plan.episode_start).days // 7),
                "instrument": g.instrument,
            }
            for g in plan.goals.all()
        ],
        "handouts": [h.handout_version.handout.slug for h in plan.handouts.all() if not h.removed],
        "manual_therapy": [
            {
                "technique": m.technique,
                "grade": m.grade,
                "region": m.region,
                "dose": m.dose,
                "muscles": m.muscles,
                "notes": m.notes,
            }
            for m in plan.manual_therapy.all()
            if not m.removed
        ],
        "exercises": [
            {"slug": e.exercise.slug, **{f: plain(getattr(e, f)) for f in PlanExercise.DOSE_FIELDS}}
            for e in plan.exercises.all()
            if not e.removed
        ],
        "aerobic": {
            "type": plan.aerobic_type,
            "minutes": plan.aerobic_minutes,
            "days_per_week": plan.aerobic_days_per_week,
            "intensity": plan.aerobic_intensity,
        },
    }


def goal_progress(plan: PlanOfCare, *, latest: dict | None = None) -> dict:
    """{goal id: {"percent", "text"}} for goals linked to a measure that has been re-scored.

    `latest` is latest_results_by_measure(plan.patient) when the caller has it already.
    """
    linked = [
        g
        for g in plan.goals.all()
        if g.instrument and g.baseline_score is not None and g.target_score is not None
    ]
    if not linked:
        return {}
    if latest is None:
        latest = latest_results_by_measure(plan.patient)
    progress = {}
    for goal in linked:
        result = latest.get(goal.instrument)
        if result is None:
            continue
        percent = rules.goal_progress_percent(
            float(goal.baseline_score), float(goal.target_score), float(result.score)
        )
        progress[goal.pk] = {
            "percent": percent,
            "text": f"Now {result.score_display} ({result.taken_on:%b %-d}): {percent}% of the way",
        }
    return progress


def _chain(plan: PlanOfCare, versions: dict) -> list[PlanOfCare]:
    """The versions of `plan` among `versions` ({id: plan} of its patient), oldest first."""
    first = plan
    while first.previous_id and first.previous_id in versions:
        first = versions[first.previous_id]
    by_previous = {p.previous_id: p for p in versions.values() if p.previous_id}
    chain = [first]
    while chain[-1].pk in by_previous:
        chain.append(by_previous[chain[-1].pk])
    return chain


def version_chain(user, plan: PlanOfCare) -> list[PlanOfCare]:
    """Every version of this plan, oldest first (one query over the patient's plans)."""
    return _chain(plan, {p.pk: p for p in plan_queryset(user).filter(patient=plan.patient)})


def episode_versions(plan: PlanOfCare, *, with_rows=False) -> list[PlanOfCare]:
    """Every version of an already scoped plan's episode, oldest first, for documents and
    visit counts (no user at hand: the plan's own patient limits the rows). One query, or
    one per row kind more `with_rows` (for snapshots and diffs)."""
    plans = plan.patient.plans.select_related("patient", "therapist", "signed_by")
    if with_rows:
        plans = plans.prefetch_related(*PLAN_ROWS)
    return _chain(plan, {p.pk: p for p in plans})


def diff_plans(user, older: PlanOfCare, newer: PlanOfCare) -> list[str]:
    older = get_plan_for_builder(user, older.pk)
    newer = get_plan_for_builder(user, newer.pk)
    return rules.diff_snapshots(plan_snapshot(older), plan_snapshot(newer))


def version_changes(chain: list[PlanOfCare]) -> list[dict]:
    """What changed at each amendment of a chain loaded by episode_versions(with_rows=True):
    [{"version", "reason", "created_at", "changes": [readable lines]}], oldest first."""
    return [
        {
            "version": newer.version,
            "reason": newer.amendment_reason,
            "created_at": newer.created_at,
            "changes": rules.diff_snapshots(plan_snapshot(older), plan_snapshot(newer)),
        }
        for older, newer in pairwise(chain)
    ]


# --- visits and the progress report due every 10 visits ---------------------------------------


def episode_root(plan: PlanOfCare, versions: dict | None = None) -> PlanOfCare:
    """The first version of the plan's episode (visits hang on it)."""
    if not plan.previous_id:
        return plan
    return _chain(plan, versions or {p.pk: p for p in plan.patient.plans.all()})[0]


def _progress_states(patient, roots: set[int], versions: dict) -> dict:
    """{episode root id: rules.ProgressReportState} for some of the patient's episodes.
    `versions` is {id: plan} of every plan version of the patient. Two queries: the
    progress reports, the visits."""
    from plans.documents import PROGRESS_REPORT
    from plans.models import PlanDocument, PlanVisit

    last_report = {}
    for document in PlanDocument.objects.filter(plan__patient=patient, kind=PROGRESS_REPORT).only(
        "plan_id", "created_at"
    ):
        root = _chain(versions[document.plan_id], versions)[0].pk
        if root not in last_report or document.created_at > last_report[root]:
            last_report[root] = document.created_at
    counts = {root: [0, 0] for root in roots}
    for visit in PlanVisit.objects.filter(episode_id__in=roots).only("episode_id", "recorded_at"):
        count = counts[visit.episode_id]
        count[0] += 1
        reported = last_report.get(visit.episode_id)
        if reported is None or visit.recorded_at > reported:
            count[1] += 1
    return {
        root: rules.progress_report_state(visits_in_episode=total, visits_since_report=since)
        for root, (total, since) in counts.items()
    }


def progress_report_states(patient, plans: list[PlanOfCare], versions: list[PlanOfCare]) -> dict:
    """{plan id: rules.ProgressReportState} for the patient's current plans (the chart).
    `versions` is every plan version of the patient (patient_plan_versions). Two queries,
    however many plans and visits."""
    by_id = {version.pk: version for version in versions}
    roots = {plan.pk: _chain(by_id[plan.pk], by_id)[0].pk for plan in plans}
    states = _progress_states(patient, set(roots.values()), by_id)
    return {plan_id: states[root] for plan_id, root in roots.items()}


def patient_plan_versions(patient) -> list[PlanOfCare]:
    """Every plan version of the patient, newest first. The chart's plan card and its
    timeline both read them: one query for the page (a no-op once loaded)."""
    prefetch_related_objects(
        [patient], Prefetch("plans", queryset=PlanOfCare.objects.order_by("-created_at", "-id"))
    )
    return list(patient.plans.all())


def current_plans(versions: list[PlanOfCare]) -> list[PlanOfCare]:
    """The newest version of each episode among every version of a patient's plans (the
    ones no later version amends), the latest episode first."""
    amended = {version.previous_id for version in versions if version.previous_id}
    return sorted(
        (version for version in versions if version.pk not in amended),
        key=lambda version: version.episode_start,
        reverse=True,
    )


# The patient's plan versions, each with the time of its latest progress report.
EPISODE_VERSIONS_SQL = """
    SELECT version.id, version.previous_id, max(document.created_at)
    FROM plans_planofcare version
    LEFT JOIN plans_plandocument document
        ON document.plan_id = version.id AND document.kind = %(report)s
    WHERE version.patient_id = %(patient)s
    GROUP BY version.id
"""
# An episode's visits, newest first, with who treated and the plan version in force.
EPISODE_VISITS_SQL = """
    SELECT visit.visit_date, visit.note, visit.recorded_at,
        therapist.first_name, therapist.last_name, therapist.credentials, version.version
    FROM plans_planvisit visit
    JOIN lbp_clinic_user therapist ON therapist.id = visit.therapist_id
    JOIN plans_planofcare version ON version.id = visit.plan_id
    WHERE visit.episode_id = %(episode)s
    ORDER BY visit.visit_date DESC, visit.id DESC
"""


@dataclass(frozen=True)
class _Version:
    pk: int
    previous_id: int | None
    last_progress_report: datetime | None


@dataclass(frozen=True)
class EpisodeVisit:
    visit_date: date
    note: str
    recorded_at: datetime
    therapist: str  # as signed: "Jo Park, DPT"
    plan_version: int


def episode_visits(plan: PlanOfCare) -> dict:
    """The visits of the plan's episode, newest first, and the progress-report reminder.

    Two queries: the patient's plan versions, each with its latest progress report (an
    aggregate), and the episode's visits, which also give the counts."""
    from plans.documents import PROGRESS_REPORT

    versions = {
        row[0]: _Version(*row)
        for row in sql_rows(
            EPISODE_VERSIONS_SQL, {"patient": plan.patient_id, "report": PROGRESS_REPORT}
        )
    }
    episode = _chain(versions.get(plan.pk, _Version(plan.pk, plan.previous_id, None)), versions)
    reports = [v.last_progress_report for v in episode if v.last_progress_report is not None]
    last_report = max(reports, default=None)
    visits = [
        EpisodeVisit(
            visit_date, note, recorded_at, signature_name(first, last, credentials), version
        )
        for visit_date, note, recorded_at, first, last, credentials, version in sql_rows(
            EPISODE_VISITS_SQL, {"episode": episode[0].pk}
        )
    ]
    since = sum(1 for v in visits if last_report is None or v.recorded_at > last_report)
    progress = rules.progress_report_state(visits_in_episode=len(visits), visits_since_report=since)
    return {"visits": visits, "progress": progress}


# --- the library, as the builder sees it ----------------------------------------------------


def search_library_exercises(user, query: str, limit: int = 12):
    """Exercises the user's clinic may prescribe (not archived, not aerobic: that is the
    plan's aerobic prescription), best matches first."""
    from exercises.selectors import exercise_search

    return list(exercise_search(user=user, query=query).exclude(category="aerobic")[:limit])


def _published_handouts(clinic):
    from education.models import Handout

    return (
        Handout.objects.for_clinic(clinic, include_shared=True)
        .published()
        .filter(current_version__isnull=False)
        .select_related("current_version")
    )


def search_library_handouts(user, query: str, limit: int = 12):
    from education.selectors import library_handouts

    handouts = library_handouts(user=user, query=query).filter(
        status="published", current_version__isnull=False
    )
    return [handout.current_version for handout in handouts[:limit]]


def get_published_version(user, handout_id):
    """The version a patient gets now of a handout the user's clinic may use, or None."""
    try:
        handout_id = int(handout_id)
    except (TypeError, ValueError):
        return None
    handout = _published_handouts(user.clinic).filter(pk=handout_id).first()
    return handout.current_version if handout else None


def published_handout_for_slug(slug, *, clinic):
    """The clinic's own handout with this slug if it has one, else the shared one."""
    handouts = sorted(
        _published_handouts(clinic).filter(slug=slug), key=lambda h: h.clinic_id is None
    )
    return handouts[0].current_version if handouts else None


# The clinic's own and the shared published handouts on some topics, each with the title
# of its current version (not the bodies), in the list's order (by title).
SUGGESTION_CANDIDATES_SQL = """
    SELECT handout.clinic_id, handout.topic, version.handout_id, version.title
    FROM education_handout handout
    JOIN education_handoutversion version ON version.id = handout.current_version_id
    WHERE (handout.clinic_id = %(clinic)s OR handout.clinic_id IS NULL)
        AND handout.status = %(published)s
        AND handout.topic = ANY(%(topics)s)
    ORDER BY handout.title, handout.id
"""


@dataclass(frozen=True)
class SuggestedVersion:
    """The current version of a suggested handout, as the builder shows it."""

    handout_id: int
    title: str


def suggested_handouts(plan: PlanOfCare, *, latest: dict | None = None, clinic=None) -> list[dict]:
    """Handouts the intake points to, each with its reason and whether the plan has it.

    `latest` as for intake_facts; `clinic` is the plan's clinic when the caller has it loaded.
    """
    from education.models import Handout

    suggestions = rules.suggest_handout_topics(intake_facts(plan.patient, latest=latest))
    # A topic the plan already covers (with any handout) shows that handout as done.
    in_plan = {
        h.handout_version.topic: h.handout_version for h in plan.handouts.all() if not h.removed
    }
    wanted = [s.topic for s in suggestions]
    by_topic = {}
    if wanted:
        clinic_id = (clinic or plan.clinic).pk
        candidates = sql_rows(
            SUGGESTION_CANDIDATES_SQL,
            {"clinic": clinic_id, "published": Handout.Status.PUBLISHED, "topics": wanted},
        )
        for handout_clinic_id, topic, handout_id, title in candidates:
            current = by_topic.get(topic)
            # The clinic's own handout wins over the shared one; then the first by title.
            if current is None or (current[0] is None and handout_clinic_id is not None):
                by_topic[topic] = (handout_clinic_id, SuggestedVersion(handout_id, title))
    rows = []
    for suggestion in suggestions:
        if suggestion.topic in in_plan:
            rows.append(
                {"version": in_plan[suggestion.topic], "reason": suggestion.reason, "in_plan": True}
            )
        elif suggestion.topic in by_topic:
            rows.append(
                {
                    "version": by_topic[suggestion.topic][1],
                    "reason": suggestion.reason,
                    "in_plan": False,
                }
            )
    return rows


def chart_events(patient, limit: int) -> list:
    """Plan events for the patient's chart timeline: started, signed, amended, discharged."""
    from patients.selectors import TimelineEvent

    events = []
    newest_first = sorted(patient_plan_versions(patient), key=lambda p: p.created_at, reverse=True)
    for plan in newest_first[:limit]:
        url = plan.get_absolute_url()
        label = f"{plan.title} (version {plan.version})"
        started = "Plan amended" if plan.previous_id else "Plan of care started"
        events.append(TimelineEvent(plan.created_at, "plan", started, label, url))
        if plan.signed_at:
            events.append(
                TimelineEvent(
                    plan.signed_at, "plan", "Plan signed", f"{label}, by {plan.signed_name}", url
                )
            )
        if plan.discharged_at:
            events.append(
                TimelineEvent(plan.discharged_at, "plan", "Discharged", plan.discharge_reason, url)
            )
    return events


# The patient's treatment visits, newest first, with the therapist's name only.
CHART_VISITS_SQL = """
    SELECT visit.plan_id, visit.visit_date, visit.note, visit.recorded_at,
        therapist.first_name, therapist.last_name, therapist.credentials
    FROM plans_planvisit visit
    JOIN lbp_clinic_user therapist ON therapist.id = visit.therapist_id
    WHERE visit.patient_id = %(patient)s
    ORDER BY visit.visit_date DESC, visit.id DESC
    LIMIT %(limit)s
"""


def chart_visit_events(patient, limit: int) -> list:
    """Treatment visits for the chart timeline (one query)."""
    from patients.selectors import TimelineEvent

    events = []
    for plan_id, visit_date, note, recorded_at, first, last, credentials in sql_rows(
        CHART_VISITS_SQL, {"patient": patient.pk, "limit": limit}
    ):
        therapist = signature_name(first, last, credentials)
        events.append(
            TimelineEvent(
                # The visit's day, at the time it was recorded, so same-day events keep order.
                timezone.make_aware(datetime.combine(visit_date, time(12)))
                if visit_date != timezone.localdate(recorded_at)
                else recorded_at,
                "visit",
                "Treatment visit",
                therapist + (f": {note}" if note else ""),
                object_url("plans:builder", plan_id) + "#visits",
            )
        )
    return events

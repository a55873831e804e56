"""Writes to plans of care. Every edit of a draft is a conditional update on `revision`.

Views call one service per request. A service that changes a draft takes the revision the
editor saw; if another save got there first, it raises PlanConflict and writes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from lbp_clinic.audit import audit_change, audit_record
from lbp_clinic.models import AuditEvent
from plans import rules, selectors
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


class PlanConflict(Exception):
    """Someone else saved this plan since the editor loaded it."""


class PlanLocked(Exception):
    """The plan is signed (or replaced): it cannot change; amend it instead."""


def _claim(plan: PlanOfCare, revision: int) -> None:
    """Take the next revision of a draft, or raise. Call inside a transaction."""
    if not plan.is_editable:
        raise PlanLocked("This plan is signed. Amend it to make changes.")
    claimed = PlanOfCare.objects.filter(
        pk=plan.pk, revision=revision, status=PlanOfCare.Status.DRAFT
    ).update(revision=F("revision") + 1, updated_at=timezone.now())
    if claimed != 1:
        raise PlanConflict(
            "Someone else saved this plan while you were editing. Your input is kept below: "
            "reload the plan to see their change, then apply yours again."
        )
    plan.revision = revision + 1


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


# --- creating ----------------------------------------------------------------------------


def plan_create(*, patient, therapist, request=None, template=None, today=None) -> PlanOfCare:
    """A new draft for the patient, classified from the latest intake; or from a template."""
    from patients import selectors as patient_selectors

    today = today or timezone.localdate()
    content = template.content if template else {}
    duration = int(content.get("duration_weeks", 8))
    intake = patient_selectors.latest_intake(patient)
    start_back = patient_selectors.latest_result(patient, "start_back")
    with transaction.atomic():
        plan = PlanOfCare.objects.create(
            clinic=patient.clinic,
            patient=patient,
            therapist=therapist,
            title=content.get("title") or (template.name if template else "Plan of care"),
            episode_start=today,
            visits_per_week=int(content.get("visits_per_week", 2)),
            duration_weeks=duration,
            certification_start=today,
            certification_end=rules.certification_period_end(today, duration),
            prognosis=content.get("prognosis", PlanOfCare.Prognosis.GOOD),
            rehab_potential=content.get("rehab_potential", PlanOfCare.RehabPotential.GOOD),
            symptom_duration_class=getattr(intake, "symptom_duration_class", "") or "",
            leg_pain=getattr(intake, "leg_pain", "") or "",
            start_back_risk=selectors.risk_band(start_back),
            aerobic_type=content.get("aerobic", {}).get("type", ""),
            aerobic_minutes=content.get("aerobic", {}).get("minutes"),
            aerobic_days_per_week=content.get("aerobic", {}).get("days_per_week"),
            aerobic_intensity=content.get("aerobic", {}).get("intensity", ""),
        )
        if content:
            _apply_template(plan, content, today)
        audit_change(request, plan, created=True, patient=patient) if request else audit_record(
            action=AuditEvent.Action.CREATE, user=therapist, obj=plan, patient=patient
        )
    return plan


def _apply_template(plan: PlanOfCare, content: dict, today) -> None:
    from exercises.models import Exercise

    for position, code in enumerate(content.get("diagnoses", []), start=1):
        PlanDiagnosis.objects.create(plan=plan, code=code, position=position)
    for position, goal in enumerate(content.get("goals", []), start=1):
        PlanGoal.objects.create(
            plan=plan,
            position=position,
            term=goal.get("term", "short"),
            activity=goal["activity"],
            baseline=goal.get("baseline", ""),
            target=goal.get("target", ""),
            due_date=today + timedelta(weeks=int(goal.get("due_weeks", plan.duration_weeks))),
            instrument=goal.get("instrument", ""),
        )
    for position, slug in enumerate(content.get("handouts", []), start=1):
        version = selectors.published_handout_for_slug(slug, clinic=plan.clinic)
        if version is not None:
            PlanHandout.objects.create(plan=plan, handout_version=version, position=position)
    for position, item in enumerate(content.get("manual_therapy", []), start=1):
        PlanManualTherapy.objects.create(
            plan=plan,
            position=position,
            technique=item["technique"],
            grade=item.get("grade", ""),
            region=item.get("region", "Lumbar spine"),
            dose=item.get("dose", ""),
            muscles=item.get("muscles"),
            notes=item.get("notes", ""),
        )
    library = {
        exercise.slug: exercise
        for exercise in Exercise.objects.for_clinic(plan.clinic, include_shared=True).filter(
            slug__in=[item["slug"] for item in content.get("exercises", [])], archived=False
        )
    }
    for position, item in enumerate(content.get("exercises", []), start=1):
        exercise = library.get(item["slug"])
        if exercise is None:
            continue
        dose = {**default_dose(exercise, plan.clinic), **_dose_fields(item)}
        PlanExercise.objects.create(plan=plan, exercise=exercise, position=position, **dose)


def _dose_fields(values: dict) -> dict:
    return {key: values[key] for key in PlanExercise.DOSE_FIELDS if key in values}


def default_dose(exercise, clinic) -> dict:
    """The plan's starting dose for a library exercise: its own defaults, in the clinic's units."""
    load_type = exercise.load_type
    unit = {"kg": clinic.units, "band": "band"}.get(load_type, "bodyweight")
    reps_min = exercise.reps_min or None
    reps_max = exercise.reps_max or None
    effort_type = (exercise.effort_type or "").upper()
    return {
        "sets": exercise.sets or 1,
        "reps_min": reps_min,
        "reps_max": reps_max if reps_max != reps_min else None,
        "hold_seconds": exercise.hold_seconds or None,
        "load": Decimal("0"),
        "load_unit": unit,
        "band_colour": "red" if unit == "band" else "",
        "effort_type": effort_type if effort_type in ("RPE", "RIR") else "",
        "effort_target": exercise.effort_target,
        "rest_seconds": exercise.rest_seconds or None,
        "days_per_week": exercise.days_per_week or 3,
        "rule": (
            PlanExercise.Rule.DOUBLE
            if unit in ("kg", "lb") and reps_max and reps_max > (reps_min or 0)
            else PlanExercise.Rule.NONE
        ),
    }


# --- editing a draft ---------------------------------------------------------------------


def plan_update(*, plan, revision, form, request) -> PlanOfCare:
    """Save a ModelForm bound to the plan itself or to one of its rows."""
    with transaction.atomic():
        _claim(plan, revision)
        instance = form.save()
        if isinstance(instance, PlanOfCare):
            plan.refresh_from_db()
        audit_change(request, instance, patient=plan.patient, changed_fields=form.changed_data)
    return instance


def plan_add_exercise(*, plan, revision, exercise, request) -> PlanExercise:
    with transaction.atomic():
        _claim(plan, revision)
        item = PlanExercise.objects.create(
            plan=plan,
            exercise=exercise,
            position=_next_position(plan.exercises.all()),
            **default_dose(exercise, plan.clinic),
        )
        audit_change(request, item, created=True, patient=plan.patient)
    return item


def plan_add_handout(*, plan, revision, handout_version, request) -> PlanHandout:
    with transaction.atomic():
        _claim(plan, revision)
        item = PlanHandout.objects.create(
            plan=plan, handout_version=handout_version, position=_next_position(plan.handouts.all())
        )
        audit_change(request, item, created=True, patient=plan.patient)
    return item


def plan_add_diagnosis(*, plan, revision, code: str, request) -> PlanDiagnosis:
    """Add an ICD-10-CM code (already validated) after the plan's other diagnoses."""
    with transaction.atomic():
        _claim(plan, revision)
        item = PlanDiagnosis.objects.create(
            plan=plan, code=code, position=_next_position(plan.diagnoses.all())
        )
        audit_change(request, item, created=True, patient=plan.patient)
    return item


def plan_add_row(*, plan, revision, form, request):
    """Add a diagnosis, goal or manual therapy row from its (unsaved) ModelForm."""
    with transaction.atomic():
        _claim(plan, revision)
        item = form.save(commit=False)
        item.plan = plan
        item.position = _next_position(type(item).objects.filter(plan=plan))
        item.full_clean()
        item.save()
        audit_change(request, item, created=True, patient=plan.patient)
    return item


def plan_move(*, plan, revision, item, direction: int, request) -> None:
    """Move a row one place up (-1) or down (+1) among its siblings."""
    with transaction.atomic():
        _claim(plan, revision)
        siblings = list(type(item).objects.filter(plan=plan).order_by("position", "id"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        target = index + direction
        if 0 <= target < len(siblings):
            siblings[index], siblings[target] = siblings[target], siblings[index]
        _renumber(siblings)
        audit_change(request, item, patient=plan.patient, changed_fields=["position"])


def plan_reorder(*, plan, revision, model, ordered_ids: list[int], request) -> None:
    """Put a section's rows in the given order (drag and drop); unknown ids are ignored."""
    with transaction.atomic():
        _claim(plan, revision)
        rows = {row.pk: row for row in model.objects.filter(plan=plan)}
        ordered = [rows.pop(pk) for pk in ordered_ids if pk in rows]
        ordered += sorted(rows.values(), key=lambda row: (row.position, row.pk))
        _renumber(ordered)
        audit_record(
            action=AuditEvent.Action.UPDATE,
            request=request,
            obj=plan,
            patient=plan.patient,
            detail={"reordered": model._meta.model_name},
        )


def _renumber(rows) -> None:
    for position, row in enumerate(rows, start=1):
        row.position = position
    type(rows[0]).objects.bulk_update(rows, ["position"]) if rows else None


def plan_set_removed(*, plan, revision, item, removed: bool, request) -> None:
    """Remove a row (kept, so Undo can bring it back) or bring it back."""
    with transaction.atomic():
        _claim(plan, revision)
        if hasattr(item, "removed"):
            item.removed = removed
            item.save(update_fields=["removed"])
            audit_change(request, item, patient=plan.patient, changed_fields=["removed"])
        elif removed:
            audit_record(
                action=AuditEvent.Action.DELETE, request=request, obj=item, patient=plan.patient
            )
            item.delete()


# --- signing, amending, certifying, discharging ----------------------------------------------


def plan_sign_problems(plan: PlanOfCare, user) -> list[str]:
    """What stands between this draft and a signature; empty when it can be signed.
    Reads the plan's rows through .all(), so a prefetched plan costs no queries."""
    problems = []
    if not user.is_therapist:
        problems.append("Only a physical therapist can sign a plan of care.")
    if not user.npi or not user.credentials:
        problems.append("Your NPI and credentials are needed: ask your clinic admin to add them.")
    if not plan.diagnoses.all():
        problems.append("Add at least one diagnosis.")
    if not any(goal.term == PlanGoal.Term.LONG for goal in plan.goals.all()):
        problems.append("Add at least one long-term functional goal.")
    if not any(not row.removed for row in plan.handouts.all()):
        problems.append("Add education: every plan includes at least one handout.")
    if not any(not row.removed for row in plan.manual_therapy.all()):
        problems.append("Add manual therapy: every plan combines it with exercise.")
    if not any(not row.removed for row in plan.exercises.all()):
        problems.append("Add exercise: every plan includes progressive exercise.")
    return problems


def plan_sign(*, plan, revision, request) -> PlanOfCare:
    user = request.user
    problems = plan_sign_problems(plan, user)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _claim(plan, revision)
        now = timezone.now()
        PlanOfCare.objects.filter(pk=plan.pk).update(
            status=PlanOfCare.Status.SIGNED,
            signed_by=user,
            signed_at=now,
            signed_name=user.get_full_name(),
            signed_credentials=user.credentials,
            signed_npi=user.npi,
        )
        plan.refresh_from_db()
        audit_record(action=AuditEvent.Action.SIGN, request=request, obj=plan, patient=plan.patient)
    return plan


def plan_amend(*, plan, reason, request) -> PlanOfCare:
    """Copy a signed plan into a new draft version; the signed one is kept unchanged."""
    if plan.status != PlanOfCare.Status.SIGNED:
        raise PlanLocked("Only the current signed plan can be amended.")
    with transaction.atomic():
        locked = PlanOfCare.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanOfCare.Status.SIGNED:
            raise PlanLocked("This plan was amended by someone else a moment ago.")
        PlanOfCare.objects.filter(pk=plan.pk).update(status=PlanOfCare.Status.AMENDED)
        new = PlanOfCare.objects.get(pk=plan.pk)
        new.pk = None
        new.id = None
        new._state.adding = True
        new.previous = locked
        new.version = locked.version + 1
        new.status = PlanOfCare.Status.DRAFT
        new.revision = 1
        new.signed_by = None
        new.signed_at = None
        new.signed_name = new.signed_credentials = new.signed_npi = ""
        new.amendment_reason = reason
        new.save()
        for model in (PlanDiagnosis, PlanGoal, PlanHandout, PlanManualTherapy, PlanExercise):
            rows = list(model.objects.filter(plan=locked))
            for row in rows:
                row.pk = None
                row.id = None
                row.plan = new
            model.objects.bulk_create(rows)
        audit_record(
            action=AuditEvent.Action.CREATE,
            request=request,
            obj=new,
            patient=new.patient,
            detail={"amends_version": locked.version, "reason": reason},
        )
    return new


def plan_certify(*, plan, form, request) -> PlanOfCare:
    """Record the physician's certification (allowed on a signed plan: it is not a plan change)."""
    with transaction.atomic():
        PlanOfCare.objects.filter(pk=plan.pk).update(
            physician_name=form.cleaned_data["physician_name"],
            physician_npi=form.cleaned_data["physician_npi"],
            physician_signed_on=form.cleaned_data["physician_signed_on"],
        )
        plan.refresh_from_db()
        audit_change(request, plan, patient=plan.patient, changed_fields=list(form.cleaned_data))
    return plan


def plan_discharge(*, plan, reason, request) -> PlanOfCare:
    if plan.status != PlanOfCare.Status.SIGNED:
        raise PlanLocked("Only a signed plan can be discharged.")
    with transaction.atomic():
        PlanOfCare.objects.filter(pk=plan.pk).update(
            status=PlanOfCare.Status.DISCHARGED,
            discharged_at=timezone.now(),
            discharge_reason=reason,
            episode_end=timezone.localdate(),
            discharge_outcomes=selectors.latest_outcomes(plan.patient),
        )
        plan.refresh_from_db()
        audit_change(
            request, plan, patient=plan.patient, changed_fields=["status", "discharge_reason"]
        )
    return plan


def visit_record(*, plan, visit_date, note="", request) -> PlanVisit:
    """Record a treatment visit on the plan's episode (any version but a discharged one)."""
    if plan.status == PlanOfCare.Status.DISCHARGED:
        raise PlanLocked("The patient is discharged from this plan: no more visits to record.")
    root = selectors.episode_root(plan)
    with transaction.atomic():
        visit = PlanVisit(
            episode=root,
            plan=plan,
            patient=plan.patient,
            visit_date=visit_date,
            therapist=request.user,
            note=note,
        )
        visit.full_clean()
        visit.save()
        audit_change(request, visit, created=True, patient=plan.patient)
    return visit


def template_save_from_plan(*, plan, name, request) -> PlanTemplate:
    """Save the plan's content (not the patient) as a clinic template."""
    from django.utils.text import slugify

    base = slugify(name)[:70] or "template"
    slug, n = base, 1
    while PlanTemplate.objects.filter(clinic=plan.clinic, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        template = PlanTemplate.objects.create(
            clinic=plan.clinic,
            slug=slug,
            name=name,
            content=selectors.plan_template_content(plan),
            description=f"Saved from a plan by {request.user.get_full_name()}.",
            created_by=request.user,
        )
        audit_record(action=AuditEvent.Action.CREATE, request=request, obj=template)
    return template

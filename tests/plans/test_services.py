"""Plan services: creation from the intake and templates, edits guarded by the revision,
signing, amending, certification, discharge."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lbp_clinic.models import AuditEvent
from plans import services
from plans.forms import DiagnosisForm, GoalForm, ManualTherapyForm
from plans.models import PlanExercise, PlanOfCare, PlanTemplate
from plans.selectors import dose_text, get_plan_for_builder, plan_snapshot


class Request:
    """The bits of a request the services use."""

    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


def complete_plan(plan, therapist, exercises, handouts):
    request = Request(therapist)
    form = _form(DiagnosisForm, {"code": "m54.59"})
    services.plan_add_diagnosis(
        plan=plan, revision=plan.revision, code=form.cleaned_data["code"], request=request
    )
    goal = _form(
        GoalForm, {"term": "long", "activity": "Lift a 15 kg box", "due_date": "2027-03-01"}
    )
    services.plan_add_row(plan=plan, revision=plan.revision, form=goal, request=request)
    manual = _form(ManualTherapyForm, {"technique": "soft_tissue_mobilization", "region": "Lumbar"})
    services.plan_add_row(plan=plan, revision=plan.revision, form=manual, request=request)
    services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=request
    )
    services.plan_add_handout(
        plan=plan,
        revision=plan.revision,
        handout_version=handouts["flare_up"].current_version,
        request=request,
    )
    return plan


def _form(form_class, data):
    form = form_class(data)
    assert form.is_valid(), form.errors
    return form


def test_a_new_plan_takes_its_classification_from_the_latest_intake(plan, patient, start_back_high):
    assert plan.status == "draft"
    assert plan.version == 1
    assert plan.symptom_duration_class == "chronic"
    assert plan.leg_pain == "below_knee"
    fresh = services.plan_create(patient=patient, therapist=plan.therapist)
    assert fresh.start_back_risk == "high"
    assert (fresh.certification_end - fresh.certification_start).days + 1 == 8 * 7


def test_starting_from_a_template_fills_all_three_components(
    patient, intake, therapist, exercises, handouts
):
    template = PlanTemplate.objects.create(
        slug="t",
        name="T",
        content={
            "visits_per_week": 2,
            "duration_weeks": 12,
            "diagnoses": ["M54.59"],
            "goals": [{"term": "long", "activity": "Lift a box", "due_weeks": 12}],
            "handouts": [handouts["flare_up"].slug],
            "manual_therapy": [
                {"technique": "non_thrust_mobilization", "grade": "III", "region": "L4-L5"}
            ],
            "exercises": [
                {
                    "slug": "kettlebell-deadlift",
                    "sets": 4,
                    "reps_min": 6,
                    "reps_max": 10,
                    "rule": "double_progression",
                }
            ],
            "aerobic": {"type": "Walking", "minutes": 30, "days_per_week": 5},
        },
    )
    plan = services.plan_create(patient=patient, therapist=therapist, template=template)
    assert [d.code for d in plan.diagnoses.all()] == ["M54.59"]
    assert plan.goals.get().activity == "Lift a box"
    assert plan.handouts.get().handout_version == handouts["flare_up"].current_version
    assert plan.manual_therapy.get().cpt == "97140"
    item = plan.exercises.get()
    assert (item.sets, item.reps_min, item.reps_max, item.rule) == (4, 6, 10, "double_progression")
    assert plan.certification_end == plan.certification_start + __import__("datetime").timedelta(
        days=83
    )


def test_added_exercise_is_prefilled_from_the_library_default(plan, exercises, therapist):
    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[1], request=Request(therapist)
    )
    assert (item.sets, item.reps_min, item.reps_max, item.hold_seconds, item.load_unit) == (
        3,
        6,
        8,
        5,
        "bodyweight",
    )
    assert dose_text(item, plan.duration_weeks) == "3 sets of 6-8 reps, hold 5 seconds, RPE 6"
    assert AuditEvent.objects.filter(
        action="create", object_type="plans.PlanExercise", patient_id=plan.patient_id
    ).exists()


def test_a_stale_revision_is_a_conflict_and_writes_nothing(plan, exercises, therapist):
    stale = plan.revision
    services.plan_add_exercise(
        plan=plan, revision=stale, exercise=exercises[0], request=Request(therapist)
    )
    with pytest.raises(services.PlanConflict):
        services.plan_add_exercise(
            plan=plan, revision=stale, exercise=exercises[1], request=Request(therapist)
        )
    assert list(plan.exercises.values_list("exercise__name", flat=True)) == ["Kettlebell deadlift"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_two_connections_give_one_winner_and_one_conflict(
    django_db_blocker,
):
    from tests.factories import ClinicFactory, UserFactory
    from tests.patients.factories import PatientFactory

    clinic = ClinicFactory(name="Race Clinic")
    therapist = UserFactory(clinic=clinic, email="race@clinic.example")
    plan = services.plan_create(patient=PatientFactory(clinic=clinic), therapist=therapist)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(title):
        try:
            mine = PlanOfCare.objects.get(pk=plan.pk)
            barrier.wait()
            from plans.forms import PlanDetailsForm

            data = {**PlanDetailsForm(instance=mine).initial, "title": title}
            data = {k: ("" if v is None else v) for k, v in data.items()}
            form = PlanDetailsForm(data, instance=mine)
            assert form.is_valid(), form.errors
            services.plan_update(plan=mine, revision=1, form=form, request=Request(therapist))
            outcomes.append(("won", title))
        except services.PlanConflict:
            outcomes.append(("conflict", title))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result for result, _ in outcomes) == ["conflict", "won"]
    winner = next(title for result, title in outcomes if result == "won")
    plan.refresh_from_db()
    assert plan.title == winner
    assert plan.revision == 2
    connection.close()


def test_signing_needs_all_three_components_and_a_long_term_goal(plan, therapist):
    problems = services.plan_sign_problems(plan, therapist)
    assert "Add at least one diagnosis." in problems
    assert "Add education: every plan includes at least one handout." in problems
    assert "Add manual therapy: every plan combines it with exercise." in problems
    assert "Add exercise: every plan includes progressive exercise." in problems
    with pytest.raises(ValidationError):
        services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))


def test_only_a_therapist_with_an_npi_can_sign(plan, clinic_admin, therapist, exercises, handouts):
    complete_plan(plan, therapist, exercises, handouts)
    assert "Only a physical therapist can sign a plan of care." in services.plan_sign_problems(
        plan, clinic_admin
    )
    therapist.npi = ""
    assert any("NPI" in p for p in services.plan_sign_problems(plan, therapist))


def test_a_signed_plan_is_read_only_and_amending_keeps_the_old_version(
    plan, therapist, exercises, handouts
):
    complete_plan(plan, therapist, exercises, handouts)
    signed = services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    assert signed.status == "signed"
    assert signed.signed_name == therapist.get_full_name()
    assert signed.signed_npi == therapist.npi
    assert AuditEvent.objects.filter(action="sign", object_id=str(plan.pk)).exists()
    with pytest.raises(services.PlanLocked):
        services.plan_add_exercise(
            plan=signed, revision=signed.revision, exercise=exercises[1], request=Request(therapist)
        )

    amended = services.plan_amend(plan=signed, reason="Progressing", request=Request(therapist))
    signed.refresh_from_db()
    assert signed.status == "amended"
    assert (amended.version, amended.status, amended.previous_id) == (2, "draft", signed.pk)
    assert amended.exercises.count() == signed.exercises.count() == 1
    services.plan_add_exercise(
        plan=amended, revision=amended.revision, exercise=exercises[1], request=Request(therapist)
    )
    assert signed.exercises.count() == 1  # the signed version never changes
    with pytest.raises(services.PlanLocked):
        services.plan_amend(plan=signed, reason="again", request=Request(therapist))


def test_the_diff_between_versions_is_readable(plan, therapist, exercises, handouts):
    from plans.rules import diff_snapshots

    complete_plan(plan, therapist, exercises, handouts)
    signed = services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    amended = services.plan_amend(plan=signed, reason="Progressing", request=Request(therapist))
    services.plan_add_exercise(
        plan=amended, revision=amended.revision, exercise=exercises[2], request=Request(therapist)
    )
    old = plan_snapshot(get_plan_for_builder(therapist, signed.pk))
    new = plan_snapshot(get_plan_for_builder(therapist, amended.pk))
    assert diff_snapshots(old, new) == [
        "Exercise: added Side plank (3 sets, hold 20 seconds, RPE 6)"
    ]


def test_certification_and_discharge(plan, therapist, exercises, handouts, patient):
    from django.utils import timezone

    from plans.forms import CertificationForm
    from tests.patients.factories import make_result

    complete_plan(plan, therapist, exercises, handouts)
    signed = services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    assert signed.certification_status.state == "awaiting"
    form = CertificationForm(
        {
            "physician_name": "Dr A. Smith",
            "physician_npi": "1234567893",
            "physician_signed_on": timezone.localdate(),
        },
        plan=signed,
    )
    assert form.is_valid(), form.errors
    services.plan_certify(plan=signed, form=form, request=Request(therapist))
    assert signed.certification_status.state in ("certified", "due")
    make_result(patient, "nprs", [2])
    discharged = services.plan_discharge(
        plan=signed, reason="Goals met", request=Request(therapist)
    )
    assert discharged.status == "discharged"
    assert discharged.discharge_outcomes["nprs"]["score"] == 2.0


def test_saving_a_plan_as_a_template_keeps_the_content_not_the_patient(
    plan, therapist, exercises, handouts
):
    complete_plan(plan, therapist, exercises, handouts)
    template = services.template_save_from_plan(
        plan=plan, name="Chronic LBP, strength focus", request=Request(therapist)
    )
    assert template.clinic == plan.clinic
    assert template.content["exercises"][0]["slug"] == "kettlebell-deadlift"
    assert "Maria" not in str(template.content)
    again = services.template_save_from_plan(
        plan=plan, name="Chronic LBP, strength focus", request=Request(therapist)
    )
    assert again.slug == "chronic-lbp-strength-focus-2"


def test_starter_templates_load_idempotently(db):
    import io

    from django.apps import apps

    config = apps.get_app_config("plans")
    config.load_library(io.StringIO())
    assert PlanTemplate.objects.filter(clinic=None).count() == 3
    out = io.StringIO()
    config.load_library(out)
    assert "0 added, 0 updated" in out.getvalue()


def test_exercise_rows_are_kept_for_undo(plan, therapist, exercises):
    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=Request(therapist)
    )
    services.plan_set_removed(
        plan=plan, revision=plan.revision, item=item, removed=True, request=Request(therapist)
    )
    assert PlanExercise.objects.get(pk=item.pk).removed
    services.plan_set_removed(
        plan=plan, revision=plan.revision, item=item, removed=False, request=Request(therapist)
    )
    assert not PlanExercise.objects.get(pk=item.pk).removed


def test_a_plan_signed_late_in_the_evening_can_be_certified_that_same_local_day(
    plan, therapist, exercises, handouts
):
    # 23:30 in the clinic's time zone is already the next day in UTC: the physician's
    # date is compared with the therapist's local signing date, not the UTC one.
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from plans.forms import CertificationForm
    from plans.models import PlanOfCare

    complete_plan(plan, therapist, exercises, handouts)
    signed = services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    yesterday = timezone.localdate() - timedelta(days=1)
    late = timezone.make_aware(datetime.combine(yesterday, time(23, 30)))
    assert late.astimezone(timezone.UTC).date() != yesterday  # the case this test is about
    PlanOfCare.objects.filter(pk=signed.pk).update(signed_at=late)
    signed.refresh_from_db()
    form = CertificationForm(
        {"physician_name": "Dr A. Smith", "physician_npi": "1234567893",
         "physician_signed_on": yesterday},
        plan=signed,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    # The certification is due 30 days after the local signing date (the label says it).
    due = yesterday + timedelta(days=30)
    assert f"{due:%b %-d, %Y}" in signed.certification_status.label

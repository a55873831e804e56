"""The clinician's documents, read back from the PDF: the plan of care (every Medicare
element, every diagnosis code, goal and CPT number, the signature and certification
blocks) and the progress report (every measure's scores, goal status, plan changes,
visits); what their inputs pin; and SECURITY 13 for both."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from lbp_clinic.documents import render_pdf
from plans import services
from plans.documents import PLAN_OF_CARE, PROGRESS_REPORT, plan_of_care, progress_report
from plans.forms import GoalForm, ManualTherapyForm
from plans.models import PlanOfCare
from tests.document_attacks import assert_pdf_is_clean, hostile_html, pdf_text
from tests.exercises.factories import ExerciseFactory
from tests.patients.factories import make_result
from tests.plans.test_services import Request


def render(spec) -> bytes:
    return render_pdf(render_to_string(spec.template, spec.context), stylesheets=spec.stylesheets)


def text_of(spec) -> str:
    """The PDF's words, with line breaks and runs of spaces as single spaces."""
    return " ".join(pdf_text(render(spec)).split())


def _add(plan, form_class, data):
    form = form_class(data)
    assert form.is_valid(), form.errors
    services.plan_add_row(plan=plan, revision=plan.revision, form=form, request=_req(plan))
    plan.refresh_from_db()


def _req(plan):
    return Request(plan.therapist)


@pytest.fixture
def results(patient):
    today = timezone.localdate()
    return [
        make_result(patient, "nprs", 7, taken_on=today - timedelta(days=40)),
        make_result(
            patient, "odi", [4, 3, 3, 2, 3, 2, 2, None, 2, 2], taken_on=today - timedelta(days=40)
        ),
        make_result(
            patient, "start_back", [1, 0, 1, 1, 1, 1, 1, 0, 3], taken_on=today - timedelta(days=40)
        ),
        make_result(patient, "nprs", 5, taken_on=today - timedelta(days=20)),
        make_result(patient, "nprs", 4, taken_on=today - timedelta(days=2)),
        make_result(
            patient, "odi", [1, 0, 1, 0, 1, 0, 1, None, 0, 1], taken_on=today - timedelta(days=2)
        ),
    ]


@pytest.fixture
def full_plan(plan, exercises, handouts, results):
    """A draft with two diagnoses, three goals, all three components and every CPT kind."""
    request = _req(plan)
    for code in ("M54.42", "G89.29"):
        services.plan_add_diagnosis(plan=plan, revision=plan.revision, code=code, request=request)
        plan.refresh_from_db()
    due = (timezone.localdate() + timedelta(weeks=4)).isoformat()
    later = (timezone.localdate() + timedelta(weeks=10)).isoformat()
    _add(
        plan,
        GoalForm,
        {
            "term": "short",
            "activity": "Sit through a 60-minute meeting",
            "baseline": "Sits 20 minutes",
            "target": "Sits 60 minutes",
            "due_date": due,
            "instrument": "nprs",
            "baseline_score": "7",
            "target_score": "3",
        },
    )
    _add(
        plan,
        GoalForm,
        {
            "term": "long",
            "activity": "Lift a 12 kg child from the floor",
            "baseline": "Avoids lifting",
            "target": "Lifts 12 kg 5 times",
            "due_date": later,
        },
    )
    _add(
        plan,
        GoalForm,
        {
            "term": "long",
            "activity": "Oswestry from moderate to minimal",
            "baseline": "ODI at intake",
            "target": "ODI 20 or less",
            "due_date": later,
            "instrument": "odi",
            "baseline_score": "40",
            "target_score": "20",
        },
    )
    _add(
        plan,
        ManualTherapyForm,
        {
            "technique": "non_thrust_mobilization",
            "grade": "III",
            "region": "L4-L5",
            "dose": "3 bouts of 30 seconds",
            "notes": "Stop if leg symptoms spread.",
        },
    )
    _add(
        plan,
        ManualTherapyForm,
        {"technique": "dry_needling", "region": "Lumbar multifidus", "muscles": "3"},
    )
    _add(
        plan,
        ManualTherapyForm,
        {"technique": "soft_tissue_mobilization", "region": "Gluteals", "muscles": ""},
    )
    carry = ExerciseFactory(name="Suitcase carry", slug="suitcase-carry", movement_pattern="carry")
    for exercise in (*exercises[:2], carry):
        services.plan_add_exercise(
            plan=plan, revision=plan.revision, exercise=exercise, request=request
        )
        plan.refresh_from_db()
    for handout in handouts.values():
        services.plan_add_handout(
            plan=plan,
            revision=plan.revision,
            handout_version=handout.current_version,
            request=request,
        )
        plan.refresh_from_db()
    return plan


@pytest.fixture
def signed_plan(full_plan):
    services.plan_sign(plan=full_plan, revision=full_plan.revision, request=_req(full_plan))
    PlanOfCare.objects.filter(pk=full_plan.pk).update(
        physician_name="Dr. Helen Brooks",
        physician_npi="1245319599",
        physician_signed_on=timezone.localdate(),
    )
    full_plan.refresh_from_db()
    return full_plan


# --- the plan of care ---------------------------------------------------------------------


def test_the_plan_of_care_has_every_medicare_element(signed_plan, therapist):
    spec = plan_of_care.build(signed_plan)
    text = text_of(spec)
    plan = signed_plan
    today = timezone.localdate()
    elements = {
        "patient": ["Maria Lopez", "Mar 22, 1968", plan.patient.mrn],
        "diagnoses with ICD-10 codes": [
            "Diagnoses",
            "M54.42",
            "Lumbago with sciatica, left side",
            "G89.29",
            "Primary",
        ],
        "evaluation findings": [
            "Evaluation findings",
            "Red-flag screen",
            "Negative",
            "Symptom duration",
            "Chronic",
            "Leg pain below the knee",
            "STarT Back risk",
        ],
        "outcome scores": ["Numeric Pain Rating Scale", "Oswestry Disability Index", "MCID"],
        "short-term goals": ["Short-term goals", "Sit through a 60-minute meeting"],
        "long-term functional goals": [
            "Long-term functional goals",
            "Lift a 12 kg child from the floor",
            "Oswestry from moderate to minimal",
        ],
        "goal baseline, target and timeframe": [
            "Sits 20 minutes",
            "Sits 60 minutes",
            f"By {today + timedelta(weeks=4):%b %-d, %Y}",
        ],
        "frequency": ["Frequency", f"{plan.visits_per_week} visits a week"],
        "duration": ["Duration", f"{plan.duration_weeks} weeks"],
        "type and amount of services": [
            "Education",
            "Manual therapy",
            "Exercise",
            "3 bouts of 30 seconds",
        ],
        "certification period": [
            "Certification period",
            f"{plan.certification_start:%b %-d, %Y} to {plan.certification_end:%b %-d, %Y}",
        ],
        "therapist's signature": [
            therapist.get_full_name(),
            "DPT",
            "1234567893",
            f"{timezone.localtime(plan.signed_at):%b %-d, %Y}",
        ],
        "physician's certification": [
            "Physician certification",
            "Dr. Helen Brooks",
            "1245319599",
            f"{today:%b %-d, %Y}",
        ],
    }
    missing = {name: [w for w in words if w not in text] for name, words in elements.items()}
    assert {name: words for name, words in missing.items() if words} == {}
    assert "DRAFT" not in text
    assert "Not signed" not in text


def test_every_intervention_has_its_cpt_number_and_no_descriptor_text(signed_plan):
    text = text_of(plan_of_care.build(signed_plan))
    for cpt in ("97535", "97140", "20561", "97110", "97112", "97530"):
        assert f"CPT {cpt}" in text or cpt in text, cpt
    # Licensed descriptor wording stays out; our own words name the interventions.
    for licensed in (
        "each 15 minutes",
        "Therapeutic exercise",
        "Neuromuscular reeducation",
        "one or more regions",
        "Self-care/home management",
    ):
        assert licensed.lower() not in text.lower()


def test_the_cpt_of_each_exercise_follows_what_it_trains(signed_plan):
    rows = plan_of_care.build(signed_plan).context["interventions"]["exercises"]
    assert {row["name"]: row["cpt"] for row in rows} == {
        "Kettlebell deadlift": "97110",
        "Bird dog": "97112",
        "Suitcase carry": "97530",
    }


def test_a_draft_prints_marked_draft_and_not_signed(full_plan):
    text = text_of(plan_of_care.build(full_plan))
    assert "DRAFT" in text
    assert "Not signed." in text
    assert "It cannot be certified or billed" in text


def test_an_uncertified_plan_leaves_the_physician_block_to_fill(full_plan):
    services.plan_sign(plan=full_plan, revision=full_plan.revision, request=_req(full_plan))
    text = text_of(plan_of_care.build(full_plan))
    assert "Not yet certified" in text
    assert "Physician certification" in text and "Signature" in text


def test_the_inputs_pin_the_version_the_intake_and_the_results(signed_plan, intake, results):
    spec = plan_of_care.build(signed_plan)
    assert spec.kind == PLAN_OF_CARE and spec.patient_facing is False
    assert spec.stylesheets == ("css/print.css", "plans/clinical_documents.css")
    inputs = spec.inputs
    assert (inputs["plan_id"], inputs["plan_version"]) == (signed_plan.pk, 1)
    assert inputs["intake_id"] == intake.pk
    assert inputs["outcome_result_ids"] == sorted(r.pk for r in results)
    # Recording the physician's certification changes the document, so it changes the inputs.
    PlanOfCare.objects.filter(pk=signed_plan.pk).update(physician_npi="1003000126")
    signed_plan.refresh_from_db()
    assert plan_of_care.build(signed_plan).inputs != inputs
    make_result(signed_plan.patient, "nprs", 3)
    assert (
        plan_of_care.build(signed_plan).inputs["outcome_result_ids"]
        != (inputs["outcome_result_ids"])
    )


def test_a_draft_edit_changes_the_inputs(full_plan, exercises):
    before = plan_of_care.build(full_plan).inputs
    services.plan_add_exercise(
        plan=full_plan, revision=full_plan.revision, exercise=exercises[2], request=_req(full_plan)
    )
    full_plan.refresh_from_db()
    assert plan_of_care.build(full_plan).inputs != before
    assert plan_of_care.build(full_plan, large_print=True).inputs["large_print"] is True


def test_the_same_plan_gives_the_same_inputs(signed_plan):
    assert plan_of_care.build(signed_plan).inputs == plan_of_care.build(signed_plan).inputs


# --- the progress report ------------------------------------------------------------------


def test_the_progress_report_shows_every_measure_and_score(signed_plan, results):
    for day in (30, 25, 20):
        services.visit_record(
            plan=signed_plan,
            visit_date=timezone.localdate() - timedelta(days=day),
            request=_req(signed_plan),
        )
    spec = progress_report.build(signed_plan)
    pdf = render(spec)
    text = " ".join(pdf_text(pdf).split())
    assert spec.kind == PROGRESS_REPORT
    for name in (
        "Numeric Pain Rating Scale",
        "Oswestry Disability Index",
        "Keele STarT Back Screening Tool",
    ):
        assert name in text
    for result in results:
        assert f"{result.taken_on:%b %-d, %Y}" in text
        assert result.score_display in text
    assert "3 points better (42.9%)" in text
    assert "Meets the MCID (2 points or 30%)" in text
    assert "Baseline only" in text  # STarT Back, scored once
    assert "Visits so far 3" in text
    # The trend charts are drawn as vectors (SVG), not pictures.
    assert pdf.count(b"/Subtype /Image") == 0
    assert spec.inputs["visit_count"] == 3


def test_goal_status_is_met_progressing_or_not_met(signed_plan, patient):
    text = text_of(progress_report.build(signed_plan))
    # NPRS 7 -> 4 towards 3: progressing; ODI 40 -> 11.1 (target 20): met; lifting: no measure.
    assert "Progressing Now 4 (" in text
    assert "Met Now 11.1 (" in text
    assert "Not re-measured" in text
    make_result(patient, "nprs", 8)
    assert "Not met Now 8" in text_of(progress_report.build(signed_plan))


def test_the_progress_report_shows_the_plan_changes(signed_plan, exercises):
    amended = services.plan_amend(
        plan=signed_plan, reason="Add a side plank", request=_req(signed_plan)
    )
    services.plan_add_exercise(
        plan=amended, revision=amended.revision, exercise=exercises[2], request=_req(amended)
    )
    amended.refresh_from_db()
    spec = progress_report.build(amended)
    text = " ".join(pdf_text(render(spec)).split())
    assert "Version 1, signed" in text and "(replaced by version 2)" in text
    assert "Why amended: Add a side plank" in text
    assert "What changed in version 2" in text
    assert "Exercise: added Side plank" in text
    assert "DRAFT" in text  # version 2 is not signed yet
    assert [v[1] for v in spec.inputs["versions"]] == [1, 2]


def test_a_new_visit_changes_the_report_inputs(signed_plan):
    before = progress_report.build(signed_plan).inputs
    services.visit_record(
        plan=signed_plan, visit_date=timezone.localdate(), request=_req(signed_plan)
    )
    after = progress_report.build(signed_plan).inputs
    assert (before["visit_count"], after["visit_count"]) == (0, 1)


# --- SECURITY 13 --------------------------------------------------------------------------


@pytest.mark.parametrize("module", [plan_of_care, progress_report], ids=["poc", "progress"])
def test_hostile_content_reads_no_file_and_makes_no_connection(
    module, signed_plan, intake, listener
):
    hostile = hostile_html(listener.url)
    # Text fields long enough to hold the attack are stored; short ones are set in the
    # context the template gets (what is tested is that the template escapes them).
    signed_plan.manual_therapy.update(notes=hostile)
    intake.__class__.objects.filter(pk=intake.pk).update(
        chief_complaint=hostile, clinical_impression=hostile
    )
    PlanOfCare.objects.filter(pk=signed_plan.pk).update(amendment_reason=hostile)
    services.visit_record(
        plan=signed_plan, visit_date=timezone.localdate(), request=_req(signed_plan)
    )
    spec = module.build(signed_plan)
    spec.context["patient"]["name"] = hostile
    spec.context["clinic"]["name"] = hostile
    goal_rows = spec.context["goals"]
    rows = goal_rows if isinstance(goal_rows, list) else goal_rows["short"] + goal_rows["long"]
    for row in rows:
        row["goal"].activity = hostile
    for visit in spec.context.get("visits", []):
        visit.note = hostile
    pdf = render(spec)
    assert_pdf_is_clean(pdf)
    listener.assert_untouched()
    text = pdf_text(pdf)
    assert "Before the tricks." in text and "After the tricks." in text

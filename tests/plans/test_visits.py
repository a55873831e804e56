"""Treatment visits: the progress-report rule, recording a visit (roles, isolation, audit,
bad input) and where visits show (builder, chart card, timeline)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lbp_clinic.models import AuditEvent
from plans import rules, selectors, services
from plans.documents import PROGRESS_REPORT
from plans.models import PlanDocument, PlanOfCare, PlanVisit
from tests.plans.test_services import Request, complete_plan


def visit_url(plan):
    return reverse("plans:record-visit", args=[plan.pk])


def add_visits(plan, user, count, *, start=None):
    day = start or plan.episode_start
    for _ in range(count):
        services.visit_record(plan=plan, visit_date=day, request=Request(user))


@pytest.mark.parametrize(
    ("visits", "due"), [(0, False), (1, False), (9, False), (10, True), (11, True), (23, True)]
)
def test_a_progress_report_is_due_from_the_tenth_visit(visits, due):
    assert rules.progress_report_due(visits) is due


def test_the_reminder_counts_down_to_the_tenth_visit():
    assert rules.progress_report_state(visits_in_episode=0, visits_since_report=0).label == (
        "Progress report due in 10 visits"
    )
    assert rules.progress_report_state(visits_in_episode=9, visits_since_report=9).label == (
        "Progress report due in 1 visit"
    )
    state = rules.progress_report_state(visits_in_episode=10, visits_since_report=10)
    assert state.due and state.label == "Progress report due: 10 visits this episode"
    state = rules.progress_report_state(visits_in_episode=21, visits_since_report=11)
    assert state.due and state.label == "Progress report due: 11 visits since the last report"


def test_a_report_starts_the_count_again(plan, therapist):
    add_visits(plan, therapist, 9)
    assert not selectors.episode_visits(plan)["progress"].due
    add_visits(plan, therapist, 1)
    assert selectors.episode_visits(plan)["progress"].due
    PlanDocument.objects.create(
        plan=plan, kind=PROGRESS_REPORT, title="Progress report", created_by=therapist, pdf=b""
    )
    progress = selectors.episode_visits(plan)["progress"]
    assert (progress.visits_in_episode, progress.visits_since_report, progress.due) == (
        10,
        0,
        False,
    )
    add_visits(plan, therapist, 10)
    progress = selectors.episode_visits(plan)["progress"]
    assert (progress.visits_in_episode, progress.visits_since_report, progress.due) == (
        20,
        10,
        True,
    )


def test_another_kind_of_document_does_not_reset_the_count(plan, therapist):
    add_visits(plan, therapist, 10)
    PlanDocument.objects.create(
        plan=plan, kind="plan-of-care", title="Plan of care", created_by=therapist, pdf=b""
    )
    assert selectors.episode_visits(plan)["progress"].due


def test_visits_belong_to_the_episode_across_amendments(
    plan, therapist, exercises, handouts, therapist_client
):
    complete_plan(plan, therapist, exercises, handouts)
    plan.refresh_from_db()
    services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    add_visits(plan, therapist, 6)
    amended = services.plan_amend(plan=plan, reason="Add a goal", request=Request(therapist))
    add_visits(amended, therapist, 4)
    assert set(PlanVisit.objects.values_list("episode_id", flat=True)) == {plan.pk}
    progress = selectors.episode_visits(amended)["progress"]
    assert (progress.visits_in_episode, progress.due) == (10, True)
    # A report on the amended version counts for the whole episode.
    PlanDocument.objects.create(
        plan=amended, kind=PROGRESS_REPORT, title="Progress report", created_by=therapist, pdf=b""
    )
    assert not selectors.episode_visits(plan)["progress"].due
    html = therapist_client.get(reverse("plans:builder", args=[amended.pk])).content.decode()
    assert "10 visits this episode" in html


def test_a_therapist_records_a_visit_from_the_builder(therapist_client, plan, therapist):
    today = timezone.localdate()
    response = therapist_client.post(
        visit_url(plan),
        {"visit_date": today.isoformat(), "note": "Added the deadlift"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="visits"' in html
    assert "1 visit this episode" in html
    assert "Added the deadlift" in html
    assert "Progress report due in 9 visits" in html
    visit = PlanVisit.objects.get()
    assert (visit.plan, visit.episode, visit.therapist, visit.visit_date) == (
        plan,
        plan,
        therapist,
        today,
    )
    event = AuditEvent.objects.get(action="create", object_type="plans.PlanVisit")
    assert (event.object_id, event.patient_id, event.actor_id) == (
        str(visit.pk),
        plan.patient_id,
        therapist.pk,
    )


def test_without_javascript_recording_a_visit_redirects_back(therapist_client, plan):
    response = therapist_client.post(
        visit_url(plan), {"visit_date": timezone.localdate().isoformat()}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plans:builder", args=[plan.pk])
    assert "recorded" in response.content.decode()


def test_the_tenth_visit_shows_progress_report_due_on_the_builder_and_the_chart(
    therapist_client, plan, therapist
):
    add_visits(plan, therapist, 9)
    builder = therapist_client.get(reverse("plans:builder", args=[plan.pk])).content.decode()
    chart = therapist_client.get(reverse("patients:chart", args=[plan.patient_id])).content
    assert "Progress report due in 1 visit" in builder
    assert "Progress report due" not in chart.decode()
    add_visits(plan, therapist, 1)
    builder = therapist_client.get(reverse("plans:builder", args=[plan.pk])).content.decode()
    chart = therapist_client.get(reverse("patients:chart", args=[plan.patient_id])).content
    assert "Progress report due: 10 visits this episode" in builder
    assert "Progress report due: 10 visits this episode" in chart.decode()


def test_the_chart_shows_the_amended_version_with_its_episode_visits(
    therapist_client, plan, therapist, exercises, handouts
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chart_url = reverse("patients:chart", args=[plan.patient_id])

    def chart():
        with CaptureQueriesContext(connection) as captured:
            html = therapist_client.get(chart_url).content.decode()
        return html, len(captured)

    complete_plan(plan, therapist, exercises, handouts)
    plan.refresh_from_db()
    _, one_version = chart()
    services.plan_sign(plan=plan, revision=plan.revision, request=Request(therapist))
    add_visits(plan, therapist, 6)
    amended = services.plan_amend(plan=plan, reason="Add a goal", request=Request(therapist))
    add_visits(amended, therapist, 4)
    html, two_versions = chart()
    # The plan card lists the current version only, with the visits of its whole episode.
    assert f'href="{amended.get_absolute_url()}"' in html
    assert (
        f'<a href="{plan.get_absolute_url()}">'
        not in html.split("plan-summary-list")[1].split("</ul>")[0]
    )
    assert "version 2" in html
    assert "Progress report due: 10 visits this episode" in html
    # Both versions are on the timeline: started, signed, amended.
    assert "Plan of care started" in html and "Plan amended" in html
    # A progress report on the first version counts for the episode.
    PlanDocument.objects.create(
        plan=plan, kind=PROGRESS_REPORT, title="Progress report", created_by=therapist, pdf=b""
    )
    html, with_report = chart()
    assert "Progress report due" not in html
    assert one_version == two_versions == with_report


def test_visits_show_in_the_chart_timeline(therapist_client, plan, therapist):
    services.visit_record(
        plan=plan,
        visit_date=timezone.localdate(),
        note="Walked 20 minutes",
        request=Request(therapist),
    )
    chart = therapist_client.get(reverse("patients:chart", args=[plan.patient_id])).content
    assert "Treatment visit" in chart.decode()
    assert "Walked 20 minutes" in chart.decode()


def test_front_desk_and_admin_cannot_record_visits(desk_client, admin_client_, plan):
    data = {"visit_date": timezone.localdate().isoformat()}
    assert desk_client.post(visit_url(plan), data).status_code == 403
    assert admin_client_.post(visit_url(plan), data).status_code == 403
    html = admin_client_.get(reverse("plans:builder", args=[plan.pk])).content.decode()
    assert "No visits recorded yet." in html
    assert "Record visit" not in html
    assert not PlanVisit.objects.exists()


def test_another_clinic_gets_404_and_nothing_is_written(outsider_client, plan):
    response = outsider_client.post(
        visit_url(plan), {"visit_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 404
    assert outsider_client.get(visit_url(plan)).status_code == 405
    assert not PlanVisit.objects.exists()


def test_a_discharged_plan_takes_no_more_visits(therapist_client, plan):
    PlanOfCare.objects.filter(pk=plan.pk).update(
        status="discharged", signed_at=timezone.now(), discharged_at=timezone.now()
    )
    response = therapist_client.post(
        visit_url(plan), {"visit_date": timezone.localdate().isoformat()}, follow=True
    )
    assert "no more visits to record" in response.content.decode()
    assert "Record visit" not in response.content.decode()
    assert not PlanVisit.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda plan: timezone.localdate() + timedelta(days=1), "cannot be in the future"),
        (lambda plan: plan.episode_start - timedelta(days=1), "a visit cannot be before that"),
        (lambda plan: "31/31/2026", "Enter a valid date."),
    ],
)
def test_a_bad_date_gets_a_message_next_to_the_field(therapist_client, plan, day, message):
    value = day(plan)
    response = therapist_client.post(
        visit_url(plan), {"visit_date": str(value), "note": "Kept note"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert 'value="Kept note"' in html
    assert not PlanVisit.objects.exists()


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
typed = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=320)


@FUZZ
@given(
    visit_date=st.one_of(st.dates().map(str), typed),
    note=typed,
    htmx=st.booleans(),
)
def test_whatever_is_typed_the_answer_is_never_a_500(
    therapist_client, plan, visit_date, note, htmx
):
    import html as html_lib

    before = PlanVisit.objects.count()
    headers = {"HX-Request": "true"} if htmx else {}
    response = therapist_client.post(
        visit_url(plan), {"visit_date": visit_date, "note": note}, headers=headers
    )
    assert response.status_code in (200, 302, 422)
    if response.status_code == 422:
        page = response.content.decode()
        assert "Please check the form" in page
        assert PlanVisit.objects.count() == before
        assert html_lib.escape(note.strip()) in page
        assert html_lib.escape(visit_date.strip()) in page
    else:
        assert PlanVisit.objects.count() == before + 1


def test_the_demo_gives_maria_a_plan_with_versions_visits_and_trends(db, settings):
    import io

    from django.core.management import call_command

    from patients.models import Patient

    settings.DEBUG = True
    call_command("load_library", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    counts = (PlanOfCare.objects.count(), PlanVisit.objects.count(), AuditEvent.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        PlanOfCare.objects.count(),
        PlanVisit.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    maria = Patient.objects.get(mrn="N-1001")
    current = maria.plans.get(next_version__isnull=True)
    assert (current.version, current.status) == (2, "signed")
    assert current.diagnoses.count() == 2 and current.goals.filter(term="long").exists()
    assert current.handouts.exists() and current.manual_therapy.exists()
    assert current.exercises.filter(exercise__slug="farmers-carry").exists()
    assert selectors.episode_visits(current)["progress"].due
    assert maria.outcome_results.filter(instrument_key="nprs").count() == 3

"""The reprint pages: who may open them, the checklist, bad input, progress, the download,
and another clinic's jobs and plans."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lbp_clinic.models import AuditEvent
from plans.reprint.models import BulkPrint
from plans.reprint.tasks import reprint_packets
from tests.conftest import client_for
from tests.reprint.conftest import ago

START = reverse("reprint:start")


def job_url(job):
    return reverse("reprint:job", args=[job.pk])


def pdf_url(job):
    return reverse("reprint:pdf", args=[job.pk])


def again_url(job):
    return reverse("reprint:again", args=[job.pk])


def start(client, plans, size="normal"):
    return client.post(START, {"plans": [plan.pk for plan in plans], "size": size})


@pytest.mark.parametrize("role", ["therapist", "clinic_admin", "front_desk"])
def test_every_staff_role_can_start_a_reprint_and_follow_it(request, role, signed_plans):
    user = request.getfixturevalue(
        {"therapist": "therapist", "clinic_admin": "clinic_admin", "front_desk": "front_desk"}[role]
    )
    client = client_for(user)
    page = client.get(START)
    assert page.status_code == 200
    response = start(client, signed_plans[:2], size="large")
    job = BulkPrint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert (job.requested_by, job.large_print, job.total) == (user, True, 2)
    assert client.get(job_url(job)).status_code == 200


def test_the_start_page_lists_the_clinics_signed_plans_only(
    therapist_client, signed_plans, plan, outsider_plan
):
    html = therapist_client.get(START).content.decode()
    for name in ("Ana Berg", "Carl Diaz", "Maria Lopez"):
        assert name in html
    assert f'value="{plan.pk}"' not in html  # a draft
    assert "Olga South" not in html  # another clinic's
    assert "3 signed plans shown" in html
    assert 'href="/plans/reprint/"' in therapist_client.get(reverse("plans:list")).content.decode()


def test_front_desk_finds_it_in_the_navigation(desk_client, therapist_client, db):
    assert "Reprint packets" in desk_client.get(reverse("dashboard")).content.decode()
    assert ">Reprint packets<" not in therapist_client.get(reverse("dashboard")).content.decode()


def test_the_checklist_filters_by_name_and_therapist_and_selects_all_shown(
    therapist_client, signed_plans, colleague, exercises, handouts
):
    from tests.patients.factories import PatientFactory
    from tests.reprint.conftest import signed_plan_for

    person = PatientFactory(clinic=colleague.clinic, first_name="Zoe", last_name="Young")
    signed_plan_for(person, colleague, exercises, handouts)
    html = therapist_client.get(START, {"q": "diaz"}).content.decode()
    assert "Carl Diaz" in html
    assert "Ana Berg" not in html
    html = therapist_client.get(START, {"q": "nobody"}).content.decode()
    assert "No signed plan matches" in html
    html = therapist_client.get(START, {"therapist": colleague.pk}).content.decode()
    assert "Zoe Young" in html
    assert "Ana Berg" not in html
    # A therapist who is not in the list is no filter at all.
    html = therapist_client.get(START, {"therapist": "999999"}).content.decode()
    assert "Zoe Young" in html
    assert "Ana Berg" in html
    html = therapist_client.get(START, {"select": "all"}).content.decode()
    assert html.count(" checked>") == 4 + 1  # every plan, and the normal-print radio


def test_the_start_page_query_count_does_not_grow_with_plans(
    therapist, therapist_client, exercises, handouts, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.patients.factories import PatientFactory
    from tests.reprint.conftest import signed_plan_for

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert therapist_client.get(START).status_code == 200
        return len(captured)

    def add_plan(number):
        person = PatientFactory(clinic=therapist.clinic, first_name="Pat", last_name=f"N{number}")
        return signed_plan_for(person, therapist, exercises, handouts)

    first = add_plan(0)
    one = count()
    plans = [first] + [add_plan(number) for number in range(1, 6)]
    for _ in range(3):
        start(therapist_client, plans)
    # Session, user, clinic, therapist filter, checklist, recent jobs, session save (+savepoints).
    with django_assert_num_queries(one):
        html = therapist_client.get(START).content.decode()
    assert "6 signed plans shown" in html


def test_no_plan_chosen_is_a_clear_message_and_the_size_is_kept(therapist_client, signed_plans):
    response = therapist_client.post(START, {"size": "large"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose at least one plan to reprint." in html
    assert 'value="large" id="id_size_1" required checked>' in html
    assert 'value="normal" id="id_size_0" required>' in html
    assert not BulkPrint.objects.exists()


def test_an_unknown_or_foreign_plan_is_refused_and_the_choices_are_kept(
    therapist_client, signed_plans, outsider_plan
):
    for bad in (outsider_plan.pk, 999999, "abc"):
        response = therapist_client.post(
            START, {"plans": [signed_plans[0].pk, bad], "size": "normal"}
        )
        html = response.content.decode()
        assert response.status_code == 422, bad
        assert "Choose again" in html
        assert f'value="{signed_plans[0].pk}" id="plan-{signed_plans[0].pk}" checked' in html
        assert "Olga South" not in html
    assert not BulkPrint.objects.exists()


def test_a_draft_plan_cannot_be_slipped_in(therapist_client, plan):
    response = therapist_client.post(START, {"plans": [plan.pk], "size": "normal"})
    assert response.status_code == 422
    assert not BulkPrint.objects.exists()


def test_too_many_plans_at_once_is_refused(therapist_client, signed_plans, monkeypatch):
    monkeypatch.setattr("plans.reprint.forms.MAX_PLANS", 2)
    response = start(therapist_client, signed_plans)
    assert response.status_code == 422
    assert "Choose at most 2 plans at a time (3 chosen)." in response.content.decode()
    assert not BulkPrint.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plans=st.lists(
        st.one_of(st.text(max_size=12), st.integers(-(2**63), 2**63).map(str)), max_size=4
    ),
    size=st.text(max_size=8),
    query=st.text(max_size=120),
    therapist=st.text(max_size=8),
)
def test_bad_input_never_gives_a_500(therapist_client, signed_plans, plans, size, query, therapist):
    data = {"plans": plans, "size": size, "q": query, "therapist": therapist}
    response = therapist_client.post(START, data)
    assert response.status_code in (302, 422)
    if response.status_code == 302:
        BulkPrint.objects.all().delete()
    assert therapist_client.get(START, {"q": query, "therapist": therapist}).status_code == 200


def test_progress_polls_until_the_job_is_done_then_offers_the_download(
    therapist_client, therapist, signed_plans
):
    start(therapist_client, signed_plans[:2])
    job = BulkPrint.objects.get()
    page = therapist_client.get(job_url(job)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{job_url(job)}"' in page
    assert '<progress id="reprint-bar" max="2" value="0">' in page
    assert '<label for="reprint-bar">Packets done: 0 of 2</label>' in page
    assert "Waiting for the printing service" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript the page refreshes itself
    assert "Download the PDF" not in page

    reprint_packets.call(job.pk)
    partial = therapist_client.get(job_url(job), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "<html" not in html
    assert "hx-trigger" not in html  # polling stops
    assert '<progress id="reprint-bar" max="2" value="2">' in html
    assert "All packets are ready in one PDF." in html
    assert f'href="{pdf_url(job)}"' in html
    assert 'http-equiv="refresh"' not in therapist_client.get(job_url(job)).content.decode()


def test_the_page_lists_the_plans_that_failed(
    therapist_client, therapist, signed_plans, monkeypatch
):
    from plans.documents import services as documents

    real = documents.produce
    monkeypatch.setattr(
        documents,
        "produce",
        lambda request, plan, kind, *, large_print: (
            real(request, plan, kind, large_print=large_print)
            if plan.pk != signed_plans[0].pk
            else 1 / 0
        ),
    )
    start(therapist_client, signed_plans[:2])
    job = BulkPrint.objects.get()
    reprint_packets.call(job.pk)
    html = therapist_client.get(job_url(job)).content.decode()
    assert "Done, but 1 packet could not be made" in html
    assert "<strong>Ana Berg</strong>: The packet could not be made (ZeroDivisionError)." in html


def test_the_download_is_one_pdf_and_each_patient_gets_an_audit_row(
    desk_client, front_desk, signed_plans
):
    start(desk_client, signed_plans)
    job = BulkPrint.objects.get()
    early = desk_client.get(pdf_url(job))
    assert early.status_code == 302
    assert early["Location"] == job_url(job)
    reprint_packets.call(job.pk)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.DOCUMENT).count()
    response = desk_client.get(pdf_url(job))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="packets-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    downloads = AuditEvent.objects.filter(action=AuditEvent.Action.DOCUMENT).order_by("id")[before:]
    assert sorted(event.patient_id for event in downloads) == sorted(
        plan.patient_id for plan in signed_plans
    )
    assert all(event.actor_id == front_desk.pk for event in downloads)


def test_another_clinic_gets_404_for_a_job_its_progress_and_its_pdf(
    therapist_client, outsider_client, signed_plans
):
    start(therapist_client, signed_plans[:1])
    job = BulkPrint.objects.get()
    reprint_packets.call(job.pk)
    for url in (job_url(job), pdf_url(job)):
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.get(url, headers={"HX-Request": "true"}).status_code == 404
        assert outsider_client.post(url).status_code in (404, 405)
    assert "Ana Berg" not in outsider_client.get(START).content.decode()


def test_another_clinic_cannot_reprint_our_plans(outsider_client, outsider_plan, signed_plans):
    response = start(outsider_client, signed_plans)
    assert response.status_code == 422
    assert "Ana Berg" not in response.content.decode()
    assert not BulkPrint.objects.exists()
    # ... and its own plan works for it.
    assert start(outsider_client, [outsider_plan]).status_code == 302


def test_the_recent_reprints_are_the_clinics_own(
    therapist_client, outsider_client, signed_plans, outsider_plan
):
    start(therapist_client, signed_plans[:1])
    start(outsider_client, [outsider_plan])
    ours, theirs = BulkPrint.objects.order_by("id")
    html = therapist_client.get(START).content.decode()
    assert f'href="{job_url(ours)}"' in html
    assert f'href="{job_url(theirs)}"' not in html


def test_reprint_urls_answer_only_to_allowed_roles(
    signed_plans, therapist, clinic_admin, front_desk
):
    from tests.urlwalk import iter_urls

    names = {name: view for name, _url, view in iter_urls() if name.startswith("reprint:")}
    assert set(names) == {"reprint:start", "reprint:job", "reprint:pdf", "reprint:again"}
    for view in names.values():
        assert set(view.allowed_roles) == {"therapist", "clinic_admin", "front_desk"}


def test_a_job_whose_worker_stopped_says_so_and_can_be_started_again(desk_client, signed_plans):
    start(desk_client, signed_plans)
    job = BulkPrint.objects.get()
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.RUNNING, done_count=1, progress_at=ago(minutes=11)
    )
    html = desk_client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html  # no more polling: nothing will change by itself
    assert '<span class="badge badge--danger">Stopped</span>' in html
    assert "This reprint stopped: nothing new was made for over 10 minutes" in html
    assert f'action="{again_url(job)}"' in html
    assert 'aria-describedby="again-what">Start this reprint again</button>' in html
    assert '<span id="again-what" class="muted">the same 3 plans, normal print</span>' in html
    assert "Stopped" in desk_client.get(START).content.decode()  # the recent reprints too

    response = desk_client.post(again_url(job), follow=True)
    new = BulkPrint.objects.latest("id")
    assert response.redirect_chain == [(job_url(new), 302)]
    page = response.content.decode()
    assert "Reprint started again: 3 packets." in page
    assert "Waiting for the printing service" in page
    job.refresh_from_db()
    assert job.status == BulkPrint.Status.FAILED
    # The old job's page now says what happened, and leads to the new one.
    old_page = desk_client.get(job_url(job)).content.decode()
    assert "The printing service stopped while making this reprint" in old_page
    assert f'<a href="{job_url(new)}">See the reprint that started this one again</a>' in old_page
    assert "Start this reprint again" not in old_page

    # A second click (the old page left open) leads to the same new job.
    response = desk_client.post(again_url(job), follow=True)
    assert response.redirect_chain == [(job_url(new), 302)]
    assert "This reprint was started again already" in response.content.decode()
    assert BulkPrint.objects.count() == 2


def test_a_job_still_printing_is_not_started_twice(therapist_client, signed_plans):
    start(therapist_client, signed_plans)
    job = BulkPrint.objects.get()
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.RUNNING, progress_at=ago(minutes=1)
    )
    html = therapist_client.get(job_url(job)).content.decode()
    assert "Start this reprint again" not in html
    assert 'hx-trigger="every 2s"' in html
    response = therapist_client.post(again_url(job), follow=True)
    assert response.redirect_chain == [(job_url(job), 302)]
    assert "This reprint is still going." in response.content.decode()
    assert BulkPrint.objects.count() == 1
    assert therapist_client.get(again_url(job)).status_code == 405


def test_a_job_waiting_long_for_the_worker_says_it_may_not_be_running(
    therapist_client, signed_plans
):
    start(therapist_client, signed_plans[:1])
    job = BulkPrint.objects.get()
    html = therapist_client.get(job_url(job)).content.decode()
    assert "This usually takes a few seconds." in html
    BulkPrint.objects.filter(pk=job.pk).update(created_at=ago(minutes=3))
    html = therapist_client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "The printing service has not started this reprint yet" in html
    assert "Please tell your clinic admin." in html
    assert 'hx-trigger="every 2s"' in html  # it starts by itself once the worker runs


def test_after_seven_days_the_merged_pdf_is_gone_and_the_page_says_where_the_packets_are(
    therapist_client, signed_plans
):
    start(therapist_client, signed_plans[:2])
    job = BulkPrint.objects.get()
    reprint_packets.call(job.pk)
    html = therapist_client.get(job_url(job)).content.decode()
    job.refresh_from_db()
    kept = timezone.localtime(job.finished_at + timedelta(days=7))
    assert f"kept until {kept:%b} {kept.day}, {kept.year} {kept:%H:%M}" in html
    assert "Start this reprint again" not in html  # the PDF is at hand

    BulkPrint.objects.filter(pk=job.pk).update(finished_at=ago(days=8))
    html = therapist_client.get(job_url(job)).content.decode()
    assert '<span class="badge">PDF removed</span>' in html
    assert "The one PDF was removed 7 days after it was made." in html
    assert "Each packet is still on its patient's chart." in html
    assert "Download the PDF" not in html
    assert "Start this reprint again" in html
    response = therapist_client.get(pdf_url(job), follow=True)
    assert response.redirect_chain == [(job_url(job), 302)]
    assert "This PDF was removed 7 days after it was made." in response.content.decode()

    response = therapist_client.post(again_url(job))
    new = BulkPrint.objects.latest("id")
    assert response["Location"] == job_url(new)
    assert (new.plan_ids, new.large_print) == (job.plan_ids, job.large_print)


def test_another_clinic_cannot_start_our_job_again(therapist_client, outsider_client, signed_plans):
    start(therapist_client, signed_plans[:1])
    job = BulkPrint.objects.get()
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.RUNNING, progress_at=ago(minutes=20)
    )
    assert outsider_client.post(again_url(job)).status_code == 404
    assert BulkPrint.objects.count() == 1
    job.refresh_from_db()
    assert (job.status, job.restarted_as) == (BulkPrint.Status.RUNNING, None)

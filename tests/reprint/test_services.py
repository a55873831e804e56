"""The reprint task, called directly: every packet made through produce() (cached, on the
chart, audited), progress after each plan, a failing plan left out, one merged PDF."""

import io

import pytest
from django.tasks import TaskResultStatus
from pypdf import PdfReader

from lbp_clinic.models import AuditEvent
from plans import services as plan_services
from plans.documents import PACKET
from plans.documents import services as documents
from plans.models import PlanDocument
from plans.reprint import services
from plans.reprint.models import BulkPrint
from plans.reprint.tasks import reprint_packets
from tests.document_attacks import pdf_text
from tests.plans.test_services import Request
from tests.reprint.conftest import ago


def start(user, plans, *, large_print=False):
    return services.bulk_print_start(request=Request(user), plans=plans, large_print=large_print)


def run(job):
    reprint_packets.call(job.pk)
    job.refresh_from_db()
    return job


def test_starting_stores_the_job_audits_it_and_enqueues_the_task(therapist, signed_plans):
    job = start(therapist, signed_plans)
    assert job.status == BulkPrint.Status.QUEUED
    assert (job.done_count, job.total) == (0, 3)
    assert job.plan_ids == [plan.pk for plan in signed_plans]
    assert job.clinic == therapist.clinic
    result = reprint_packets.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.READY
    assert result.args == [job.pk]
    event = AuditEvent.objects.get(object_type="plans.BulkPrint", object_id=str(job.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor_id == therapist.pk
    assert event.detail["plans"] == job.plan_ids


def flat(outline: list) -> list:
    return [leaf for item in outline for leaf in (flat(item) if isinstance(item, list) else [item])]


def test_the_merged_pdf_has_every_packet_in_order_with_a_bookmark_each(therapist, signed_plans):
    job = run(start(therapist, signed_plans))
    assert job.status == BulkPrint.Status.DONE
    assert (job.done_count, job.total) == (3, 3)
    assert job.failures == []
    made = [PlanDocument.objects.get(pk=pk) for pk in job.document_ids]
    assert [document.plan_id for document in made] == [plan.pk for plan in signed_plans]
    assert all(document.kind == PACKET and not document.large_print for document in made)

    reader = PdfReader(io.BytesIO(bytes(job.pdf)))
    assert len(reader.pages) == job.page_count == sum(document.page_count for document in made)
    text = pdf_text(bytes(job.pdf))
    for name in ("Ana Berg", "Carl Diaz", "Maria Lopez"):
        assert name in text
    # Each packet starts at its patient's bookmark, in the chosen order.
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == [
        f"{plan.patient.full_name} ({plan.patient.mrn})" for plan in signed_plans
    ]
    starts = [reader.get_destination_page_number(item) for item in top]
    assert starts == [0, made[0].page_count, made[0].page_count + made[1].page_count]
    # Under each patient, that packet's own bookmarks, on that packet's pages.
    nested = [item for item in reader.outline if isinstance(item, list)]
    ends = [*starts[1:], len(reader.pages)]
    for own, first_page, end in zip(nested, starts, ends, strict=True):
        assert own[0].title == "Your plan"
        pages = [reader.get_destination_page_number(item) for item in flat(own)]
        assert pages[0] == first_page and max(pages) == end - 1
    assert reader.metadata.title == "Take-home packets"
    first_page_of_carl = reader.pages[starts[1]].extract_text()
    assert "Carl Diaz" in first_page_of_carl


def test_each_packet_is_on_the_patients_chart_and_in_the_audit_log(therapist, signed_plans):
    job = run(start(therapist, signed_plans))
    for plan in signed_plans:
        document = PlanDocument.objects.get(plan=plan, kind=PACKET)
        assert document.created_by == therapist
        event = AuditEvent.objects.get(
            action=AuditEvent.Action.DOCUMENT, patient_id=plan.patient_id
        )
        assert event.actor_id == therapist.pk
        assert event.clinic_id == therapist.clinic_id
        assert event.detail["versions"]["document"] == document.pk
        assert event.detail["versions"]["produced"] is True
    assert job.document_ids == [PlanDocument.objects.get(plan=plan).pk for plan in signed_plans]


def test_an_unchanged_packet_is_not_rendered_again(therapist, signed_plans, monkeypatch):
    given = documents.produce(Request(therapist), signed_plans[1], PACKET, large_print=False)
    rendered = []
    real_render = documents.render_spec
    monkeypatch.setattr(
        documents, "render_spec", lambda spec: rendered.append(spec) or real_render(spec)
    )
    job = run(start(therapist, signed_plans))
    assert len(rendered) == 2  # Ana's and Maria's; Carl's packet is the one already given
    assert job.document_ids[1] == given.pk
    assert PlanDocument.objects.filter(plan=signed_plans[1]).count() == 1
    reuse = AuditEvent.objects.filter(
        action=AuditEvent.Action.DOCUMENT, patient_id=signed_plans[1].patient_id
    ).latest("id")
    assert reuse.detail["versions"]["produced"] is False


def test_large_print_makes_large_print_packets(therapist, signed_plans):
    job = run(start(therapist, signed_plans[:1], large_print=True))
    document = PlanDocument.objects.get(pk=job.document_ids[0])
    assert document.large_print is True
    assert "large print" in document.title.lower()


def test_progress_is_written_after_each_plan(therapist, signed_plans, monkeypatch):
    seen = []
    real_produce = documents.produce

    def produce(request, plan, kind, *, large_print):
        # What the page would read at this moment, from the database.
        job = BulkPrint.objects.get(plan_ids__contains=[plan.pk])
        seen.append((job.status, job.done_count, job.progress_at))
        return real_produce(request, plan, kind, large_print=large_print)

    monkeypatch.setattr(documents, "produce", produce)
    job = run(start(therapist, signed_plans))
    assert [(status, done) for status, done, _ in seen] == [
        ("running", 0),
        ("running", 1),
        ("running", 2),
    ]
    assert (job.status, job.done_count) == ("done", 3)
    assert job.started_at <= job.finished_at
    # Each step says when it was written: the page tells a stopped worker by it.
    times = [at for _, _, at in seen] + [job.progress_at]
    assert times == sorted(times)
    assert len(set(times)) == 4


def test_a_failing_plan_is_recorded_and_the_others_are_printed(
    therapist, signed_plans, monkeypatch
):
    real_produce = documents.produce

    def produce(request, plan, kind, *, large_print):
        if plan.pk == signed_plans[1].pk:
            raise RuntimeError("the renderer fell over")
        return real_produce(request, plan, kind, large_print=large_print)

    monkeypatch.setattr(documents, "produce", produce)
    job = run(start(therapist, signed_plans))
    assert job.status == BulkPrint.Status.DONE
    assert job.done_count == 3
    assert job.failures == [
        {
            "plan": signed_plans[1].pk,
            "patient": "Carl Diaz",
            "error": "The packet could not be made (RuntimeError).",
        }
    ]
    assert len(job.document_ids) == 2
    text = pdf_text(bytes(job.pdf))
    assert "Ana Berg" in text
    assert "Maria Lopez" in text
    assert "Carl Diaz" not in text


def test_a_plan_amended_after_the_start_is_left_out_with_the_reason(therapist, signed_plans):
    job = start(therapist, signed_plans)
    plan_services.plan_amend(plan=signed_plans[0], reason="New goal", request=Request(therapist))
    job = run(job)
    assert job.status == BulkPrint.Status.DONE
    assert [failure["patient"] for failure in job.failures] == ["Ana Berg"]
    assert "changed after the reprint started" in job.failures[0]["error"]
    assert "Ana Berg" not in pdf_text(bytes(job.pdf))


def test_when_no_packet_can_be_made_the_job_fails_with_a_message(
    therapist, signed_plans, monkeypatch
):
    def produce(request, plan, kind, *, large_print):
        raise OSError("disk full")

    monkeypatch.setattr(documents, "produce", produce)
    job = run(start(therapist, signed_plans))
    assert job.status == BulkPrint.Status.FAILED
    assert job.done_count == 3
    assert len(job.failures) == 3
    assert "No packet could be made" in job.error
    assert job.pdf is None


def test_a_task_run_twice_does_the_work_once(therapist, signed_plans, monkeypatch):
    job = run(start(therapist, signed_plans[:1]))
    calls = []
    monkeypatch.setattr(documents, "produce", lambda *args, **kwargs: calls.append(args))
    again = run(job)
    assert calls == []
    assert again.status == BulkPrint.Status.DONE


def test_a_crash_outside_the_packets_marks_the_job_failed(therapist, signed_plans, monkeypatch):
    def merge(made):
        raise ValueError("a broken PDF")

    monkeypatch.setattr(services, "merge_packets", merge)
    job = start(therapist, signed_plans[:1])
    with pytest.raises(ValueError):
        reprint_packets.call(job.pk)
    job.refresh_from_db()
    assert job.status == BulkPrint.Status.FAILED
    assert "The reprint stopped (ValueError)" in job.error


def _stop(job, **values):
    """The job as a worker that died mid-way leaves it: running, silent for 20 minutes."""
    values = {"status": BulkPrint.Status.RUNNING, "progress_at": ago(minutes=20), **values}
    BulkPrint.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()
    return job


def test_a_running_job_without_progress_for_ten_minutes_shows_as_stopped(therapist, signed_plans):
    job = start(therapist, signed_plans)
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.RUNNING, started_at=ago(minutes=30), progress_at=ago(minutes=9)
    )
    job.refresh_from_db()
    assert (job.stalled, job.in_progress, job.status_label) == (False, True, "Printing")
    assert not job.can_start_again

    BulkPrint.objects.filter(pk=job.pk).update(progress_at=ago(minutes=11))
    job.refresh_from_db()
    assert (job.stalled, job.in_progress, job.status_label) == (True, False, "Stopped")
    assert job.can_start_again

    # A job from before progress was timed: its start time tells instead.
    BulkPrint.objects.filter(pk=job.pk).update(progress_at=None, started_at=ago(minutes=9))
    job.refresh_from_db()
    assert not job.stalled
    BulkPrint.objects.filter(pk=job.pk).update(started_at=ago(minutes=11))
    job.refresh_from_db()
    assert job.stalled

    # Finished jobs never stall, however old; a queued one waits (and says so after 2 min).
    BulkPrint.objects.filter(pk=job.pk).update(status=BulkPrint.Status.DONE, finished_at=ago())
    job.refresh_from_db()
    assert not job.stalled
    assert not job.can_start_again  # its PDF is at hand
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.QUEUED, created_at=ago(minutes=3)
    )
    job.refresh_from_db()
    assert (job.stalled, job.waiting_long, job.in_progress) == (False, True, True)
    assert not job.can_start_again


def test_starting_a_stopped_job_again_makes_one_new_job_and_fails_the_old_one(
    therapist, signed_plans
):
    job = _stop(start(therapist, signed_plans, large_print=True), done_count=1)
    restarted = services.bulk_print_again(request=Request(therapist), job=job)
    new = restarted.job
    assert new.pk != job.pk
    assert (new.status, new.plan_ids, new.large_print) == (
        BulkPrint.Status.QUEUED,
        job.plan_ids,
        True,
    )
    assert restarted.left_out == []
    assert reprint_packets.get_result(new.task_result_id).args == [new.pk]
    event = AuditEvent.objects.get(object_type="plans.BulkPrint", object_id=str(new.pk))
    assert event.detail["again_of"] == job.pk
    job.refresh_from_db()
    assert (job.status, job.restarted_as_id) == (BulkPrint.Status.FAILED, new.pk)
    assert "printing service stopped" in job.error
    assert job.finished_at is not None

    # A second click (or a colleague) starts nothing more.
    with pytest.raises(services.NotStartedAgain):
        services.bulk_print_again(request=Request(therapist), job=job)
    assert BulkPrint.objects.count() == 2

    # The new job makes every packet.
    new = run(new)
    assert (new.status, new.done_count) == (BulkPrint.Status.DONE, 3)


def test_a_worker_that_was_only_slow_leaves_a_job_started_again_as_it_is(
    therapist, signed_plans, monkeypatch
):
    """The old worker wakes up after the job was started again: it writes nothing more."""
    job = start(therapist, signed_plans)
    real_produce = documents.produce

    def slow_produce(request, plan, kind, *, large_print):
        if plan.pk == signed_plans[1].pk:  # meanwhile, the page showed it stopped
            stopped = _stop(BulkPrint.objects.get(pk=job.pk))
            services.bulk_print_again(request=Request(therapist), job=stopped)
        return real_produce(request, plan, kind, large_print=large_print)

    monkeypatch.setattr(documents, "produce", slow_produce)
    old = run(job)
    assert old.status == BulkPrint.Status.FAILED
    assert old.done_count == 1  # the count it had when it was stopped
    assert old.pdf is None
    assert old.restarted_as is not None


def test_a_running_job_is_not_started_again(therapist, signed_plans):
    job = start(therapist, signed_plans)
    BulkPrint.objects.filter(pk=job.pk).update(
        status=BulkPrint.Status.RUNNING, progress_at=ago(minutes=1)
    )
    job.refresh_from_db()
    with pytest.raises(services.NotStartedAgain):
        services.bulk_print_again(request=Request(therapist), job=job)
    assert BulkPrint.objects.count() == 1


def test_starting_again_leaves_out_a_plan_amended_since(therapist, signed_plans):
    job = run(start(therapist, signed_plans))
    BulkPrint.objects.filter(pk=job.pk).update(finished_at=ago(days=8))  # its PDF removed
    job.refresh_from_db()
    plan_services.plan_amend(plan=signed_plans[1], reason="New goal", request=Request(therapist))
    restarted = services.bulk_print_again(request=Request(therapist), job=job)
    assert restarted.job.plan_ids == [signed_plans[0].pk, signed_plans[2].pk]
    assert [plan.patient.full_name for plan in restarted.left_out] == ["Carl Diaz"]
    # The finished job stays as it was, pointing at the new one.
    job.refresh_from_db()
    assert (job.status, job.restarted_as_id) == (BulkPrint.Status.DONE, restarted.job.pk)


def test_a_stopped_job_with_no_plan_current_any_more_is_failed_and_nothing_starts(
    therapist, signed_plans
):
    job = _stop(start(therapist, signed_plans[:1]))
    plan_services.plan_amend(plan=signed_plans[0], reason="New goal", request=Request(therapist))
    with pytest.raises(services.NothingToReprint):
        services.bulk_print_again(request=Request(therapist), job=job)
    assert BulkPrint.objects.count() == 1
    job.refresh_from_db()
    assert job.status == BulkPrint.Status.FAILED
    assert job.restarted_as is None


def test_merged_pdfs_older_than_seven_days_are_removed_audited_and_the_packets_stay(
    therapist, signed_plans
):
    old = run(start(therapist, signed_plans[:1]))
    recent = run(start(therapist, signed_plans[1:2]))
    BulkPrint.objects.filter(pk=old.pk).update(finished_at=ago(days=7, minutes=1))
    BulkPrint.objects.filter(pk=recent.pk).update(finished_at=ago(days=6, hours=23))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.pdf_expired and not recent.pdf_expired
    # The worker removes them after its next job.
    run(start(therapist, signed_plans[2:]))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.pdf is None
    assert bytes(recent.pdf).startswith(b"%PDF")
    assert PlanDocument.objects.filter(pk__in=old.document_ids).count() == 1
    removal = AuditEvent.objects.get(
        action=AuditEvent.Action.DELETE, object_type="plans.BulkPrint", object_id=str(old.pk)
    )
    assert removal.detail["documents"] == old.document_ids
    assert removal.detail["clinic"] == therapist.clinic_id


def test_the_prune_command_removes_what_the_worker_would(therapist, signed_plans):
    from io import StringIO

    from django.core.management import call_command

    old = run(start(therapist, signed_plans[:1]))
    BulkPrint.objects.filter(pk=old.pk).update(finished_at=ago(days=8))
    out = StringIO()
    call_command("prune_reprint_pdfs", stdout=out)
    assert out.getvalue().strip() == "Merged reprint PDFs removed: 1."
    old.refresh_from_db()
    assert old.pdf is None
    call_command("prune_reprint_pdfs", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Merged reprint PDFs removed: 0."

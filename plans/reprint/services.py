"""Writes for bulk reprints: start a job (stored, audited, enqueued), run it in the worker,
merge the packets into one PDF, record each download of it, start a job again (after its
worker stopped, it failed, or its PDF was removed) and remove merged PDFs past keeping.

The worker makes each packet with the document framework's produce(): an unchanged packet is
the stored one (no second render), and every packet is recorded on the patient's chart and in
the audit log under the person who started the job, as a single download is. A plan that
fails is recorded on the job and the others go on.
"""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lbp_clinic.access import scoped
from lbp_clinic.audit import audit_record
from lbp_clinic.documents import join_pdfs, page_count
from lbp_clinic.models import AuditEvent
from plans.documents import PACKET
from plans.documents import services as documents
from plans.models import PlanDocument, PlanOfCare
from plans.reprint.models import MERGED_PDF_KEPT_FOR, BulkPrint
from plans.reprint.selectors import printable_plans

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerRequest:
    """What produce() and the audit helpers read of a request, for work done in the worker:
    the person who started the job; no client address (the job's own audit row has it)."""

    user: object
    META: dict = field(default_factory=dict)


def bulk_print_start(
    *, request, plans: list[PlanOfCare], large_print: bool, again_of: int | None = None
) -> BulkPrint:
    """Store the job and enqueue it, in one transaction: the worker sees both or neither.
    again_of: the job this one starts again (its audit row says so)."""
    from plans.reprint.tasks import reprint_packets

    with transaction.atomic():
        job = BulkPrint(
            clinic=request.user.clinic,
            requested_by=request.user,
            plan_ids=[plan.pk for plan in plans],
            large_print=large_print,
            total=len(plans),
        )
        job.full_clean()
        job.save()
        audit_record(
            action=AuditEvent.Action.CREATE,
            request=request,
            obj=job,
            detail={
                "what": "bulk reprint",
                "plans": job.plan_ids,
                "large_print": large_print,
                **({"again_of": again_of} if again_of else {}),
            },
        )
        result = reprint_packets.enqueue(job.pk)
        job.task_result_id = str(result.id)
        job.save(update_fields=["task_result_id"])
    return job


class JobEnded(Exception):
    """The job was ended by someone else while this worker ran it (marked stopped and
    started again): the worker leaves it as it is."""


def _update(job: BulkPrint, **values) -> None:
    """Write progress in its own short transaction, so the page sees it at once; the time
    of it too (a job whose worker stopped shows as stopped when the writes stop). Only a
    job still queued or running is written: one marked stopped stays as it was."""
    values["progress_at"] = timezone.now()
    for name, value in values.items():
        setattr(job, name, value)
    with transaction.atomic():
        written = BulkPrint.objects.filter(
            pk=job.pk, status__in=[BulkPrint.Status.QUEUED, BulkPrint.Status.RUNNING]
        ).update(**values)
    if not written:
        raise JobEnded


def _failure(plan_id: int, plan: PlanOfCare | None, error: str) -> dict:
    return {"plan": plan_id, "patient": plan.patient.full_name if plan else "", "error": error}


def _produce_packet(job: BulkPrint, plan: PlanOfCare | None, request) -> PlanDocument:
    if plan is None:
        raise LookupError("This plan is no longer in the clinic's records.")
    if plan.status != PlanOfCare.Status.SIGNED or plan.replaced:
        raise LookupError(
            "This plan changed after the reprint started (amended or discharged). "
            "Print it from its plan page."
        )
    return documents.produce(request, plan, PACKET, large_print=job.large_print)


def bulk_print_run(*, bulk_print_id: int) -> BulkPrint:
    """Make each packet (cached), count progress after each plan, then merge them all."""
    job = (
        BulkPrint.objects.defer("pdf")
        .select_related("clinic", "requested_by")
        .get(pk=bulk_print_id)
    )
    if job.is_finished:
        return job  # a task run twice does the work once
    try:
        _update(job, status=BulkPrint.Status.RUNNING, started_at=timezone.now(), done_count=0)
        _make_and_merge(job)
    except JobEnded:
        logger.info("Bulk reprint %s was ended elsewhere; its worker leaves it", job.pk)
    try:  # housekeeping after the job, which does not depend on it
        prune_merged_pdfs()
    except DatabaseError:
        logger.exception("Removing old merged reprint PDFs failed; the next job tries again")
    return job


def _make_and_merge(job: BulkPrint) -> None:
    request = WorkerRequest(user=job.requested_by)
    plans = {
        plan.pk: plan
        for plan in PlanOfCare.objects.for_clinic(job.clinic)
        .filter(pk__in=job.plan_ids)
        .select_related("patient")
        .annotate(replaced=Exists(PlanOfCare.objects.filter(previous=OuterRef("pk"))))
    }
    made: list[PlanDocument] = []
    failures: list[dict] = []
    try:
        for number, plan_id in enumerate(job.plan_ids, start=1):
            plan = plans.get(plan_id)
            try:
                made.append(_produce_packet(job, plan, request))
            except LookupError as error:
                failures.append(_failure(plan_id, plan, str(error)))
            except Exception as error:
                logger.exception("Bulk reprint %s: the packet of plan %s failed", job.pk, plan_id)
                failures.append(
                    _failure(
                        plan_id, plan, f"The packet could not be made ({type(error).__name__})."
                    )
                )
            _update(job, done_count=number, failures=failures)
        if not made:
            _update(
                job,
                status=BulkPrint.Status.FAILED,
                error="No packet could be made. The reasons are listed by patient.",
                finished_at=timezone.now(),
            )
            return
        pdf, page_count = merge_packets(made)
        _update(
            job,
            status=BulkPrint.Status.DONE,
            pdf=pdf,
            page_count=page_count,
            document_ids=[document.pk for document in made],
            finished_at=timezone.now(),
        )
    except JobEnded:
        raise
    except Exception as error:
        logger.exception("Bulk reprint %s failed", job.pk)
        _update(
            job,
            status=BulkPrint.Status.FAILED,
            error=f"The reprint stopped ({type(error).__name__}). Start it again.",
            finished_at=timezone.now(),
        )
        raise


STOPPED_ERROR = "The printing service stopped while making this reprint, so it did not finish."


class NothingToReprint(Exception):
    """None of a job's plans can be printed any more (all amended or discharged since)."""


class NotStartedAgain(Exception):
    """The job is still going, or was started again already (by a second click, or a
    colleague): no new job."""


@dataclass(frozen=True)
class Restarted:
    job: BulkPrint
    left_out: list[PlanOfCare]  # the job's plans that are no longer the patient's plan


def bulk_print_again(*, request, job: BulkPrint) -> Restarted:
    """A new job for the same plans, in the same order and print size: after a job stopped,
    failed, or had its merged PDF removed. A plan amended or discharged since is left out
    (its current version is printed from its plan page). The job is locked meanwhile, so a
    second click finds it started again; a stopped one is marked failed (its late worker
    then writes nothing more to it)."""
    with transaction.atomic():
        job = BulkPrint.objects.select_for_update().defer("pdf").get(pk=job.pk)
        if not job.can_start_again:
            raise NotStartedAgain
        still = {p.pk: p for p in printable_plans(request.user).filter(pk__in=job.plan_ids)}
        plans = [still[pk] for pk in job.plan_ids if pk in still]
        left_out = list(
            scoped(PlanOfCare, request.user)
            .filter(pk__in=set(job.plan_ids) - set(still))
            .select_related("patient")
            .order_by("patient__last_name", "patient__first_name", "pk")
        )
        new = None
        if plans:
            new = bulk_print_start(
                request=request, plans=plans, large_print=job.large_print, again_of=job.pk
            )
        ended = {}
        if job.stalled:
            now = timezone.now()
            ended = {"status": BulkPrint.Status.FAILED, "error": STOPPED_ERROR, "finished_at": now}
        BulkPrint.objects.filter(pk=job.pk).update(restarted_as=new, **ended)
    if new is None:
        raise NothingToReprint  # the stopped job is marked failed all the same
    return Restarted(job=new, left_out=left_out)


def prune_merged_pdfs() -> int:
    """Remove the merged PDFs kept longer than MERGED_PDF_KEPT_FOR (every clinic's: the
    worker does it after each job, and `manage.py prune_reprint_pdfs`); the packets in them
    stay on the patients' charts. Each removal is in the audit log."""
    with transaction.atomic():
        expired = list(
            BulkPrint.objects.select_for_update()
            .filter(
                status=BulkPrint.Status.DONE,
                finished_at__lt=timezone.now() - MERGED_PDF_KEPT_FOR,
                pdf__isnull=False,
            )
            .only("pk", "clinic_id", "document_ids")
        )
        for job in expired:
            audit_record(
                action=AuditEvent.Action.DELETE,
                obj=job,
                detail={
                    "what": "merged reprint PDF removed after keeping",
                    "clinic": job.clinic_id,
                    "documents": job.document_ids,
                },
            )
        BulkPrint.objects.filter(pk__in=[job.pk for job in expired]).update(pdf=None)
    return len(expired)


def bookmark_title(plan: PlanOfCare) -> str:
    return f"{plan.patient.full_name} ({plan.patient.mrn})"


def merge_packets(made: list[PlanDocument]) -> tuple[bytes, int]:
    """One PDF of every packet in order, with a bookmark per patient (each packet's own
    bookmarks nested under it); returns the PDF and its page count."""
    pdf = join_pdfs(
        [bytes(document.pdf) for document in made],
        bookmarks=[bookmark_title(document.plan) for document in made],
        title="Take-home packets",
    )
    return pdf, page_count(pdf)


def audit_bulk_download(request, job: BulkPrint) -> None:
    """The merged PDF holds every patient's packet: each patient's audit trail says so."""
    for document in (
        PlanDocument.objects.filter(pk__in=job.document_ids, plan__clinic_id=job.clinic_id)
        .defer("pdf")
        .select_related("plan__patient")
    ):
        documents.audit_download(request, document, produced=False)

"""Writes for bulk reprints: start a job (stored, audited, enqueued), run it in the worker,
merge the packets into one PDF, record each download of it, start a job again (after its
worker stopped, it failed, or its PDF was removed) and remove merged PDFs past keeping.

The worker makes each packet with the document framework's produce(): an unchanged packet is
the stored one (no second render), and every packet is recorded on the patient's chart and in
the audit log under the person who started the job, as a single download is. A plan that
fails is recorded on the job and the others go on.
"""

import io
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from lbp_clinic.access import scoped
from lbp_clinic.audit import audit_record
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


def bulk_print_start(*, request, plans: list[PlanOfCare], large_print: bool) -> BulkPrint:
    """Store the job and enqueue it, in one transaction: the worker sees both or neither."""
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
            detail={"what": "bulk reprint", "plans": job.plan_ids, "large_print": large_print},
        )
        result = reprint_packets.enqueue(job.pk)
        job.task_result_id = str(result.id)
        job.save(update_fields=["task_result_id"])
    return job


def _update(job: BulkPrint, **values) -> None:
    """Write progress in its own short transaction, so the page sees it at once; the time
    of it too (a job whose worker stopped shows as stopped when the writes stop)."""
    values["progress_at"] = timezone.now()
    for name, value in values.items():
        setattr(job, name, value)
    with transaction.atomic():
        BulkPrint.objects.filter(pk=job.pk).update(**values)


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
    prune_merged_pdfs()
    _update(job, status=BulkPrint.Status.RUNNING, started_at=timezone.now(), done_count=0)
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
            return job
        pdf, page_count = merge_packets(made)
        _update(
            job,
            status=BulkPrint.Status.DONE,
            pdf=pdf,
            page_count=page_count,
            document_ids=[document.pk for document in made],
            finished_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("Bulk reprint %s failed", job.pk)
        _update(
            job,
            status=BulkPrint.Status.FAILED,
            error=f"The reprint stopped ({type(error).__name__}). Start it again.",
            finished_at=timezone.now(),
        )
        raise
    return job


STOPPED_ERROR = (
    "The print worker stopped while making this reprint, so it did not finish. "
    "It was started again as a new reprint."
)


class NothingToReprint(Exception):
    """None of a job's plans can be printed any more (all amended or discharged since)."""


@dataclass(frozen=True)
class Restarted:
    job: BulkPrint
    left_out: list[PlanOfCare]  # the job's plans that are no longer the patient's plan


def bulk_print_again(*, request, job: BulkPrint) -> Restarted:
    """A new job for the same plans, in the same order and print size: after a job stopped,
    failed, or had its merged PDF removed. A plan amended or discharged since is left out
    (its current version is printed from its plan page). A stopped job is marked failed in
    the same transaction, so it no longer shows as printing."""
    still = {plan.pk: plan for plan in printable_plans(request.user).filter(pk__in=job.plan_ids)}
    plans = [still[pk] for pk in job.plan_ids if pk in still]
    if not plans:
        raise NothingToReprint
    left_out = list(
        scoped(PlanOfCare, request.user)
        .filter(pk__in=set(job.plan_ids) - set(still))
        .select_related("patient")
        .order_by("patient__last_name", "patient__first_name", "pk")
    )
    with transaction.atomic():
        if job.stalled:
            BulkPrint.objects.filter(pk=job.pk, status=BulkPrint.Status.RUNNING).update(
                status=BulkPrint.Status.FAILED, error=STOPPED_ERROR, finished_at=timezone.now()
            )
        new = bulk_print_start(request=request, plans=plans, large_print=job.large_print)
    return Restarted(job=new, left_out=left_out)


def prune_merged_pdfs() -> int:
    """Remove the merged PDFs kept longer than MERGED_PDF_KEPT_FOR (every clinic's: the
    worker does it before each job); the packets in them stay on the patients' charts."""
    return BulkPrint.objects.filter(
        status=BulkPrint.Status.DONE,
        finished_at__lt=timezone.now() - MERGED_PDF_KEPT_FOR,
        pdf__isnull=False,
    ).update(pdf=None)


def bookmark_title(plan: PlanOfCare) -> str:
    return f"{plan.patient.full_name} ({plan.patient.mrn})"


def merge_packets(made: list[PlanDocument]) -> tuple[bytes, int]:
    """One PDF of every packet in order, with a bookmark per patient (each packet's own
    bookmarks nested under it); returns the PDF and its page count."""
    writer = PdfWriter()
    for document in made:
        writer.append(
            PdfReader(io.BytesIO(bytes(document.pdf))), outline_item=bookmark_title(document.plan)
        )
    writer.add_metadata({"/Title": "Take-home packets"})
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def audit_bulk_download(request, job: BulkPrint) -> None:
    """The merged PDF holds every patient's packet: each patient's audit trail says so."""
    for document in (
        PlanDocument.objects.filter(pk__in=job.document_ids, plan__clinic_id=job.clinic_id)
        .defer("pdf")
        .select_related("plan__patient")
    ):
        documents.audit_download(request, document, produced=False)

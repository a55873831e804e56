"""The BulkPrint record: one reprint job, its progress and the merged PDF."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.access import ClinicScopedQuerySet

# A running job writes its progress after every packet (seconds apart, a minute at most under
# load): this long without a word means its worker stopped (a crash, a restart) mid-job, and
# the job will not finish by itself.
STALLED_AFTER = timedelta(minutes=10)
# A queued job the worker has not picked up after this long: the worker may not be running.
WAITING_LONG_AFTER = timedelta(minutes=2)
# The merged PDF is a copy for printing; every packet in it stays on its patient's chart.
MERGED_PDF_KEPT_FOR = timedelta(days=7)


class BulkPrint(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Printing"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    clinic = models.ForeignKey(
        "lbp_clinic.Clinic", on_delete=models.PROTECT, related_name="bulk_prints"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The plans, in the order their packets go into the merged PDF.
    plan_ids = models.JSONField(default=list)
    large_print = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done_count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField()
    # The PlanDocument ids merged, in order (each one is on its patient's chart).
    document_ids = models.JSONField(default=list, blank=True)
    # [{"plan": id, "patient": "Name", "error": "what went wrong"}] for plans left out.
    failures = models.JSONField(default=list, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the worker last wrote to the job (each progress step): a stopped worker shows here.
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The job that started this one again, once someone did (at most once).
    restarted_as = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_count__lte=F("total")), name="bulk_print_done_within_total"
            ),
        ]
        indexes = [models.Index(fields=["clinic", "-created_at"])]

    def __str__(self):
        return f"Reprint of {self.total} packets ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("reprint:job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        """Running, but its worker has written nothing for STALLED_AFTER: it stopped."""
        if self.status != self.Status.RUNNING:
            return False
        last_word = self.progress_at or self.started_at or self.created_at
        return timezone.now() - last_word > STALLED_AFTER

    @property
    def waiting_long(self) -> bool:
        return (
            self.status == self.Status.QUEUED
            and timezone.now() - self.created_at > WAITING_LONG_AFTER
        )

    @property
    def in_progress(self) -> bool:
        """Still expected to move: the page keeps asking for its progress."""
        return not self.is_finished and not self.stalled

    @property
    def pdf_kept_until(self):
        return self.finished_at + MERGED_PDF_KEPT_FOR if self.finished_at else None

    @property
    def pdf_expired(self) -> bool:
        """Done long enough ago that the merged PDF is removed (the packets stay on charts)."""
        return self.status == self.Status.DONE and (
            self.finished_at is not None and timezone.now() >= self.pdf_kept_until
        )

    @property
    def can_start_again(self) -> bool:
        """The same plans may be sent again, once, when this job failed or stopped, or its
        merged PDF was removed (a job with its PDF at hand needs no second run)."""
        if self.restarted_as_id is not None:
            return False
        return self.status == self.Status.FAILED or self.stalled or self.pdf_expired

    @property
    def status_label(self) -> str:
        if self.stalled:
            return "Stopped"
        return "PDF removed" if self.pdf_expired else self.get_status_display()

    @property
    def status_tone(self) -> str:
        """The badge's colour: danger, ok, or plain."""
        if self.stalled or self.status == self.Status.FAILED:
            return "danger"
        return "ok" if self.status == self.Status.DONE and not self.pdf_expired else ""

    @property
    def percent(self):
        return round(100 * self.done_count / self.total) if self.total else 100

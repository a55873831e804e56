"""The BulkPrint record: one reprint job, its progress and the merged PDF."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from lbp_clinic.access import ClinicScopedQuerySet


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
    finished_at = models.DateTimeField(null=True, blank=True)

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
    def percent(self):
        return round(100 * self.done_count / self.total) if self.total else 100

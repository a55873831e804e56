"""The cross-cutting app: clinics, staff accounts, audit log, access rules."""

from django.apps import AppConfig


class LbpClinicConfig(AppConfig):
    name = "lbp_clinic"
    verbose_name = "Clinics and staff"

    def ready(self):
        from lbp_clinic import signals  # noqa: F401  (connects login auditing)

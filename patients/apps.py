"""Patients: registry, intake evaluation, red flags and outcome measures."""

from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"

    def load_demo(self, clinics, users):
        """Demo patients for the demo clinics (idempotent; see patients.demo)."""
        from patients.demo import load_demo_patients

        load_demo_patients(clinics, users)

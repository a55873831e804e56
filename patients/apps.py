"""Patients: registry, intake evaluation, red flags and outcome measures."""

from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"

"""Load the shared library content (exercises, handouts) that ships with the app. Idempotent.

An app adds its content by giving its AppConfig a `load_library(stdout)` method.
"""

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load or update the shared exercise and handout libraries shipped with LBP Clinic."

    def handle(self, *args, **options):
        loaders = [c for c in apps.get_app_configs() if hasattr(c, "load_library")]
        for app_config in loaders:
            app_config.load_library(self.stdout)
        if not loaders:
            self.stdout.write("No library content to load yet.")

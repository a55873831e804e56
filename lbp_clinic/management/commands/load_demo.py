"""Load the demo clinics and accounts (development only; refuses when DEBUG is off)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lbp_clinic.demo import DEMO_PASSWORD, STAFF, load_demo_data


class Command(BaseCommand):
    help = "Create the demo clinics and logins. Idempotent. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts have a published password: load_demo runs only with DEBUG=1."
            )
        load_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in with:"))
        for email, clinic, role, *_ in STAFF:
            self.stdout.write(
                f"  {email:<22} {role.label:<19} {clinic:<13} password {DEMO_PASSWORD}"
            )

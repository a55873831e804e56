"""Write every plan document of the demo patients as PDF and PNG pages, to look at them."""

import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from plans.documents import kinds, services
from plans.models import PlanOfCare


class Command(BaseCommand):
    help = (
        "For each current plan (or --plan), write <kind>.pdf and <kind>-large.pdf of every "
        "document kind with their pages as PNG (pdftoppm), to check how they print. "
        "Nothing is stored or recorded on the chart."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, nargs="?", default=Path("artifacts/docs-preview"))
        parser.add_argument("--dpi", type=int, default=60, help="PNG resolution (default 60).")
        parser.add_argument("--plan", type=int, action="append", help="Only this plan id.")
        parser.add_argument("--kind", action="append", choices=sorted(kinds.BUILDERS))

    def handle(self, *args, outdir, dpi, plan, kind, **options):
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm is missing: apt-get install poppler-utils")
        plans = PlanOfCare.objects.filter(next_version__isnull=True).select_related(
            "patient", "clinic", "therapist"
        )
        if plan:
            plans = plans.filter(pk__in=plan)
        plans = list(plans.order_by("clinic__name", "patient__last_name", "pk"))
        if not plans:
            raise CommandError("No plans: run `make demo` (DEBUG=1 manage.py load_demo) first.")
        for current in plans:
            folder = outdir / slugify(f"{current.clinic.name} {current.patient.full_name}")
            folder = folder.with_name(f"{folder.name}-plan-{current.pk}")
            folder.mkdir(parents=True, exist_ok=True)
            for name in kind or kinds.BUILDERS:
                for old in folder.glob(f"{name}-*.png"):
                    old.unlink()  # pages of an earlier, longer render
                for suffix, large_print in (("", False), ("-large", True)):
                    spec = services.build_spec(current, name, large_print=large_print)
                    pdf_path = folder / f"{name}{suffix}.pdf"
                    pdf_path.write_bytes(services.render_spec(spec))
                    # Our own PDF and a path we built: no untrusted input reaches the command.
                    subprocess.run(  # noqa: S603
                        [
                            pdftoppm,
                            "-png",
                            "-r",
                            str(dpi),
                            str(pdf_path),
                            str(folder / f"{name}{suffix}"),
                        ],
                        check=True,
                    )
                    pages = len(list(folder.glob(f"{name}{suffix}-*.png")))
                    self.stdout.write(f"{pdf_path}: {pages} page{'s' if pages != 1 else ''}")

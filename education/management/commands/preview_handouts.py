"""Print every shared handout to PDF and PNG pages (normal and large print), to look at them."""

import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from education.documents import handout_pdf, sheet_of
from education.models import Handout
from lbp_clinic.models import Clinic

SAMPLE_CLINIC = Clinic(
    name="Riverside Physical Therapy",
    address="200 River Road, Suite 4\nSpringfield, OR 97477",
    phone="(541) 555-0123",
    email="hello@riverside.example",
)


class Command(BaseCommand):
    help = (
        "Write <slug>.pdf, <slug>-large.pdf and their pages as PNG (pdftoppm) for every "
        "published shared handout, to check how they print."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path)
        parser.add_argument("--dpi", type=int, default=60, help="PNG resolution (default 60).")
        parser.add_argument(
            "--clinic", help="Name of a clinic whose letterhead to use (default: a sample)."
        )
        parser.add_argument("--slug", action="append", help="Only this handout (repeatable).")

    def handle(self, *args, outdir, dpi, clinic, slug, **options):
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm is missing: apt-get install poppler-utils")
        letterhead = SAMPLE_CLINIC
        if clinic:
            letterhead = Clinic.objects.filter(name=clinic).first()
            if letterhead is None:
                raise CommandError(f"No clinic named {clinic!r}.")
        handouts = Handout.objects.filter(clinic__isnull=True).published().with_current_version()
        if slug:
            handouts = handouts.filter(slug__in=slug)
        handouts = list(handouts.order_by("slug"))
        if not handouts:
            raise CommandError("No shared handouts: run `manage.py load_library` first.")
        outdir.mkdir(parents=True, exist_ok=True)
        for handout in handouts:
            sheet = sheet_of(handout.current_version)
            for suffix, large_print in (("", False), ("-large", True)):
                name = f"{handout.slug}{suffix}"
                pdf_path = outdir / f"{name}.pdf"
                pdf_path.write_bytes(
                    handout_pdf(sheet=sheet, clinic=letterhead, large_print=large_print)
                )
                # Our own PDF and a path we built: no untrusted input reaches the command.
                subprocess.run(  # noqa: S603
                    [pdftoppm, "-png", "-r", str(dpi), str(pdf_path), str(outdir / name)],
                    check=True,
                )
            pages = len(list(outdir.glob(f"{handout.slug}-[0-9]*.png")))
            large_pages = len(list(outdir.glob(f"{handout.slug}-large-*.png")))
            self.stdout.write(f"{handout.slug}: {pages} page(s), large print {large_pages} page(s)")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(handouts)} handouts to {outdir}"))

"""Write a contact sheet of every exercise's start and end pictures to PNG pages."""

from django.core.management.base import BaseCommand

from exercises.pictures.contact_sheet import write_contact_sheet


class Command(BaseCommand):
    help = "Write PNG pages showing every drawn exercise (start and end), for checking by eye."

    def add_arguments(self, parser):
        parser.add_argument("png_path", help="e.g. artifacts/pictures/contact.png")

    def handle(self, *args, png_path, **options):
        from pathlib import Path

        Path(png_path).parent.mkdir(parents=True, exist_ok=True)
        write_contact_sheet(png_path)
        self.stdout.write(
            self.style.SUCCESS(f"Contact sheet written to {png_path} (and -N pages).")
        )

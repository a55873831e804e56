"""Remove merged reprint PDFs kept past their 7 days (the worker also does it after each job).

Run it weekly beside `prune_db_task_results`; each packet stays on its patient's chart.
"""

from django.core.management.base import BaseCommand

from plans.reprint.models import MERGED_PDF_KEPT_FOR
from plans.reprint.services import prune_merged_pdfs


class Command(BaseCommand):
    help = f"Remove merged reprint PDFs older than {MERGED_PDF_KEPT_FOR.days} days."

    def handle(self, *args, **options):
        removed = prune_merged_pdfs()
        self.stdout.write(f"Merged reprint PDFs removed: {removed}.")

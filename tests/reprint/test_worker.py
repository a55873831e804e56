"""The reprint enqueued by the page is run by `manage.py db_worker`, a separate process on the
same PostgreSQL (as `make run` starts it): progress, the chart records and the merged PDF."""

import io
import subprocess
import sys

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from pypdf import PdfReader

from plans.models import PlanDocument
from plans.reprint.models import BulkPrint
from plans.reprint.tasks import reprint_packets
from tests.conftest import client_for
from tests.document_attacks import pdf_text
from tests.processes.serving import ROOT, process_env

pytestmark = pytest.mark.processes


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_makes_the_packets_and_the_merged_pdf(front_desk, signed_plans):
    client = client_for(front_desk)
    response = client.post(
        reverse("reprint:start"), {"plans": [plan.pk for plan in signed_plans], "size": "normal"}
    )
    assert response.status_code == 302
    job = BulkPrint.objects.get()
    assert reprint_packets.get_result(job.task_result_id).status == TaskResultStatus.READY

    finished = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr

    result = reprint_packets.get_result(job.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == {"status": "done", "done": 3, "total": 3, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.done_count) == (BulkPrint.Status.DONE, 3)
    documents = PlanDocument.objects.filter(pk__in=job.document_ids)
    assert {document.created_by_id for document in documents} == {front_desk.pk}

    download = client.get(reverse("reprint:pdf", args=[job.pk]))
    assert download.status_code == 200
    pages = PdfReader(io.BytesIO(download.content)).pages
    assert len(pages) == sum(document.page_count for document in documents)
    text = pdf_text(download.content)
    for name in ("Ana Berg", "Carl Diaz", "Maria Lopez"):
        assert name in text

"""Front desk reprints the morning's packets: choose the patients, start, watch the progress
reach done (htmx polling, the task worker running as its own process), download one PDF.
axe checks the start page and the finished progress page."""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from playwright.sync_api import expect
from pypdf import PdfReader

from lbp_clinic.models import User
from patients.models import Patient
from plans import services
from plans.demo import load_demo_plans
from plans.models import PlanTemplate
from plans.reprint.models import BulkPrint
from tests.browser.conftest import SCREENSHOTS, axe_violations, screenshot
from tests.document_attacks import pdf_text
from tests.processes.serving import start_worker, stop


@pytest.fixture
def signed_demo_plans(demo):
    """Maria Alvarez's demo plan and one more signed plan, for Priya Shah."""
    for config in apps.get_app_configs():
        if hasattr(config, "load_library"):
            config.load_library(io.StringIO())
    from lbp_clinic.models import Clinic

    clinics = {clinic.name: clinic for clinic in Clinic.objects.all()}
    users = {user.email: user for user in User.objects.all()}
    load_demo_plans(clinics, users)
    therapist = users["pt@north.example"]
    request = SimpleNamespace(user=therapist, META={})
    priya = Patient.objects.get(clinic__name="North Clinic", mrn="N-1003")
    plan = services.plan_create(
        patient=priya,
        therapist=therapist,
        request=request,
        template=PlanTemplate.objects.get(clinic=None, slug="chronic-lbp-strength"),
    )
    services.plan_sign(plan=plan, revision=plan.revision, request=request)


@pytest.fixture
def worker(signed_demo_plans):
    process = start_worker()
    yield process
    stop(process)


def test_front_desk_reprints_packets_and_downloads_one_pdf(login, live_server, worker):
    page = login("desk@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reprint packets").click()
    expect(page.get_by_role("heading", name="Reprint packets")).to_be_visible()

    # Nothing chosen: a clear message, nothing started.
    page.get_by_role("button", name="Start the reprint").click()
    expect(page.locator("#plans-errors")).to_contain_text("Choose at least one plan to reprint.")
    assert BulkPrint.objects.count() == 0

    page.get_by_label("Maria Alvarez").check()
    page.get_by_label("Priya Shah").check()
    assert axe_violations(page) == []
    screenshot(page, "reprint-start")
    page.get_by_role("button", name="Start the reprint").click()

    expect(page.get_by_role("heading", name="Reprint of 2 packets")).to_be_visible()
    progress = page.locator("#reprint-bar")
    expect(progress).to_have_attribute("max", "2")
    # htmx polls every 2 s; the worker makes the packets; the bar reaches the end.
    expect(page.get_by_role("status").filter(has_text="All packets are ready")).to_be_visible(
        timeout=120_000
    )
    expect(progress).to_have_attribute("value", "2")
    expect(page.locator("#progress")).not_to_have_attribute("hx-trigger", "every 2s")
    expect(page.get_by_label("Packets done: 2 of 2")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "reprint-done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    job = BulkPrint.objects.get()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == job.page_count
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Maria Alvarez (N-1001)",
        "Priya Shah (N-1003)",
    ]
    text = pdf_text(pdf)
    assert "Maria Alvarez" in text
    assert "Priya Shah" in text
    # Kept beside the screenshots, to look at the pages (pdftoppm).
    (SCREENSHOTS / "reprint-merged.pdf").write_bytes(pdf)

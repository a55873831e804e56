"""A therapist opens a plan, previews the take-home packet and downloads it (axe clean)."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

from lbp_clinic.demo import load_demo_data
from plans.models import PlanDocument, PlanOfCare
from tests.browser.conftest import axe_violations, screenshot
from tests.document_attacks import pdf_text


@pytest.fixture
def demo_plan(demo):
    for config in apps.get_app_configs():
        if hasattr(config, "load_library"):
            config.load_library(io.StringIO())
    load_demo_data()  # now with the library: the demo plans are made
    # Maria's current version (the demo amends her plan once).
    return (
        PlanOfCare.objects.filter(patient__first_name="Maria", clinic__name="North Clinic")
        .order_by("-version")
        .first()
    )


def test_therapist_previews_and_downloads_the_packet(login, live_server, demo_plan):
    page = login("pt@north.example")
    page.goto(f"{live_server.url}{demo_plan.get_absolute_url()}")
    card = page.locator("#documents")
    expect(card).to_contain_text("Take-home packet")
    assert axe_violations(page) == []

    card.get_by_role("link", name="Preview the take-home packet", exact=True).click()
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Kettlebell deadlift")).to_be_visible()
    expect(page.locator(".preview-bar")).to_contain_text("Preview: Take-home packet")
    assert axe_violations(page) == []
    screenshot(page, "packet-preview")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"packet-plan-{demo_plan.pk}-v{demo_plan.version}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Maria Alvarez" in text and "Kettlebell deadlift" in text

    page.get_by_role("link", name="Back").click()
    expect(page.locator("#documents")).to_contain_text("Already produced from this version")
    expect(page.locator("#documents .documents-given")).to_contain_text("Take-home packet")
    assert PlanDocument.objects.filter(plan=demo_plan).count() == 1

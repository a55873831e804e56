"""An admin writes a handout, watches the reading grade change as they type, publishes it,
prints it, publishes a second version and compares the two; axe finds nothing serious."""

import re

from playwright.sync_api import expect

from education.library import load_shared_handouts
from tests.browser.conftest import axe_violations, htmx_ready, screenshot
from tests.document_attacks import pdf_text

EASY_BODY = (
    "## Why walk\nWalking is good for your back. It is safe.\n\n## How\nStart with 5 minutes."
)
HARD_BODY = (
    "## Background\nNotwithstanding considerable methodological heterogeneity, contemporary "
    "epidemiological investigations consistently demonstrate substantial associations between "
    "psychosocial determinants and persistent musculoskeletal disability."
)


def test_an_admin_writes_publishes_prints_and_compares_a_handout(login, live_server):
    load_shared_handouts()
    page = login("admin@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Handouts").click()
    expect(page.get_by_role("heading", name="Handouts", exact=True)).to_be_visible()
    expect(page.get_by_text("Hurt is not harm: what your back pain means")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "handouts-library")

    # Search by words narrows the list without a page load (htmx), and the URL follows.
    page.get_by_label("Search").fill("mattress")
    expect(page.locator("#handout-results")).to_contain_text("Sleep and back pain")
    expect(page.locator("#handout-results")).not_to_contain_text("Hurt is not harm")
    expect(page).to_have_url(re.compile(r"q=mattress"))

    page.get_by_role("link", name="Write a handout").click()
    meter = page.locator("#readability-meter")
    expect(meter).to_contain_text("Write some text")
    htmx_ready(meter)
    page.get_by_label("Title").fill("Short walks after work")
    page.get_by_label("Topic").select_option("staying_active")
    page.get_by_label("Purpose").fill("This handout helps you fit short walks into your day.")
    page.get_by_label("What to do").fill("Walk for 10 minutes after work.\nRest when you need to.")
    page.get_by_label("Body").fill(EASY_BODY)
    expect(meter).to_contain_text("easy to read")
    expect(page.locator("#live-preview")).to_contain_text("Short walks after work")
    easy_grade = page.locator("meter").get_attribute("value")

    page.get_by_label("Body").fill(HARD_BODY)
    expect(meter).to_contain_text("Warning:")
    expect(meter).to_contain_text("harder than grade 8")
    assert page.locator("meter").get_attribute("value") != easy_grade
    expect(page.locator("#grade-announcement")).to_contain_text("harder than grade 8")
    screenshot(page, "handout-editor-warning")

    page.get_by_label("Body").fill(EASY_BODY)
    expect(meter).not_to_contain_text("Warning:")
    page.get_by_label("Summary").fill("Short walks help your back. Start small.")
    page.get_by_label("References").fill("Oliveira CB et al. Eur Spine J 2018;27(11):2791–2803.")
    assert axe_violations(page) == []
    screenshot(page, "handout-editor")

    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Published version 1 of “Short walks after work”.")).to_be_visible()
    expect(page.get_by_role("heading", name="Short walks after work")).to_be_visible()
    assert axe_violations(page) == []

    href = page.get_by_role("link", name="Print (PDF)", exact=True).get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "Short walks after work" in pdf_text(response.body())
    assert "North Clinic" in pdf_text(response.body())

    # A second version, then compare the two side by side.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Summary").fill("Short walks help your back. Start small and add a little.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published version 2")
    page.get_by_role("link", name="Versions").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare versions")).to_be_visible()
    expect(page.locator("td ins.diff--added")).to_contain_text("and add a little")
    assert axe_violations(page) == []
    screenshot(page, "handout-compare")
    page.wait_for_load_state("networkidle")  # no request left running into teardown


def test_a_therapist_reads_and_prints_but_cannot_edit(login, live_server):
    load_shared_handouts()
    page = login("pt@north.example")
    page.goto(f"{live_server.url}/handouts/")
    page.get_by_label("Topic").select_option("imaging")
    expect(page.locator("#handout-results")).to_contain_text("What your scan shows")
    page.get_by_role("link", name="What your scan shows, and what it does not").click()
    expect(page.get_by_text("What the patient sees")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("link", name="Large print (PDF)")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "handout-detail-therapist")
    page.wait_for_load_state("networkidle")

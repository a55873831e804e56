"""A therapist builds a plan in the browser: template, search, dose, reorder, suggestion,
sign, amend, diff. axe checks the builder and the versions page."""

import io

import pytest
from django.apps import apps
from playwright.sync_api import expect

from patients.models import Patient
from tests.browser.conftest import axe_violations, htmx_ready, screenshot


@pytest.fixture
def library(demo):
    for config in apps.get_app_configs():
        if hasattr(config, "load_library"):
            config.load_library(io.StringIO())


def test_therapist_builds_signs_and_amends_a_plan(login, live_server, library):
    patient = Patient.objects.get(clinic__name="North Clinic", first_name="Maria")
    page = login("pt@north.example")
    page.goto(f"{live_server.url}/plans/new/{patient.pk}/")
    page.get_by_label("Chronic LBP, strength focus").check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Plan of care: chronic low back pain")).to_be_visible()
    exercises = page.locator("#exercises")
    expect(exercises).to_contain_text("Kettlebell deadlift")
    assert axe_violations(page) == []

    # Add an exercise by search (typo-tolerant), with one click.
    page.get_by_label("Search the exercise library").fill("dedlift")
    page.locator("#exercise-results").get_by_role("button", name="Add Deadlift", exact=True).click()
    expect(exercises.locator("li", has_text="Deadlift").last).to_be_visible()
    expect(page.locator("#save-status")).to_contain_text("All changes saved")
    expect(page.locator("#exercises .alert")).to_contain_text("The home programme has 6 exercises")

    # Edit its dose inline: it saves on change.
    row = exercises.locator("li.plan-row", has=page.get_by_text("Deadlift", exact=True))
    # A newly added exercise opens with its dose form ready.
    expect(row.locator("details.row-editor")).to_have_attribute("open", "")
    sets = row.get_by_label("Sets")
    sets.fill("4")
    sets.blur()
    expect(
        exercises.locator("li.plan-row", has=page.get_by_text("Deadlift", exact=True))
    ).to_contain_text("4 sets of 5-8 reps")

    # Reorder from the keyboard: move the new exercise up one place.
    row = exercises.locator("li.plan-row", has=page.get_by_text("Deadlift", exact=True))
    row.get_by_role("button", name="Move Deadlift up").focus()
    page.keyboard.press("Enter")
    expect(exercises.locator("li.plan-row").nth(4)).to_contain_text("Deadlift")

    # Add a suggested handout.
    suggestion = page.locator(".suggestions form", has_text="What your scan shows")
    suggestion.get_by_role("button", name="Add").click()
    expect(page.locator("#education ol")).to_contain_text("What your scan shows")
    screenshot(page, "plan-builder")

    # Sign; the plan becomes read-only.
    page.get_by_role("button", name="Sign as Jordan Reyes, DPT").click()
    expect(page.get_by_text("It is now read-only")).to_be_visible()
    expect(page.get_by_role("button", name="Add")).to_have_count(0)

    # Amend, change the new version, see the diff.
    page.get_by_label("Why amend the plan?").fill("Progressing the strength work")
    page.get_by_role("button", name="Amend: start version 2").click()
    expect(page.get_by_text("Version 2 is a draft copy of version 1")).to_be_visible()
    search = page.get_by_label("Search the exercise library")
    htmx_ready(search)
    search.fill("bird dog")
    page.locator("#exercise-results").get_by_role("button", name="Add Bird dog").click()
    expect(page.locator("#exercises")).to_contain_text("Bird dog")
    page.goto(page.url + "versions/")
    expect(
        page.get_by_role("heading", name="What changed from version 1 to version 2")
    ).to_be_visible()
    expect(page.locator(".diff-list")).to_contain_text("Exercise: added Bird dog")
    assert axe_violations(page) == []
    screenshot(page, "plan-versions")

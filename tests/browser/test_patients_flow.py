"""Front desk registers a patient; the therapist completes an intake with one red flag and a
documented referral, enters NPRS and ODI twice, and sees the trend. axe on every page kind."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from patients.classification import RED_FLAGS
from tests.browser.conftest import axe_violations, htmx_ready, screenshot

ODI_FIRST = {
    "Pain intensity": 4,
    "Personal care": 2,
    "Lifting": 4,
    "Walking": 2,
    "Sitting": 3,
    "Standing": 2,
    "Sleeping": 3,
    "Social life": 2,
    "Travelling": 2,
}  # sex life skipped
ODI_LATER = {
    "Pain intensity": 2,
    "Personal care": 0,
    "Lifting": 2,
    "Walking": 1,
    "Sitting": 1,
    "Standing": 1,
    "Sleeping": 1,
    "Social life": 1,
    "Travelling": 1,
}


def group(page, name):
    return page.get_by_role("group", name=name)


def choose(page, question, answer):
    group(page, question).get_by_label(answer, exact=True).check()


def pick_number(page, question, number):
    """A scale answer: its name is the number, plus the words at the ends ("0 no problem")."""
    group(page, question).get_by_role("radio", name=re.compile(rf"^{number}(\s|$)")).check()


def record(page, live_server, measure_link, answers, taken_on):
    page.get_by_role("link", name="Record a measure").click()
    page.get_by_role("link", name=measure_link).click()
    for question, value in answers.items():
        pick_number(page, question, value)
    page.get_by_label("Date filled in").fill(taken_on)
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")


def test_register_intake_with_red_flag_outcomes_and_trend(login, live_server, page):
    # Front desk registers the patient, typing the date the American way.
    login("desk@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Register a patient").first.click()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Diaz")
    page.get_by_label("Date of birth").fill("04/12/1961")
    group(page, "Sex").get_by_label("Female").check()
    page.get_by_label("Phone", exact=True).fill("(207) 555-0100")
    page.get_by_role("button", name="Register patient").click()
    expect(page.get_by_role("heading", name="Rosa Diaz")).to_be_visible()
    expect(page.get_by_text("Born Apr 12, 1961")).to_be_visible()
    expect(page.get_by_text("Clinical record")).to_be_visible()  # no clinical data for the desk
    page.get_by_role("button", name="Log out").click()

    # The therapist finds her by typing (htmx search as you type, with a typo).
    login("pt@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    search = page.get_by_label("Search by name, date of birth or MRN")
    htmx_ready(search)
    search.press_sequentially("diass", delay=40)
    results = page.locator("#results")
    expect(results).to_contain_text("1 patient found for “diass”")
    expect(page).to_have_url(f"{live_server.url}/patients/?q=diass")
    screenshot(page, "patients-search")
    assert axe_violations(page) == []
    results.get_by_role("link", name="Diaz, Rosa").click()

    # Intake with one red flag and a documented referral.
    page.get_by_role("link", name="Start an intake").click()
    onset = (timezone.localdate() - timedelta(days=150)).strftime("%m/%d/%Y")
    page.get_by_label("Main problem, in the patient's words").fill(
        "Low back pain into the left calf."
    )
    page.get_by_label("When the pain started").fill(onset)
    choose(page, "How it started", "A bend, lift or twist")
    choose(page, "Leg pain", "Below the knee")
    choose(page, "Side of leg pain", "Left")
    choose(page, "Back pain before", "First time")
    choose(page, "Has the patient had a scan or X-ray for this pain?", "Yes")
    page.get_by_label("What the patient was told about the scan").fill("Told her discs are worn.")
    page.get_by_label("Heard worrying words about the scan").check()
    choose(page, "Work status", "Working, usual duties")
    choose(page, "Activity level", "Light activity most days, such as walking")
    page.get_by_label("Sleep, hours a night").fill("6")
    for question, answer in (
        ("Sleep quality", "2 = poor"),
        ("Stress level", "4 = high"),
        ("Diet quality", "3 = fair"),
        ("Social connection", "4 = good"),
    ):
        choose(page, question, answer)
    page.get_by_label("The patient's own goals").fill("Walk the dog for an hour.")
    for flag in RED_FLAGS:
        choose(page, flag.question, "Yes" if flag.key == "cancer_history" else "No")
    alert = page.locator("#red-flag-status")
    expect(alert).to_contain_text("Red flag positive")  # live, through htmx
    expect(alert).to_contain_text("Has had cancer")
    choose(page, "Action taken", "Non-urgent referral")
    page.get_by_label("Details of the action").fill("Letter to Dr. Lin; review within 2 weeks.")
    page.get_by_label("Clinician's impression").fill(
        "Chronic LBP with leg pain; past cancer to review."
    )
    assert axe_violations(page) == []
    screenshot(page, "patients-intake-form")
    page.get_by_role("button", name="Complete intake").click()
    expect(page.get_by_role("heading", name="Red flag positive")).to_be_visible()
    expect(page.get_by_text("Action: Non-urgent referral.")).to_be_visible()
    page.get_by_role("link", name="Rosa Diaz").click()

    # NPRS and ODI, a month apart.
    month_ago = (timezone.localdate() - timedelta(days=30)).isoformat()
    today = timezone.localdate().isoformat()
    nprs = "How bad is your back pain right now?"
    record(page, live_server, "Numeric Pain Rating Scale", {nprs: 7}, month_ago)
    record(page, live_server, "Oswestry Disability Index", ODI_FIRST, month_ago)
    record(page, live_server, "Numeric Pain Rating Scale", {nprs: 4}, today)

    page.get_by_role("link", name="Record a measure").click()
    page.get_by_role("link", name="Oswestry Disability Index").click()
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet in the waiting room
    boxes = [page.locator(".choice").nth(i).bounding_box() for i in range(6)]
    assert min(box["height"] for box in boxes) >= 44
    assert min(box["width"] for box in boxes) >= 44
    page.get_by_role("button", name="Save answers").click()  # nothing chosen yet
    expect(page.get_by_role("alert")).to_contain_text("Section 1 (pain intensity) is missing")
    expect(group(page, "Lifting")).to_contain_text("Section 3 (lifting) is missing")
    assert axe_violations(page) == []
    for question, value in ODI_LATER.items():
        pick_number(page, question, value)
    page.get_by_label("Date filled in").fill(today)
    screenshot(page, "patients-odi-tablet")
    page.get_by_role("button", name="Save answers").click()
    page.set_viewport_size({"width": 1280, "height": 860})

    # The chart shows the trend, the change and the MCID.
    nprs_card = page.locator("#outcome-nprs")
    expect(nprs_card).to_contain_text("3 points better")
    expect(nprs_card).to_contain_text("Meets the MCID")
    expect(nprs_card.get_by_role("img", name="Numeric Pain Rating Scale trend")).to_be_visible()
    expect(nprs_card.locator("circle")).to_have_count(2)
    expect(nprs_card.get_by_role("table")).to_contain_text("7")
    odi_card = page.locator("#outcome-odi")
    expect(odi_card).to_contain_text("Meets the MCID (10 points)")
    expect(odi_card.get_by_role("img", name="Oswestry Disability Index trend")).to_be_visible()
    expect(page.get_by_role("heading", name="Red flag positive")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "patients-chart")


def test_demo_chart_and_tablet_forms_are_accessible(login, page, live_server):
    login("pt@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="Alvarez, Maria").click()
    expect(page.get_by_role("heading", name="Maria Alvarez (Mia)")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "patients-demo-chart")
    chart_url = page.url
    page.set_viewport_size({"width": 820, "height": 1180})
    for key in ("start_back", "nprs", "psfs"):
        page.goto(f"{chart_url}outcomes/{key}/new/")
        assert axe_violations(page) == []
        screenshot(page, f"patients-{key}-tablet")
    expect(page.get_by_label("Activity 1")).to_have_value("")
    page.goto(f"{chart_url}outcomes/start_back/new/")
    expect(page.get_by_text("copyright © 2007 Keele University")).to_be_visible()

"""The exercise library in Chromium: search as you type, create with a photo, archive, favourite."""

import io
import re
import time

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from exercises.library import load_shared_library
from tests.browser.conftest import axe_violations, htmx_ready, screenshot


@pytest.fixture
def exercise_library(transactional_db, settings, tmp_path):
    """The shared library in the live server's database; photos go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_shared_library()


def photo_bytes():
    image = Image.new("RGB", (480, 320), (227, 241, 241))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 200, 330, 260), outline=(11, 97, 102), width=8)
    draw.line((120, 260, 60, 300), fill=(11, 97, 102), width=10)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def search(page, text):
    """Type into the search box and wait for its results (a later click must not race them).
    Only typing searches: leaving the box does not reload the list a second time."""
    box = page.get_by_label("Search exercises")
    if box.input_value() == text:
        return
    htmx_ready(box)
    with page.expect_response(lambda r: "/exercises/?" in r.url and "q=" in r.url):
        box.fill(text)


def test_an_admin_searches_creates_with_a_photo_finds_and_archives(exercise_library, login):
    page = login("admin@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercise library").click()
    expect(page.get_by_role("heading", name="Exercise library", level=1)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "exercises-list")

    # Search as you type: a typo still finds the deadlift family, the URL follows.
    search(page, "dedlift")
    expect(page.locator("#result-count")).to_have_text("5 exercises")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Deadlift", exact=True)).to_be_visible()
    expect(results).to_contain_text("3 sets of 5-8 reps, RPE 7")
    expect(page).to_have_url(re.compile(r"q=dedlift"))
    search(page, "back pain hinge")
    expect(page.locator("#result-count")).to_contain_text("Showing 1-20 of")
    expect(results.locator("li").first).to_contain_text("Hinge")
    screenshot(page, "exercises-search-hinge")

    search(page, "")
    expect(page.locator("#result-count")).to_contain_text("of 47 exercises")
    page.get_by_label("Movement pattern").select_option("carry")
    expect(page.locator("#result-count")).to_have_text("2 exercises")
    results.get_by_role("link", name="Farmer's carry").click()
    expect(page.get_by_role("heading", name="Farmer's carry")).to_be_visible()
    expect(page.get_by_text("Exercises in the shared library cannot be changed")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "exercises-detail-shared")

    # Create: first with nothing filled in, then properly, with a photo.
    page.goto(page.url.split("/exercises/")[0] + "/exercises/new/")
    page.get_by_role("button", name="Add exercise").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    assert axe_violations(page) == []
    screenshot(page, "exercises-form-errors")

    page.get_by_label("Name").fill("Sled push")
    page.get_by_label("Summary").fill("You push a loaded sled. It builds strong legs and hips.")
    page.get_by_label("Category").select_option("strength")
    page.get_by_label("Movement pattern").select_option("locomotion")
    page.get_by_label("Machine", exact=True).check()
    page.get_by_label("Starting position").fill("Stand behind the sled, hands on the poles.")
    page.get_by_label("Movement steps").fill("Lean in.\nDrive with your legs.\nStop at the line.")
    page.get_by_label("What moves").fill("You go from behind the sled to the end of the lane.")
    page.get_by_label("Hold (seconds)").fill("20")
    page.get_by_label("Load:", exact=True).select_option("kg")
    page.get_by_label("Photo (optional)").set_input_files(
        files=[{"name": "sled.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_label("What the photo shows").fill("Leaning into the sled")
    page.get_by_role("button", name="Add exercise").click()
    expect(page.get_by_role("heading", name="Sled push")).to_be_visible()
    expect(page.get_by_text("was added to your clinic's library")).to_be_visible()
    photo = page.get_by_role("img", name="Leaning into the sled")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") == 480  # served by the clinic-checking view
    expect(page.get_by_text("3 sets of 20 seconds, RPE 6")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "exercises-detail-own")
    page.get_by_role("link", name="Photos").click()
    expect(page.get_by_role("heading", name="Photos of “Sled push”")).to_be_visible()
    expect(page.get_by_label("What the photo shows").first).to_have_value("Leaning into the sled")
    assert axe_violations(page) == []
    screenshot(page, "exercises-photos")
    page.get_by_role("link", name="Sled push").click()

    # Find it by search, with its photo.
    page.get_by_role("link", name="Exercise library", exact=True).first.click()
    search(page, "sled")
    expect(page.locator("#result-count")).to_have_text("1 exercise")
    expect(
        page.locator("#results").get_by_role("img", name="Leaning into the sled")
    ).to_be_visible()
    page.locator("#results").get_by_role("link", name="Sled push").click()

    # Archive it: it leaves the library but its page stays.
    page.get_by_role("link", name="Archive").click()
    expect(page.get_by_role("heading", name="Archive “Sled push”?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("This exercise is archived")).to_be_visible()
    page.get_by_role("link", name="Exercise library", exact=True).first.click()
    search(page, "sled")
    expect(page.locator("#result-count")).to_have_text("No exercises found")
    page.get_by_label("Include archived").check()
    expect(page.locator("#result-count")).to_have_text("1 exercise")
    expect(page.locator("#results")).to_contain_text("Archived")


def test_a_therapist_marks_a_favourite_and_filters_by_favourites(exercise_library, login):
    page = login("pt@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercise library").click()
    search(page, "cat camel")
    button = page.get_by_role("button", name="Favourite Cat-camel")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page.get_by_role("button", name="Favourite Cat-camel")).to_have_attribute(
        "aria-pressed", "true"
    )
    search(page, "")
    page.get_by_label("Favourites only").check()
    # The demo favourites (deadlift, bird dog, walking) and the new one.
    expect(page.locator("#result-count")).to_have_text("4 exercises")
    expect(page.locator("#results")).to_contain_text("Cat-camel")
    assert axe_violations(page) == []
    screenshot(page, "exercises-favourites")


def test_typing_waits_for_a_slow_htmx_script(exercise_library, login, monkeypatch):
    """CI once lost a search: the box was on screen and typed into before htmx had wired
    it up. With the script served 1.5 s late, search() still gets its results (without
    htmx_ready it times out)."""
    serve = StaticFilesHandler.serve  # the live server's static files

    def slow_serve(handler, request):
        if "htmx" in request.path:
            time.sleep(1.5)
        return serve(handler, request)

    page = login("pt@north.example")
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    monkeypatch.setattr(StaticFilesHandler, "serve", slow_serve)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercise library").click()
    search(page, "cat camel")
    expect(page.locator("#result-count")).to_have_text("1 exercise")


def test_front_desk_browses_and_prints(exercise_library, login):
    page = login("desk@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercise library").click()
    expect(page.get_by_role("link", name="New exercise")).to_have_count(0)
    expect(page.get_by_role("button", name="Favourite Bird dog")).to_have_count(0)
    page.get_by_role("link", name="Bird dog").click()
    sheet_url = page.get_by_role("link", name="Print sheet (PDF)").get_attribute("href")
    response = page.request.get(page.url.split("/exercises/")[0] + sheet_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

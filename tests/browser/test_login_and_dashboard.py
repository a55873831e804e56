"""A therapist logs in through the browser and sees the dashboard; axe finds nothing serious."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot


def test_login_page_is_accessible(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "login")


def test_therapist_logs_in_and_sees_the_dashboard(login):
    page = login("pt@north.example")
    expect(page.get_by_role("heading", name="Good to see you, Jordan")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("North Clinic")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dashboard-therapist")


def test_wrong_password_shows_an_error_next_to_the_form(login):
    page = login("pt@north.example", password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct e-mail address")
    expect(page.get_by_label("E-mail address")).to_have_value("pt@north.example")
    assert axe_violations(page) == []


def test_admin_manages_staff_pages_are_accessible(login):
    page = login("admin@north.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "staff-list")
    page.get_by_role("link", name="Add a staff member").click()
    page.get_by_role("button", name="Add staff member").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    assert axe_violations(page) == []
    screenshot(page, "staff-form-errors")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clinic settings").click()
    assert axe_violations(page) == []
    screenshot(page, "clinic-settings")

"""Browser harness: Playwright drives Debian's Chromium against a live server, axe-core checks."""

from pathlib import Path

import axe_playwright_python
import pytest

from lbp_clinic.demo import DEMO_PASSWORD, load_demo_data

CHROMIUM = "/usr/bin/chromium"
# This machine reaches no network but package registries: keep Chromium from phoning home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}}


@pytest.fixture
def demo(transactional_db):
    """The demo clinics and logins, in the database the live server uses."""
    _clinics, users = load_demo_data()
    return users


@pytest.fixture
def login(page, live_server, demo):
    """Log in through the real form: `login("pt@north.example")`."""

    def log_in(email, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
        return page

    return log_in


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page (page.evaluate works under our CSP) and return the violations."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def htmx_ready(locator):
    """Wait until htmx has wired up the page this element is on. htmx is a deferred script:
    it wires the page up after the page is on screen, and text typed before then sends no
    request (CI once lost a search that way)."""
    locator.page.wait_for_function(
        "el => el.ownerDocument.body['htmx-internal-data']?.firstInitCompleted === true",
        arg=locator.element_handle(),
    )


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

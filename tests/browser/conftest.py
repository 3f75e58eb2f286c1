"""Browser tests: Debian's Chromium, driven by Playwright, on Tandem's pages inside a simulated Jira page.

The app and a worker run as in production (``tests.e2e.conftest.start_stack``), loading the stub of Connect's
``all.js`` that the Jira host page serves, and trusting the simulated Forge platform for the Forge app's pages.
Every test writes screenshots of what it saw to ``tests/artifacts``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.axe import AXE_JS, Audit
from tests.browser.jira_host import JiraHost
from tests.e2e.conftest import start_stack
from tests.support import scenarios
from tests.support.settings_client import Admin, connect_within_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Jira's smallest comfortable desktop window.
VIEWPORT = {"width": 1280, "height": 800}
# How long a step of the UI (an action, or an expectation coming true) may take before the test fails: the app
# answers within a second and a sync within a few, but a loaded CI machine can be many times slower.
STEP_TIMEOUT_MS = 30_000
LOCAL_URLS = ("http://127.0.0.1:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def jira_host():
    host = JiraHost()
    yield host
    host.stop()


@pytest.fixture(scope="module")
def stack(database, install_keys, tmp_path_factory, jira_host, forge):
    """The app with both doors open: Connect's iframes load the stub all.js, and the simulated Forge platform
    (tests.forgesim) signs the invocation tokens of the Forge app's pages."""
    running = start_stack(database, install_keys, tmp_path_factory, TANDEM_CONNECT_JS_URL=jira_host.connect_js_url,
                          TANDEM_FRAME_ANCESTORS=jira_host.url, TANDEM_FORGE_APP_ID=forge.app_id,
                          TANDEM_FORGE_JWKS_URL=forge.jwks_url)
    jira_host.app_url = running.base_url
    yield running
    running.stop()


@pytest.fixture
def make_site(make_site):
    """The simulated sites of ``tests/conftest.py``, which uninstall Tandem when the test ends: otherwise their
    running connections outlive them, and later suites' workers keep reconciling with sites that are gone."""
    made = []

    def make(*args, **kwargs):
        made.append(make_site(*args, **kwargs))
        return made[-1]

    yield make
    for site in made:
        if site.installation is not None:
            site.uninstall()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser (scripts/test does) to install Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(chromium, request):
    """A fresh browser page at 1280x800; it fails the test on any error the page's scripts throw, and leaves a
    screenshot of where a failed test stopped."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    opened = context.new_page()
    script_errors: list[str] = []
    opened.on("pageerror", lambda error: script_errors.append(str(error)))
    # Everything comes from the app and the Jira page (both on 127.0.0.1): in production only all.js would not.
    fetched_elsewhere: list[str] = []
    opened.on("request", lambda sent: None if sent.url.startswith(LOCAL_URLS) else fetched_elsewhere.append(sent.url))
    yield opened
    if getattr(request.node, "report_call", None) is not None and request.node.report_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        opened.screenshot(path=str(ARTIFACTS / f"{_file_name(request)}-FAILED.png"), full_page=True)
    context.close()
    assert script_errors == [], f"{request.node.name}: the page's scripts failed"
    assert fetched_elsewhere == [], f"{request.node.name}: the pages fetched from elsewhere"


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "what")`` writes tests/artifacts/<test>-<nn>-<what>.png, in the order taken."""
    ARTIFACTS.mkdir(exist_ok=True)
    test_name = _file_name(request)
    taken = []

    def take(page, what: str) -> Path:
        taken.append(what)
        path = ARTIFACTS / f"{test_name}-{len(taken):02d}-{what}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _file_name(request) -> str:
    return re.sub(r"\W+", "-", request.node.name).strip("-")


@pytest.fixture
def basic_connection(stack, make_site):
    """Basic between two projects of one site, both administered by the site's admin (so accepted at once):
    the site, its SOFT project, that admin, and the connection's id."""
    site = make_site("alpha")
    assert site.install(stack.base_url + "/atlassian-connect.json").status_code == 204
    software = site.add_project("SOFT", "Software", type="software")
    desk = site.add_project("DESK", "Service desk", type="service_desk")
    admin = Admin(stack.base_url, site, site.admin.account_id, software)
    return site, software, admin, connect_within_site(admin, desk, "basic")


@pytest.fixture
def power_customer(stack, make_site, database):
    """Power Customer, set up through the API (the UI set-up has its own test)."""
    yield from scenarios.power_customer_cleaned_up(stack.base_url, make_site, database)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run scripts/bootstrap, which installs the front end's packages (axe-core "
                    "is one of its devDependencies)")
    return AXE_JS


@pytest.fixture
def audit(page, screenshot, axe_js, jira_host) -> Audit:
    return Audit(page, screenshot, jira_host.axe_url)

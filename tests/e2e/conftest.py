"""Browser journeys: Playwright driving a real Chromium against Django's live server."""

import os

import pytest
from playwright.sync_api import expect

from engage.accounts.factories import DEFAULT_PASSWORD

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Browser assertions wait for what a person waits for: a slow, loaded machine makes
# them take longer, never fail (Playwright's own default is 5 s).
expect.set_options(timeout=60_000)


def _chromium_executable():
    explicit = os.environ.get("CHROMIUM_EXECUTABLE")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    return None  # Playwright's own download


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS, "headless": True}
    executable = _chromium_executable()
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/Brussels"}


@pytest.fixture
def live(live_server, transactional_db, settings):
    """A live server with reference data and the site skeleton (flushed per test)."""
    from cms.demo import seed as seed_site
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )

    load_reference_data()
    seed_site()
    settings.ENGAGE_BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server


@pytest.fixture
def page(page):
    page.set_default_timeout(60_000)
    return page


def login(page, base_url, email, password=DEFAULT_PASSWORD, admin=False):
    """Log in through the site's (or Wagtail's) login form."""
    if admin:
        page.goto(f"{base_url}/admin/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/admin/")
    else:
        page.goto(f"{base_url}/en/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

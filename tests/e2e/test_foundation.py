"""Browser journeys for the foundation."""

import re

from playwright.sync_api import expect

from engage.accounts import demo
from tests.e2e.conftest import login


def test_demo_coordinator_sees_sixteen_faculties_in_the_admin(live, page):
    demo.seed()
    login(page, live.url, "coordinator@engage.example", admin=True)
    page.goto(f"{live.url}/admin/faculties/")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(16)
    expect(page.get_by_role("link", name="Law and Criminology")).to_be_visible()


def test_switching_to_dutch_shows_dutch_navigation(live, page):
    page.goto(f"{live.url}/en/")
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="Science Shop")).to_be_visible()
    page.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/nl/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(navigation.get_by_role("link", name="Wetenschapswinkel")).to_be_visible()
    expect(navigation.get_by_role("link", name="Over Engage")).to_be_visible()

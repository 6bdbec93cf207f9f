"""The public site, as seeded by `make run`, loads in Chromium without a console error.

A console error here is usually a Content-Security-Policy violation (an inline
script or style) or a missing static file: both break the page for someone.
"""

from django.core.management import call_command
from playwright.sync_api import expect

PUBLIC_PAGES = [
    "/en/",
    "/nl/",
    "/en/about/",
    "/en/partner-organisations/",
    "/nl/partnerorganisaties/",
    "/en/kotengage/opportunities/",
    "/nl/kotengage/vrijwilligerswerk/",
    "/en/science-shop/questions/",
    "/en/accounts/login/",
]


def test_public_pages_load_without_console_errors(live, page):
    call_command("seed_demo", quiet_logins=True)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in PUBLIC_PAGES:
        response = page.goto(f"{live.url}{path}")
        assert response.status == 200, path
        expect(page.locator("main h1").first).to_be_visible()
    # The home page links to every module's public pages; follow each card.
    page.goto(f"{live.url}/en/")
    cards = page.locator(".cards a")
    hrefs = [cards.nth(i).get_attribute("href") for i in range(cards.count())]
    assert len(hrefs) == 4
    for href in hrefs:
        assert page.goto(f"{live.url}{href}").status == 200, href
    assert errors == []

"""The public impact page on a phone (390 x 844): key figures without sideways
scrolling, the current year first in the coverage matrix, and WCAG 2.1 AA."""

from django.core.cache import cache
from django.core.management import call_command

from engage.university.models import AcademicYear
from tests.e2e.test_accessibility import AXE, RUN_AXE

PHONE = {"width": 390, "height": 844}


def _phone_page(browser, url):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


def test_the_public_impact_page_fits_a_phone(live, browser):
    call_command("seed_demo", quiet_logins=True)
    cache.clear()
    current = AcademicYear.objects.current()
    for path in ("/en/impact/", "/nl/impact/"):
        context, page = _phone_page(browser, f"{live.url}{path}")
        figures = page.locator("#impact-figures-heading").locator("xpath=..")
        overflow = figures.evaluate(
            """(section) => {
              const wide = [section, ...section.querySelectorAll("*")].filter(
                (el) => el.scrollWidth > el.clientWidth + 1 &&
                  !el.classList.contains("visually-hidden") &&
                  getComputedStyle(el).overflowX !== "visible");
              return {page: document.documentElement.scrollWidth,
                      inner: window.innerWidth,
                      right: Math.max(...[...section.querySelectorAll("*")].map(
                        (el) => el.getBoundingClientRect().right)),
                      wide: wide.map((el) => el.tagName + "." + el.className)};
            }"""
        )
        assert overflow["page"] <= overflow["inner"], overflow
        assert overflow["right"] <= overflow["inner"], overflow
        assert overflow["wide"] == [], overflow
        # The first year column of the matrix is the current year, on screen.
        first = page.locator(".impact-matrix thead th").nth(1)
        assert first.inner_text() == current.label
        # ... and on screen without scrolling: the year's text ends within 390 px.
        right = first.evaluate(
            """(th) => { const r = document.createRange(); r.selectNodeContents(th);
                         return r.getBoundingClientRect().right; }"""
        )
        assert right <= PHONE["width"]
        page.evaluate(AXE)
        assert page.evaluate(RUN_AXE) == [], path
        context.close()

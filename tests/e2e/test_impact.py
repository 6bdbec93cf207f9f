"""Browser journey: a coordinator reads the impact report, asks for the PDF, sees its
status go from queued to ready (the page polls it) and downloads it."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from engage.accounts.factories import CoordinatorFactory
from tests.e2e.conftest import login
from tests.impact.conftest import build_world


def test_a_coordinator_makes_and_downloads_the_impact_report_pdf(live, page):
    build_world()
    coordinator = CoordinatorFactory(email="office@kuleuven.be")
    login(page, live.url, coordinator.email, admin=True)

    page.get_by_role("button", name="Impact", exact=True).click()
    page.get_by_role("link", name="Impact report", exact=True).click()
    page.get_by_label("Academic year").first.select_option("2026-2027")
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-figure="students_engaged"]').first).to_have_text("5")
    expect(page.get_by_text("Still without a pathway:")).to_be_visible()

    page.locator("#generate_language").select_option("nl")
    page.get_by_role("button", name="Make the PDF").click()
    status = page.locator("#impact-generate [data-status]")
    expect(status).to_have_text("Queued")
    expect(status).to_have_text("Ready", timeout=180_000)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename == "impact-2026-2027-nl.pdf"
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) > 16
    assert "Impactrapport 2026-2027" in reader.pages[0].extract_text()

    # Later, the PDF is kept with its parameters among the report PDFs.
    page.goto(f"{live.url}/admin/impact_reports/")
    expect(
        page.get_by_role("link", name="2026-2027 · Whole university", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download 2026-2027 · Whole")).to_be_visible()

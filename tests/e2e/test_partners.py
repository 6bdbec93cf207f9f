"""Browser journey: a coordinator records a new partner in the Wagtail admin."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from engage.accounts.factories import CoordinatorFactory
from partners.models import Organisation
from tests.e2e.conftest import login


def test_coordinator_records_a_partner_and_sees_it_in_the_360_view(live, page):
    CoordinatorFactory(
        email="coordinator@engage.example", first_name="Ann", last_name="Peeters"
    )
    login(page, live.url, "coordinator@engage.example", admin=True)

    # A new organisation with a mistyped enterprise number.
    page.goto(f"{live.url}/admin/partners/organisations/add/")
    page.locator("#id_name").fill("Jeugdhuis De Kroon")
    page.get_by_role("textbox", name="Enterprise number").fill("0123.456.748")
    page.get_by_role("textbox", name="Street and number").fill("Brusselsestraat 61")
    page.get_by_role("textbox", name="Postcode").fill("3000")
    page.get_by_role("textbox", name="City").fill("Leuven")
    page.get_by_role("textbox", name="Website").fill("https://www.dekroon.be")
    page.get_by_role("textbox", name="Description (English)").fill(
        "Open youth house in Leuven."
    )
    page.get_by_role("button", name="Save").click()

    # The error sits at the field; everything typed is still there.
    field = page.locator(
        "[data-field-wrapper]", has=page.locator("#id_enterprise_number")
    )
    expect(field).to_contain_text("check digits do not match")
    expect(page.locator("#id_name")).to_have_value("Jeugdhuis De Kroon")
    expect(page.get_by_role("textbox", name="City")).to_have_value("Leuven")
    expect(page.get_by_role("textbox", name="Description (English)")).to_have_value(
        "Open youth house in Leuven."
    )
    assert Organisation.objects.count() == 0

    # Fixed, it saves and the partner's 360° view opens.
    page.get_by_role("textbox", name="Enterprise number").fill("0123.456.749")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(
        re.compile(r"/admin/partners/organisations/overview/\d+/$")
    )
    expect(page.get_by_role("heading", name="Profile")).to_be_visible()
    expect(page.get_by_text("0123.456.749")).to_be_visible()

    # A contact.
    page.get_by_role("link", name="Add contact").click()
    page.get_by_role("textbox", name="First name").fill("Griet")
    page.get_by_role("textbox", name="Last name").fill("Vermeulen")
    page.get_by_role("textbox", name="Function").fill("Coordinator")
    page.get_by_role("textbox", name="Email").fill("griet@dekroon.be")
    page.get_by_role("checkbox", name="Primary contact").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/overview/\d+/$"))
    contacts = page.locator("section", has=page.get_by_role("heading", name="Contacts"))
    expect(contacts).to_contain_text("Griet Vermeulen")

    # An interaction with a follow-up today.
    page.get_by_role("link", name="Log interaction").click()
    page.get_by_role("combobox", name="Kind").select_option("meeting")
    page.get_by_role("textbox", name="Summary").fill(
        "Planned the spring service-learning placements."
    )
    page.get_by_role("checkbox", name="Griet Vermeulen").check()
    today = timezone.localdate()
    page.get_by_role("textbox", name="Follow-up date").fill(today.strftime("%Y-%m-%d"))
    page.keyboard.press("Escape")  # close the date picker
    page.get_by_role("textbox", name="Follow-up", exact=True).fill(
        "Send the placement offer form"
    )
    # Date pickers close when the focus leaves them; none may cover the Save button.
    page.get_by_role("textbox", name="Summary").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/overview/\d+/$"))

    # The follow-up is on the coordinator's dashboard...
    page.goto(f"{live.url}/admin/")
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Follow-ups due")
    )
    expect(panel).to_contain_text("Jeugdhuis De Kroon")
    expect(panel).to_contain_text("Send the placement offer form")

    # ...and the 360° view shows all of it.
    panel.get_by_role("link", name="Jeugdhuis De Kroon").click()
    expect(page.get_by_role("heading", name="Partner 360°")).to_be_visible()
    follow_ups = page.locator(
        "section", has=page.get_by_role("heading", name="Open follow-ups")
    )
    expect(follow_ups).to_contain_text("Send the placement offer form")
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Contacts"))
    ).to_contain_text("Griet Vermeulen")
    interactions = page.locator(
        "section", has=page.get_by_role("heading", name="Interactions")
    )
    expect(interactions).to_contain_text(
        "Planned the spring service-learning placements."
    )
    expect(interactions).to_contain_text("Griet Vermeulen")

    # Done: the follow-up leaves the dashboard.
    page.goto(f"{live.url}/admin/")
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Follow-ups due")
    )
    panel.get_by_role("button", name="Done").click()
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Follow-ups due")
    )
    expect(panel).to_contain_text("No follow-ups due")

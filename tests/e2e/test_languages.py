"""A Dutch mentor reads Dutch from the email to the agreement, whatever language
the coordinator who proposed the student works in."""

import io
import re

from django.core import mail
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from engage.accounts.factories import CoordinatorFactory, StudentFactory
from partners.factories import ContactFactory, OrganisationFactory
from placements import services
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory


def test_a_dutch_mentor_goes_from_a_dutch_email_to_dutch_pages_and_pdf(live, page):
    organisation = OrganisationFactory(name="Vzw De Brug")
    mentor = ContactFactory(
        organisation=organisation,
        first_name="Mieke",
        last_name="Goossens",
        email="mieke@debrug.example",
        preferred_language="nl",
    )
    course = CourseFactory(
        code="W0SL02",
        title_en="Learning by serving",
        title_nl="Leren door te dienen",
        preference_deadline=None,
    )
    offer = OfferFactory(
        organisation=organisation,
        mentor=mentor,
        courses=[course],
        title_en="Homework class",
        title_nl="Huiswerkklas",
        tasks_en="Help children with their homework.",
        tasks_nl="Help kinderen met hun huiswerk.",
        places=1,
    )
    student = StudentFactory(
        first_name="Lotte", last_name="Claes", preferred_language="nl"
    )
    enrolment = EnrolmentFactory(course=course, student=student)
    coordinator = CoordinatorFactory(preferred_language="en")
    mail.outbox.clear()
    with translation.override("en"):  # the coordinator works in English
        placement = services.propose_placement(
            enrolment=enrolment, offer=offer, actor=coordinator
        )
        services.confirm_placement(placement=placement, actor=coordinator)

    emails = [m for m in mail.outbox if m.to == ["mieke@debrug.example"]]
    assert emails
    for email in emails:
        links = re.findall(r"https?://[^\s\"<>]+", email.body)
        site_links = [link for link in links if link.startswith(live.url)]
        assert site_links and all(
            link.startswith(f"{live.url}/nl/") for link in site_links
        ), site_links
        assert "Huiswerkklas" in email.body and "Homework class" not in email.body
    link = re.search(r"https?://\S+/partner/mentor/\S+/", emails[-1].body).group(0)

    mentor_page = page.context.browser.new_context().new_page()  # no account
    mentor_page.goto(link)
    assert mentor_page.locator("html").get_attribute("lang") == "nl"
    expect(mentor_page.get_by_text("Huiswerkklas").first).to_be_visible()
    expect(mentor_page.get_by_text("Help kinderen met hun huiswerk.")).to_be_visible()
    assert "Homework class" not in mentor_page.content()

    href = mentor_page.locator("a[href$='agreement.pdf']").first.get_attribute("href")
    assert href.startswith("/nl/")
    # A first PDF can take long on a loaded machine: wait for it, whatever it takes.
    response = mentor_page.request.get(live.url + href, timeout=0)
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Huiswerkklas" in text
    assert "Help kinderen met hun huiswerk." in text
    assert "Leren door te dienen" in text
    assert "Homework class" not in text and "Help children" not in text

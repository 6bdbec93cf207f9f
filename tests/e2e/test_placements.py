"""Browser journeys for service-learning: ranking, allocation, the placement,
the mentor's emailed link and the agreement PDF."""

import datetime
import io
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from engage.accounts.factories import CoordinatorFactory, StudentFactory
from engage.taxonomy.models import Language
from partners.factories import ContactFactory, OrganisationFactory
from placements import services
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory
from placements.models import HourEntry, Placement, Preference
from tests.e2e.conftest import login


def _course_with_offers():
    organisation = OrganisationFactory(name="Vzw De Brug")
    mentor = ContactFactory(
        organisation=organisation,
        first_name="Mieke",
        last_name="Goossens",
        email="mieke@debrug.example",
        preferred_language="en",
    )
    course = CourseFactory(
        code="W0SL01", title_en="Learning by serving", preference_deadline=None
    )
    dutch = Language.objects.get(code="nl")
    offers = [
        OfferFactory(
            organisation=organisation,
            mentor=mentor,
            courses=[course],
            title=title,
            places=1,
            languages=[dutch],
        )
        for title in ("Homework class", "Language café", "Visiting older people")
    ]
    return course, offers


def test_student_ranks_coordinator_allocates_student_sees_placement(live, page):
    course, offers = _course_with_offers()
    student = StudentFactory(
        email="lotte@student.kuleuven.be",
        first_name="Lotte",
        last_name="Claes",
        preferred_language="en",
    )
    EnrolmentFactory(course=course, student=student)
    CoordinatorFactory(email="coordinator@engage.example")

    login(page, live.url, student.email)
    page.goto(f"{live.url}/en/service-learning/my/")
    page.get_by_role("link", name="Rank the offers").click()
    page.get_by_label("1st choice").select_option(label="Language café (Vzw De Brug)")
    page.get_by_label("2nd choice").select_option(label="Homework class (Vzw De Brug)")
    page.get_by_label("3rd choice").select_option(
        label="Visiting older people (Vzw De Brug)"
    )
    page.get_by_label("Dutch").check()
    page.get_by_role("button", name="Save my ranking").click()
    expect(page.get_by_text("Your preferences are saved.")).to_be_visible()
    ranking = page.locator("ol").first
    expect(ranking.locator("li")).to_have_count(3)
    expect(ranking.locator("li").first).to_contain_text("Language café")

    coordinator_page = page.context.browser.new_context().new_page()
    login(coordinator_page, live.url, "coordinator@engage.example", admin=True)
    coordinator_page.goto(
        f"{live.url}/admin/service-learning/courses/allocation/{course.pk}/"
    )
    expect(coordinator_page.get_by_text("1 placed, 0 unplaced")).to_be_visible()
    coordinator_page.get_by_role(
        "button", name=re.compile("Commit: propose 1 placement")
    ).click()
    # Ranking is open without a deadline: the commit asks for a confirmation.
    coordinator_page.get_by_role("button", name="Commit anyway").click()
    expect(coordinator_page.get_by_text("Allocation committed")).to_be_visible()
    expect(coordinator_page.get_by_role("link", name="Lotte Claes")).to_be_visible()

    page.goto(f"{live.url}/en/service-learning/my/")
    expect(page.get_by_role("link", name="Language café")).to_be_visible()
    page.get_by_role("link", name="Language café").click()
    expect(page.get_by_text("Proposed", exact=True)).to_be_visible()
    page.get_by_role("button", name="Accept this placement").click()
    expect(page.get_by_text("You accepted this placement.")).to_be_visible()


def test_an_early_commit_asks_for_confirmation_and_closes_the_ranking(live, page):
    course, offers = _course_with_offers()
    course.preference_deadline = timezone.now() + datetime.timedelta(days=5)
    course.save()
    student = StudentFactory(
        email="lotte@student.kuleuven.be",
        first_name="Lotte",
        last_name="Claes",
        preferred_language="en",
    )
    enrolment = EnrolmentFactory(
        course=course, student=student, languages=[Language.objects.get(code="nl")]
    )
    Preference.objects.create(enrolment=enrolment, offer=offers[1], rank=1)
    CoordinatorFactory(email="coordinator@engage.example")

    login(page, live.url, student.email)
    page.goto(f"{live.url}/en/service-learning/courses/{course.pk}/preferences/")
    expect(page.get_by_role("button", name="Save my ranking")).to_be_visible()

    admin = page.context.browser.new_context().new_page()
    login(admin, live.url, "coordinator@engage.example", admin=True)
    admin.goto(f"{live.url}/admin/service-learning/courses/allocation/{course.pk}/")
    admin.get_by_role("button", name=re.compile("Commit: propose 1 placement")).click()
    expect(admin.get_by_text("has not passed")).to_be_visible()
    assert not Placement.objects.exists()
    admin.get_by_role("button", name="Commit anyway").click()
    expect(admin.get_by_text("Allocation committed")).to_be_visible()

    page.reload()
    expect(page.get_by_role("button", name="Save my ranking")).to_have_count(0)
    expect(page.get_by_text("Ranking offers is closed for this course")).to_be_visible()
    expect(page.get_by_role("link", name="Language café")).to_be_visible()

    admin.goto(f"{live.url}/admin/service-learning/courses/allocation/{course.pk}/")
    expect(admin.get_by_role("heading", name="Ranking is closed")).to_be_visible()
    admin.get_by_role("button", name="Re-open preferences").click()
    expect(admin.get_by_text("Preferences are open again.")).to_be_visible()


def _active_placement(student):
    course, offers = _course_with_offers()
    enrolment = EnrolmentFactory(course=course, student=student)
    coordinator = CoordinatorFactory()
    placement = services.propose_placement(
        enrolment=enrolment, offer=offers[0], actor=coordinator
    )
    services.confirm_placement(placement=placement, actor=coordinator)
    return placement, coordinator


def test_mentor_approves_hours_through_the_emailed_link(live, page):
    student = StudentFactory(
        email="lotte@student.kuleuven.be",
        first_name="Lotte",
        last_name="Claes",
        preferred_language="en",
    )
    placement, coordinator = _active_placement(student)
    services.sign_agreement(
        placement=placement, party="student", name="Lotte Claes", ip=None, actor=student
    )
    services.sign_agreement(
        placement=placement, party="mentor", name="Mieke", ip=None, actor=None
    )
    services.activate_placement(placement=placement, actor=coordinator)
    mail.outbox.clear()

    login(page, live.url, student.email)
    page.goto(f"{live.url}/en/service-learning/placements/{placement.pk}/")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_role("spinbutton", name="Hours").fill("2.5")
    page.get_by_label("Activity").fill("Homework with two brothers")
    page.get_by_role("button", name="Log these hours").click()
    expect(page.get_by_text("Your hours are logged")).to_be_visible()

    [email] = [m for m in mail.outbox if m.to == ["mieke@debrug.example"]]
    link = re.search(r"https?://\S+/partner/mentor/\S+/", email.body).group(0)
    assert link.startswith(live.url)

    mentor_page = page.context.browser.new_context().new_page()  # no account, no login
    mentor_page.goto(link)
    expect(
        mentor_page.get_by_role("cell", name="Homework with two brothers")
    ).to_be_visible()
    mentor_page.get_by_role("button", name="Approve").click()
    expect(mentor_page.get_by_text("Hours approved.")).to_be_visible()
    entry = HourEntry.objects.get(placement=placement)
    assert entry.status == HourEntry.Status.APPROVED
    assert entry.reviewer_name == "Mieke Goossens"

    page.reload()
    expect(page.get_by_text("2.5 of 40 expected hours approved")).to_be_visible()


def test_both_sign_and_the_agreement_pdf_renders(live, page):
    student = StudentFactory(
        email="lotte@student.kuleuven.be",
        first_name="Lotte",
        last_name="Claes",
        preferred_language="en",
    )
    placement, _coordinator = _active_placement(student)

    login(page, live.url, student.email)
    page.goto(f"{live.url}/en/service-learning/placements/{placement.pk}/")
    page.get_by_label("Your full name").fill("Lotte Claes")
    page.get_by_label("I have read the agreement and agree to it.").check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("You signed the agreement.")).to_be_visible()

    from placements.links import mentor_url

    mentor_page = page.context.browser.new_context().new_page()
    mentor_page.goto(mentor_url(placement))
    mentor_page.get_by_label("Your full name").fill("Mieke Goossens")
    mentor_page.get_by_label("I have read the agreement and agree to it.").check()
    mentor_page.get_by_role("button", name="Sign the agreement").click()
    expect(mentor_page.get_by_text("You signed the agreement.")).to_be_visible()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.AGREEMENT_SIGNED

    page.reload()
    link = page.get_by_role("link", name="Read the agreement (PDF)")
    response = page.request.get(live.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Service-learning placement agreement" in text
    assert "Signed electronically by Lotte Claes" in text
    assert "Signed electronically by Mieke Goossens" in text
    assert "Vzw De Brug" in text and "Learning by serving" in text


def test_mentor_declines_a_proposed_student_through_the_emailed_link(live, page):
    course, offers = _course_with_offers()
    coordinator = CoordinatorFactory(email="coordinator@engage.example")
    course.coordinator = coordinator
    course.save()
    student = StudentFactory(
        email="lotte@student.kuleuven.be",
        first_name="Lotte",
        last_name="Claes",
        preferred_language="en",
    )
    enrolment = EnrolmentFactory(course=course, student=student)
    mail.outbox.clear()
    placement = services.propose_placement(
        enrolment=enrolment, offer=offers[0], actor=coordinator
    )
    [email] = [m for m in mail.outbox if m.to == ["mieke@debrug.example"]]
    assert "Accept or decline" in email.body
    link = re.search(r"https?://\S+/partner/mentor/\S+/", email.body).group(0)
    mail.outbox.clear()

    page.goto(link)  # no account, no login
    decline = page.get_by_role("button", name="Decline this student")
    decline.click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Why can you not take this student?").fill(
        "Our homework class stops in March"
    )
    page.get_by_role("button", name="Decline this student").click()
    expect(page.get_by_role("heading", name="Student declined")).to_be_visible()
    expect(page.get_by_text("You declined this student.")).to_be_visible()

    placement.refresh_from_db()
    assert placement.status == Placement.Status.CANCELLED
    assert placement.end_reason == "Our homework class stops in March"
    to = {m.to[0]: m for m in mail.outbox}
    assert "Our homework class stops in March" in to["lotte@student.kuleuven.be"].body
    assert "Lotte Claes" in to["coordinator@engage.example"].body

"""Browser journey: a research question from the Dutch public form to published results.

A visitor submits in Dutch (first without consent), gets the follow link by email;
the coordinator accepts, articulates and opens it in the admin; a student expresses
interest; the coordinator matches student and supervisor (who confirm); the report is
delivered; the lay summary appears on the public results page; the submitter follows
the link, sees the history and gives feedback.
"""

import re
from urllib.parse import urlparse

from django.core import mail
from playwright.sync_api import expect

from engage.accounts.factories import (
    CoordinatorFactory,
    LecturerFactory,
    StudentFactory,
)
from engage.university.models import AcademicYear
from science_shop import reference_data
from science_shop.demo import seed_pages
from science_shop.factories import SupervisorFactory, discipline, minimal_pdf
from science_shop.models import ResearchQuestion
from tests.e2e.conftest import login

TITLE = "Waarom komen oudere buurtbewoners niet meer naar ons buurthuis?"
QUESTION = "Welke drempels ervaren 65-plussers om naar onze activiteiten te komen?"
SUMMARY_NL = "Oudere buurtbewoners horen te weinig over de activiteiten."
SUMMARY_EN = "Older residents hear too little about the activities."


def _new_page(browser, **kwargs):
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _admin_action(page, name):
    page.get_by_role("navigation", name="Actions on this question").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_research_question_from_dutch_form_to_published_results(
    live, page, browser, tmp_path
):
    reference_data.load()
    seed_pages()
    coordinator = CoordinatorFactory(email="coordinator@engage.example")
    student = StudentFactory(
        email="lotte@student.kuleuven.be", first_name="Lotte", last_name="Claes"
    )
    lecturer = LecturerFactory(
        email="sofie@kuleuven.be", first_name="Sofie", last_name="Maes"
    )
    SupervisorFactory(user=lecturer, disciplines=[discipline("sociology")])

    # 1. A visitor fills in the form in Dutch and forgets the consent.
    page.goto(f"{live.url}/nl/science-shop/stel-een-vraag/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_label("Naam van de organisatie").fill("Buurtwerk 't Lampeke")
    page.get_by_label("Rechtsvorm").select_option("vzw")
    page.get_by_label("Straat en nummer").fill("Kapucijnenvoer 10")
    page.get_by_label("Postcode").fill("3000")
    page.get_by_label("Gemeente").fill("Leuven")
    page.get_by_label("Voornaam").fill("Els")
    page.get_by_label("Familienaam").fill("Vermeulen")
    page.get_by_label("E-mailadres").fill("els@lampeke.be")
    page.get_by_label("Titel van je vraag").fill(TITLE)
    page.get_by_label("Je vraag, in je eigen woorden").fill(QUESTION)
    page.get_by_label("Achtergrond: waarom deze vraag").fill(
        "Ons buurthuis wil alle buurtbewoners bereiken."
    )
    page.get_by_label("Wat ga je met het antwoord doen?").fill(
        "We passen ons aanbod en onze communicatie aan."
    )
    page.get_by_role("checkbox", name="Sociologie").check()
    for group in (
        "Zijn jullie een vzw",
        "Klopt het dat jullie geen budget",
        "Klopt het dat jullie geen commercieel",
    ):
        page.get_by_role("group", name=re.compile(group)).get_by_label("Ja").check()
    page.get_by_label("De Wetenschapswinkel mag een publieksvriendelijke").check()
    page.get_by_role("button", name="Verstuur mijn vraag").click()

    # The error is at the consent field; nothing typed is lost.
    consent = page.get_by_label("Ik heb de privacyverklaring gelezen")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(
        page.get_by_text(
            "Je moet akkoord gaan met de privacyverklaring om een vraag te versturen."
        ).first
    ).to_be_visible()
    expect(page.get_by_label("Naam van de organisatie")).to_have_value(
        "Buurtwerk 't Lampeke"
    )
    expect(page.get_by_label("Je vraag, in je eigen woorden")).to_have_value(QUESTION)
    expect(page.get_by_role("checkbox", name="Sociologie")).to_be_checked()
    assert ResearchQuestion.objects.count() == 0

    # 2. With consent, the question is sent; the submitter gets the follow link.
    consent.check()
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_text("Dank je! Je vraag is verstuurd.")).to_be_visible()
    question = ResearchQuestion.objects.get()
    (email,) = mail.outbox
    assert email.to == ["els@lampeke.be"]
    assert email.subject == f"We hebben je vraag ontvangen ({question.reference})"
    follow_link = re.search(
        r"http\S+/(?:science-shop|wetenschapswinkel)/follow/\S+/", email.body
    )[0]
    assert urlparse(follow_link).path.startswith("/nl/")

    # 3. The coordinator starts the intake, accepts, articulates and opens it.
    login(page, live.url, coordinator.email, admin=True)
    page.goto(f"{live.url}/admin/science_shop_board/")
    page.get_by_role("link", name=question.reference).first.click()
    _admin_action(page, "Start intake")
    page.get_by_role("button", name="Start intake").click()
    expect(page.get_by_text("The question is in intake.")).to_be_visible()
    _admin_action(page, "Accept")
    page.get_by_label("Intake notes").fill("Goed intakegesprek met Els.")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("The question is accepted")).to_be_visible()
    _admin_action(page, "Articulate")
    page.get_by_label("Title for students").fill("Drempels voor 65-plussers")
    page.get_by_label("Research question").fill(
        "Welke drempels ervaren 65-plussers, en welke communicatie bereikt hen?"
    )
    page.get_by_label("Faculty").select_option(label="Social Sciences")
    page.locator("#id_form").select_option("master_thesis")
    page.get_by_label("Academic year").select_option(
        label=AcademicYear.objects.current().label
    )
    expect(page.get_by_role("checkbox", name="Sociology")).to_be_checked()
    page.get_by_role("button", name="Articulate").click()
    expect(page.get_by_text("The research question is articulated.")).to_be_visible()
    _admin_action(page, "Open for students")
    page.get_by_role("button", name="Open for students").click()
    expect(page.get_by_text("The question is open for students.")).to_be_visible()
    inspect_url = page.url

    # 4. A student finds it and expresses interest.
    student_page = _new_page(browser)
    login(student_page, live.url, student.email)
    student_page.goto(f"{live.url}/nl/science-shop/questions/")
    student_page.get_by_role("link", name="Drempels voor 65-plussers").click()
    student_page.get_by_label("Waarom wil je aan deze vraag werken?").fill(
        "Ik zoek een onderwerp voor mijn masterproef sociologie."
    )
    student_page.get_by_role("button", name="Interesse tonen").click()
    expect(
        student_page.get_by_text("Je toonde interesse in deze vraag")
    ).to_be_visible()

    # 5. The coordinator sees the interest and matches student and supervisor.
    page.goto(inspect_url)
    expect(
        page.get_by_text("Ik zoek een onderwerp voor mijn masterproef")
    ).to_be_visible()
    _admin_action(page, "Match students and supervisor")
    page.get_by_role("checkbox", name="Lotte Claes").check()
    page.get_by_label("Supervisor").select_option(label="Sofie Maes")
    page.get_by_role("button", name="Match students and supervisor").click()
    expect(page.get_by_text("asked to confirm")).to_be_visible()

    # Both confirm, from their own pages.
    student_page.goto(f"{live.url}/nl/science-shop/projects/{question.pk}/")
    student_page.get_by_role("button", name="Bevestig de koppeling").click()
    expect(student_page.get_by_text("je hebt de koppeling bevestigd")).to_be_visible()
    supervisor_page = _new_page(browser)
    login(supervisor_page, live.url, lecturer.email)
    supervisor_page.goto(f"{live.url}/nl/accounts/me/")
    supervisor_page.get_by_role("link", name="Drempels voor 65-plussers").click()
    supervisor_page.get_by_role("button", name="Bevestig de koppeling").click()
    expect(
        supervisor_page.get_by_text("je hebt de koppeling bevestigd")
    ).to_be_visible()

    # 6. The research starts and the report is delivered.
    page.goto(inspect_url)
    _admin_action(page, "Start the research")
    for label, day in (
        ("Kick-off", "2026-10-01"),
        ("Interim", "2027-01-15"),
        ("Final", "2027-06-01"),
    ):
        page.get_by_label(label).fill(day)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Start the research").click()
    expect(page.get_by_text("The research has started.")).to_be_visible()
    _admin_action(page, "Deliver the report")
    report = tmp_path / "eindrapport.pdf"
    report.write_bytes(minimal_pdf("Eindrapport"))
    page.locator("#id_report").set_input_files(str(report))
    page.get_by_role("button", name="Deliver the report").click()
    expect(page.get_by_text("The report is delivered")).to_be_visible()

    # 7. The lay summary is published and shows on the public results page.
    _admin_action(page, "Publish the lay summary")
    page.get_by_label("Lay summary (English)").fill(SUMMARY_EN)
    page.get_by_label("Lay summary (Dutch)").fill(SUMMARY_NL)
    page.get_by_role("button", name="Publish the lay summary").click()
    expect(
        page.get_by_text("The lay summary is on the public results page.")
    ).to_be_visible()
    visitor = _new_page(browser)
    visitor.goto(f"{live.url}/nl/science-shop/resultaten/")
    expect(
        visitor.get_by_role("heading", name="Drempels voor 65-plussers")
    ).to_be_visible()
    expect(visitor.get_by_text(SUMMARY_NL)).to_be_visible()

    # 8. The submitter follows the link, sees the history and gives feedback.
    submitter = _new_page(browser)
    submitter.goto(live.url + urlparse(follow_link).path)
    history = submitter.get_by_role("region", name="Geschiedenis")
    for headline in (
        "Vraag ontvangen",
        "Intake gestart",
        "Vraag aanvaard",
        "Open voor studenten",
        "Rapport opgeleverd",
        "Samenvatting gepubliceerd",
    ):
        expect(history.get_by_text(headline)).to_be_visible()
    expect(submitter.get_by_role("link", name="Download het rapport")).to_be_visible()
    submitter.get_by_label("Zeer tevreden").check()
    submitter.get_by_label("Wat heb je met het resultaat gedaan?").fill(
        "We verdelen nu een papieren nieuwsbrief in de buurt."
    )
    submitter.get_by_role("button", name="Feedback versturen").click()
    expect(submitter.get_by_text("Dank je voor je feedback!")).to_be_visible()
    expect(history.get_by_text("Vraag afgesloten")).to_be_visible()
    question.refresh_from_db()
    assert question.status == ResearchQuestion.Status.CLOSED
    assert question.feedback.satisfaction == 5

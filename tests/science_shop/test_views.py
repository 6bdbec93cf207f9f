"""The site: open questions for students, the submitter's view, projects,
supervision, and the published results page."""

import pytest
from django.core import mail
from django.urls import reverse

from cms.models import ScienceShopResultsPage, StandardPage
from engage.accounts.factories import PartnerContactUserFactory, StudentFactory
from engage.accounts.signed_links import make_token
from engage.university.models import Faculty
from partners.factories import ContactFactory
from science_shop import services
from science_shop.factories import SupervisorFactory, discipline, question_in_state
from science_shop.links import FOLLOW_PURPOSE, follow_url
from science_shop.models import Feedback, Interest, Message, ResearchQuestion

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# -- Open questions -------------------------------------------------------------------


def test_open_questions_list_only_open_ones_in_both_languages(client):
    open_question = question_in_state(S.OPEN, articulated_title="Open vraag")
    question_in_state(S.ARTICULATED, articulated_title="Nog niet open")
    response = client.get("/en/science-shop/questions/")
    content = response.content.decode()
    assert "Open vraag" in content and "Nog niet open" not in content
    assert "Open research questions" in content
    assert reverse("science_shop:open_question", args=[open_question.pk]) in content
    content = client.get("/nl/wetenschapswinkel/questions/").content.decode()
    assert "Open onderzoeksvragen" in content


def test_open_questions_filters_and_search(client):
    law = discipline("law")
    sdg = __import__("engage.taxonomy.models", fromlist=["SDG"]).SDG.objects.get(
        number=10
    )
    match = question_in_state(
        S.OPEN,
        articulated_title="Rechten van huurders",
        disciplines=[law],
        faculty=Faculty.objects.get(code="LAW"),
        form=ResearchQuestion.Form.BACHELOR_PROJECT,
    )
    match.sdgs.set([sdg])
    question_in_state(S.OPEN, articulated_title="Iets anders")
    for params in (
        {"discipline": law.pk},
        {"faculty": Faculty.objects.get(code="LAW").pk},
        {"form": "bachelor_project"},
        {"sdg": sdg.pk},
        {"q": "huurders"},
    ):
        content = client.get("/en/science-shop/questions/", params).content.decode()
        assert "Rechten van huurders" in content, params
        assert "Iets anders" not in content, params


def test_open_questions_listing_has_constant_queries(
    client, bulk_questions, count_queries
):
    bulk_questions(10)
    client.get("/en/science-shop/questions/")  # warm the site and locale caches
    small = count_queries(lambda: client.get("/en/science-shop/questions/"))
    bulk_questions(290)
    large = count_queries(lambda: client.get("/en/science-shop/questions/"))
    assert count_queries.last_result.status_code == 200
    assert small == large


def test_anonymous_question_hides_the_organisation(client):
    question = question_in_state(
        S.OPEN, confidentiality=ResearchQuestion.Confidentiality.ANONYMOUS
    )
    content = client.get(
        reverse("science_shop:open_question", args=[question.pk])
    ).content.decode()
    assert question.organisation.name not in content
    assert "A non-profit organisation" in content


def test_a_student_expresses_interest(client, student):
    question = question_in_state(S.OPEN)
    url = reverse("science_shop:express_interest", args=[question.pk])
    client.force_login(student)
    response = client.post(url, {"motivation": "Dit past bij mijn masterproef."})
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.student, interest.motivation) == (
        student,
        "Dit past bij mijn masterproef.",
    )
    detail = client.get(reverse("science_shop:open_question", args=[question.pk]))
    assert "You expressed interest" in detail.content.decode()


def test_interest_needs_a_motivation_kept_at_the_field(client, student):
    question = question_in_state(S.OPEN)
    client.force_login(student)
    response = client.post(
        reverse("science_shop:express_interest", args=[question.pk]),
        {"motivation": ""},
    )
    assert response.status_code == 400
    assert "motivation" in response.context["form"].errors


def test_only_students_may_express_interest(client, lecturer):
    question = question_in_state(S.OPEN)
    client.force_login(lecturer)
    response = client.post(
        reverse("science_shop:express_interest", args=[question.pk]),
        {"motivation": "x"},
    )
    assert response.status_code == 403
    assert not Interest.objects.exists()


def test_closed_question_is_not_shown_to_students(client):
    question = question_in_state(S.MATCHED)
    response = client.get(reverse("science_shop:open_question", args=[question.pk]))
    assert response.status_code == 404


# -- The submitter's view -------------------------------------------------------------


def test_follow_link_shows_status_and_history_in_plain_language(client, coordinator):
    """In the submitter's language: the link opens the page in it."""
    question = question_in_state(
        S.DECLINED, decline_reason="Dit is geen onderzoek.", language="en"
    )
    content = client.get(_path(follow_url(question))).content.decode()
    assert "Unfortunately the Science Shop cannot take on your question." in content
    assert "Dit is geen onderzoek." in content
    for headline in ("Question received", "Intake started", "Question declined"):
        assert headline in content


def test_follow_link_messages_are_threaded_and_emailed(
    client, coordinator, django_capture_on_commit_callbacks
):
    question = question_in_state(S.INTAKE, coordinator=coordinator)
    url = _path(follow_url(question))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "message", "body": "Kunnen we volgende week bellen?"}
        )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.from_submitter and message.author_name == question.contact.full_name
    (email,) = mail.outbox
    assert email.to == [coordinator.email]
    assert "Kunnen we volgende week bellen?" in email.body
    assert f"/admin/science_shop_questions/inspect/{question.pk}/" in email.body

    # The coordinator replies (in the admin); the submitter gets it by email.
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(
            question=question,
            body="Ja, dinsdag om 10 uur?",
            from_submitter=False,
            reply_to=message,
            actor=coordinator,
        )
    reply = mail.outbox[-1]
    assert reply.to == [question.contact.email]
    assert "Ja, dinsdag om 10 uur?" in reply.body
    content = client.get(url).content.decode()
    assert content.index("Kunnen we volgende week bellen?") < content.index(
        "Ja, dinsdag om 10 uur?"
    )
    assert f'href="#message-{message.pk}"' in content


def test_empty_message_is_refused_at_the_field(client):
    question = question_in_state(S.INTAKE)
    response = client.post(
        _path(follow_url(question)), {"action": "message", "body": ""}
    )
    assert response.status_code == 400
    assert "body" in response.context["message_form"].errors
    assert not Message.objects.exists()


def test_submitter_downloads_the_report_and_gives_feedback(
    client, django_capture_on_commit_callbacks
):
    question = question_in_state(S.PUBLISHED, language="en")
    url = _path(follow_url(question))
    content = client.get(url).content.decode()
    assert "Download the report" in content
    assert question.lay_summary_en in content
    report = client.get(f"{url}report/")
    assert report.status_code == 200
    assert b"".join(report.streaming_content).startswith(b"%PDF-")

    response = client.post(
        url,
        {
            "action": "feedback",
            "satisfaction": "5",
            "use_of_results": "We verdelen nu een papieren nieuwsbrief.",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == S.CLOSED
    assert Feedback.objects.get().satisfaction == 5
    # Closing revoked the old link; the submitter carries on with a fresh one.
    assert client.get(url).status_code == 410
    content = client.get(_path(response.url)).content.decode()
    assert "we received your feedback" in content
    assert "Question closed" in content


def test_report_is_not_available_before_delivery(client):
    question = question_in_state(S.IN_PROGRESS)
    assert client.get(_path(follow_url(question)) + "report/").status_code == 404


def test_a_forged_or_revoked_link_opens_nothing(client):
    question = question_in_state(S.SUBMITTED)
    forged = make_token(FOLLOW_PURPOSE, {"q": question.pk, "k": "guessed"})
    response = client.get(reverse("science_shop:follow", args=[forged]))
    assert response.status_code == 410  # signed by us, with an old key: revoked
    assert question.title not in response.content.decode()
    other_purpose = make_token("placements.hours", {"q": question.pk})
    assert (
        client.get(reverse("science_shop:follow", args=[other_purpose])).status_code
        == 404
    )


def test_an_expired_link_offers_a_new_one_to_the_address_on_file(
    client, settings, django_capture_on_commit_callbacks
):
    question = question_in_state(S.INTAKE)
    url = _path(follow_url(question))
    settings.SCIENCE_SHOP_FOLLOW_LINK_DAYS = -1
    response = client.get(url)
    assert response.status_code == 410
    assert question.title not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}new-link/")
    assert response.status_code == 200
    (email,) = mail.outbox
    assert email.to == [question.contact.email]


def test_partner_portal_account_follows_its_organisations_questions(client):
    question = question_in_state(S.OPEN)
    other = question_in_state(S.OPEN)
    user = PartnerContactUserFactory()
    ContactFactory(organisation=question.organisation, user=user)
    client.force_login(user)
    url = reverse("science_shop:partner_question", args=[question.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert question.title in response.content.decode()
    assert (
        client.get(reverse("science_shop:partner_question", args=[other.pk]))
    ).status_code == 404


# -- Projects and supervision ---------------------------------------------------------


def test_matched_student_confirms_on_the_project_page(client):
    question = question_in_state(S.MATCHED)
    student = question.student_matches.get().student
    client.force_login(student)
    url = reverse("science_shop:project", args=[question.pk])
    assert "Will you take part?" in client.get(url).content.decode()
    assert client.post(url, {"action": "confirm"}).status_code == 302
    assert question.student_matches.get().confirmed_at is not None
    assert "Will you take part?" not in client.get(url).content.decode()


def test_project_page_is_for_participants_only(client, student):
    question = question_in_state(S.MATCHED)
    client.force_login(student)
    assert (
        client.get(reverse("science_shop:project", args=[question.pk])).status_code
        == 404
    )


def test_lecturer_declares_disciplines_and_adopts_a_question(client, lecturer):
    question = question_in_state(S.OPEN, disciplines=[discipline("history")])
    other = question_in_state(S.OPEN, disciplines=[discipline("law")])
    client.force_login(lecturer)
    response = client.post(
        reverse("science_shop:supervise"),
        {"disciplines": [discipline("history").pk], "is_available": "on"},
    )
    assert response.status_code == 302
    content = client.get(reverse("science_shop:supervise")).content.decode()
    assert question.display_title in content and other.display_title not in content
    response = client.post(reverse("science_shop:adopt", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.supervisor == lecturer and question.supervisor_adopted


def test_declaring_no_discipline_is_refused_at_the_field(client, lecturer):
    client.force_login(lecturer)
    response = client.post(reverse("science_shop:supervise"), {"is_available": "on"})
    assert response.status_code == 200
    assert "disciplines" in response.context["form"].errors


def test_students_cannot_supervise(client, student):
    client.force_login(student)
    assert client.get(reverse("science_shop:supervise")).status_code == 403


def test_my_engage_shows_students_interests_and_supervisors_supervisions(
    client, lecturer
):
    student = StudentFactory()
    open_question = question_in_state(S.OPEN, articulated_title="Mijn interesse")
    services.express_interest(
        question=open_question, student=student, motivation="Graag", actor=student
    )
    project = question_in_state(
        S.IN_PROGRESS, articulated_title="Mijn project", students=[student]
    )
    client.force_login(student)
    content = client.get("/en/accounts/me/").content.decode()
    assert "Mijn interesse" in content and "Mijn project" in content
    assert reverse("science_shop:project", args=[project.pk]) in content

    SupervisorFactory(user=lecturer)
    supervised = question_in_state(
        S.IN_PROGRESS, articulated_title="Mijn begeleiding", supervisor=lecturer
    )
    client.force_login(lecturer)
    content = client.get("/en/accounts/me/").content.decode()
    assert "Your supervisions" in content and "Mijn begeleiding" in content
    assert reverse("science_shop:project", args=[supervised.pk]) in content


# -- Published results ----------------------------------------------------------------


@pytest.fixture
def results_page(site_pages):
    parent = StandardPage.objects.get(slug="science-shop", locale__language_code="en")
    page = parent.add_child(
        instance=ScienceShopResultsPage(
            title="Results", slug="results", locale=parent.locale
        )
    )
    page.save_revision().publish()
    return page


def test_results_page_lists_lay_summaries_with_links(client, results_page):
    listed = question_in_state(S.PUBLISHED, articulated_title="Gepubliceerd resultaat")
    listed.organisation.public_listing_consent = True
    listed.organisation.save()
    hidden_org = question_in_state(S.CLOSED, articulated_title="Zonder naam")
    hidden_org.organisation.public_listing_consent = False
    hidden_org.organisation.save()
    question_in_state(S.DELIVERED, articulated_title="Nog niet gepubliceerd")
    content = client.get(results_page.url).content.decode()
    assert "Gepubliceerd resultaat" in content and "Zonder naam" in content
    assert "Nog niet gepubliceerd" not in content
    assert listed.lay_summary_en in content
    assert f'href="{listed.organisation.website}"' in content
    assert f'href="{hidden_org.organisation.website}"' not in content
    assert listed.thesis_url in content


def test_results_page_filters(client, results_page):
    question_in_state(
        S.PUBLISHED,
        articulated_title="Juridisch resultaat",
        disciplines=[discipline("law")],
    )
    question_in_state(S.PUBLISHED, articulated_title="Sociologisch resultaat")
    content = client.get(
        results_page.url, {"discipline": discipline("law").pk}
    ).content.decode()
    assert "Juridisch resultaat" in content and "Sociologisch resultaat" not in content


def test_results_page_has_constant_queries(
    client, results_page, bulk_questions, count_queries
):
    bulk_questions(10, status=S.PUBLISHED)
    client.get(results_page.url)  # warm the site and locale caches
    small = count_queries(lambda: client.get(results_page.url))
    bulk_questions(290, status=S.PUBLISHED)
    large = count_queries(lambda: client.get(results_page.url))
    assert small == large


def test_milestone_dates_show_on_the_project_page(client):
    question = question_in_state(S.IN_PROGRESS)
    student = question.student_matches.get().student
    client.force_login(student)
    content = client.get(reverse("science_shop:project", args=[question.pk])).content
    kickoff = question.milestones.get(kind="kickoff").due_date
    assert kickoff.isoformat().encode() in content


def test_follow_link_opens_in_the_submitters_language(client):
    question = question_in_state(S.OPEN, language="nl")
    url = _path(follow_url(question))
    assert url.startswith("/nl/")
    content = client.get(url).content.decode()
    assert "Je vraag is nu open: studenten kunnen ervoor kiezen." in content
    assert "Geschiedenis" in content

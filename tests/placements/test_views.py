"""Site views per role: students, lecturers, partner contacts and mentors by link."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from engage.accounts.factories import (
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from partners.factories import ContactFactory
from placements import services
from placements.factories import (
    EnrolmentFactory,
    OfferFactory,
    PlacementFactory,
    ReflectionPromptFactory,
)
from placements.links import mentor_token
from placements.models import HourEntry, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_pages):
    return site_pages


def url(name, **kwargs):
    return reverse(f"placements:{name}", kwargs=kwargs)


def test_student_ranks_offers_and_sees_them_on_my_page(
    client, enrolment, offer, course, languages
):
    other = OfferFactory(courses=[course], title="Reading buddies")
    client.force_login(enrolment.student)
    response = client.get(url("preferences", pk=course.pk))
    assert response.status_code == 200
    assert "Homework class" in response.content.decode()
    response = client.post(
        url("preferences", pk=course.pk),
        {
            "choice_1": other.pk,
            "choice_2": offer.pk,
            "languages": [languages["nl"].pk],
            "note": "Mornings",
        },
    )
    assert response.status_code == 302
    assert [p.offer for p in enrolment.preferences.all()] == [other, offer]
    page = client.get(url("my")).content.decode()
    assert "Reading buddies" in page and "Change my ranking" in page


def test_ranking_the_same_offer_twice_is_shown_at_the_field_and_keeps_input(
    client, enrolment, offer, course, languages
):
    client.force_login(enrolment.student)
    response = client.post(
        url("preferences", pk=course.pk),
        {
            "choice_1": offer.pk,
            "choice_2": offer.pk,
            "languages": [languages["nl"].pk],
            "note": "Keep me",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "You already chose this offer" in content
    assert 'aria-invalid="true"' in content
    assert "Keep me" in content
    assert enrolment.preferences.count() == 0


def test_students_cannot_rank_for_a_course_they_are_not_in(client, course):
    client.force_login(StudentFactory())
    assert client.get(url("preferences", pk=course.pk)).status_code == 404


def test_student_placement_page_accept_sign_log_hours(
    client, enrolment, offer, coordinator, yesterday, django_capture_on_commit_callbacks
):
    placement = services.propose_placement(
        enrolment=enrolment, offer=offer, actor=coordinator
    )
    client.force_login(enrolment.student)
    page = client.get(url("placement", pk=placement.pk)).content.decode()
    assert "Accept this placement" in page
    client.post(url("accept", pk=placement.pk))
    services.accept_placement(placement=placement, party="partner", actor=None)
    response = client.post(
        url("sign", pk=placement.pk), {"sign-full_name": "Lotte", "sign-agree": "on"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (
        placement.student_signed_name == "Lotte"
        and placement.student_signed_ip == "127.0.0.1"
    )
    services.sign_agreement(
        placement=placement, party="mentor", name="M", ip=None, actor=None
    )
    services.activate_placement(placement=placement, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("log_hours", pk=placement.pk),
            {
                "hours-date": yesterday.isoformat(),
                "hours-hours": "2.5",
                "hours-activity": "Homework",
            },
        )
    assert response.status_code == 302
    assert placement.hour_entries.get().hours == Decimal("2.5")
    assert any("mieke@debrug.example" in m.to for m in mail.outbox)
    future = datetime.date.today() + datetime.timedelta(days=3)
    response = client.post(
        url("log_hours", pk=placement.pk),
        {
            "hours-date": future.isoformat(),
            "hours-hours": "1",
            "hours-activity": "Typed activity",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "You cannot log hours in the future." in content
    assert "Typed activity" in content


def test_other_students_get_a_404_for_my_placement(client, enrolment, offer):
    placement = PlacementFactory(enrolment=enrolment, offer=offer)
    client.force_login(StudentFactory())
    assert client.get(url("placement", pk=placement.pk)).status_code == 404
    assert client.get(url("agreement_pdf", pk=placement.pk)).status_code == 404


def test_reflections_are_saved_and_shown_to_the_lecturer_only(
    client, enrolment, offer, lecturer
):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    prompt = ReflectionPromptFactory(
        course=enrolment.course, question="What did you learn?"
    )
    client.force_login(enrolment.student)
    response = client.post(
        url("reflections", pk=placement.pk), {f"prompt_{prompt.pk}": "Patience."}
    )
    assert response.status_code == 302
    client.force_login(lecturer)
    page = client.get(url("lecturer_placement", pk=placement.pk)).content.decode()
    assert "Patience." in page
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=offer.organisation, user=partner)
    client.force_login(partner)
    assert client.get(url("lecturer_placement", pk=placement.pk)).status_code == 404
    client.force_login(LecturerFactory())
    assert client.get(url("lecturer_placement", pk=placement.pk)).status_code == 404


def test_lecturer_sees_students_and_sets_prompts(
    client, course, lecturer, enrolment, offer
):
    PlacementFactory(enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE)
    client.force_login(lecturer)
    assert course.code in client.get(url("lecturer")).content.decode()
    page = client.get(url("lecturer_course", pk=course.pk)).content.decode()
    assert enrolment.student.get_full_name() in page and "Homework class" in page
    response = client.post(
        url("lecturer_prompts", pk=course.pk),
        {"questions": "Who did you meet?\nWhat changed?"},
    )
    assert response.status_code == 302
    assert list(course.reflection_prompts.values_list("question", flat=True)) == [
        "Who did you meet?",
        "What changed?",
    ]
    client.force_login(LecturerFactory())
    assert client.get(url("lecturer_course", pk=course.pk)).status_code == 404


def test_partner_portal_shows_only_their_organisation(
    client, offer, enrolment, yesterday
):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    HourEntry.objects.create(
        placement=placement, date=yesterday, hours=2, activity="Games"
    )
    elsewhere = PlacementFactory(status=Placement.Status.ACTIVE)
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=offer.organisation, user=partner)
    client.force_login(partner)
    page = client.get(url("partner")).content.decode()
    assert enrolment.student.get_full_name() in page
    assert "Games" in page
    assert elsewhere.student.get_full_name() not in page
    assert client.get(url("partner_placement", pk=elsewhere.pk)).status_code == 404
    assert client.get(url("partner_placement", pk=placement.pk)).status_code == 200


def test_partner_contacts_without_organisation_get_a_404(client):
    client.force_login(PartnerContactUserFactory())
    assert client.get(url("partner")).status_code == 404


def test_mentor_approves_and_rejects_hours_through_the_link(
    client, offer, enrolment, yesterday
):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    first = HourEntry.objects.create(
        placement=placement, date=yesterday, hours=2, activity="Games"
    )
    second = HourEntry.objects.create(
        placement=placement, date=yesterday, hours=1, activity="Tea"
    )
    link = url("mentor", token=mentor_token(placement))
    page = client.get(link)
    assert page.status_code == 200 and "Games" in page.content.decode()
    assert (
        client.post(link, {"action": "approve", "entry": first.pk}).status_code == 302
    )
    first.refresh_from_db()
    assert first.status == HourEntry.Status.APPROVED
    assert first.reviewer_name == "Mieke Goossens"
    response = client.post(
        link, {"action": "reject", "entry": second.pk, f"reason_{second.pk}": ""}
    )
    assert response.status_code == 400
    assert "Say why you reject these hours." in response.content.decode()
    client.post(
        link,
        {"action": "reject", "entry": second.pk, f"reason_{second.pk}": "Not here"},
    )
    second.refresh_from_db()
    assert (second.status, second.rejection_reason) == (
        HourEntry.Status.REJECTED,
        "Not here",
    )


def test_mentor_signs_through_the_link_with_name_time_and_ip(
    client, offer, enrolment, coordinator
):
    placement = services.propose_placement(
        enrolment=enrolment, offer=offer, actor=coordinator
    )
    services.confirm_placement(placement=placement, actor=coordinator)
    link = url("mentor", token=mentor_token(placement))
    response = client.post(link, {"action": "sign", "sign-full_name": "Mieke Goossens"})
    assert response.status_code == 400  # the agreement box is not ticked
    client.post(
        link, {"action": "sign", "sign-full_name": "Mieke Goossens", "sign-agree": "on"}
    )
    placement.refresh_from_db()
    assert placement.mentor_signed_name == "Mieke Goossens"
    assert placement.mentor_signed_ip == "127.0.0.1"
    assert placement.mentor_signed_at is not None
    pdf = client.get(url("mentor_agreement_pdf", token=mentor_token(placement)))
    assert pdf["Content-Type"] == "application/pdf"


def test_bad_or_foreign_mentor_links_are_refused(client, offer, enrolment):
    placement = PlacementFactory(enrolment=enrolment, offer=offer)
    response = client.get(url("mentor", token="nonsense"))
    assert response.status_code == 403
    assert "not valid" in response.content.decode()
    token = mentor_token(placement)
    offer.mentor = ContactFactory(organisation=offer.organisation)
    offer.save()
    assert client.get(url("mentor", token=token)).status_code == 403


def test_mentor_evaluates_after_completion(client, offer, enrolment):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.COMPLETED
    )
    link = url("mentor", token=mentor_token(placement))
    assert "Evaluate the student" in client.get(link).content.decode()
    response = client.post(
        link,
        {
            "action": "evaluate",
            "evaluation-evaluator_name": "Mieke",
            "evaluation-commitment": "5",
            "evaluation-communication": "4",
            "evaluation-initiative": "3",
            "evaluation-respect": "5",
        },
    )
    assert response.status_code == 302
    assert placement.mentor_evaluation.initiative == 3


def test_student_evaluates_and_reads_the_agreement(client, offer, enrolment):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.COMPLETED
    )
    client.force_login(enrolment.student)
    response = client.post(
        url("student_evaluation", pk=placement.pk),
        {
            "evaluation-learning": "5",
            "evaluation-guidance": "4",
            "evaluation-meaningfulness": "5",
            "evaluation-organisation": "4",
            "evaluation-would_recommend": "on",
        },
    )
    assert response.status_code == 302
    assert placement.student_evaluation.would_recommend is True
    pdf = client.get(url("agreement_pdf", pk=placement.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_my_engage_shows_my_service_learning(client, enrolment, lecturer, course):
    client.force_login(enrolment.student)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "My service-learning" in page and "Learning by serving" in page
    client.force_login(lecturer)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "My courses" in page and "Learning by serving" in page


@pytest.mark.parametrize("who", ["lecturer", "partner", "student"])
def test_placement_listings_keep_a_constant_query_count(
    client, course, lecturer, offer, count_queries, who
):
    from tests.placements.helpers import bulk_placements

    if who == "lecturer":
        client.force_login(lecturer)
        page = url("lecturer_course", pk=course.pk)
    elif who == "partner":
        partner = PartnerContactUserFactory()
        ContactFactory(organisation=offer.organisation, user=partner)
        client.force_login(partner)
        page = url("partner")
    else:
        # A student's own page lists their courses: enrol one student in many.
        student = StudentFactory()
        client.force_login(student)
        page = url("my")

    def add(n):
        if who != "student":
            return bulk_placements(course, [offer], n)
        for _ in range(n):
            PlacementFactory(
                enrolment=EnrolmentFactory(student=student),
                status=Placement.Status.ACTIVE,
            )

    add(10 if who != "student" else 2)
    client.get(page)
    few = count_queries(lambda: client.get(page))
    add(490 if who != "student" else 5)
    many = count_queries(lambda: client.get(page))
    assert few == many

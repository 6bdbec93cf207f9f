"""What the Science Shop contributes through the shared registries."""

import datetime

import pytest
from django.test import RequestFactory

from engage.accounts.factories import StudentFactory
from engage.core.registry import (
    CalendarEvent,
    EngagementItem,
    calendar_event_providers,
    engagement_record_providers,
    my_engage_sections,
)
from partners.activity import ActivitySection, partner_activity_providers
from partners.factories import OrganisationFactory
from partners.portal import partner_portal_sections
from science_shop import services
from science_shop.factories import SupervisorFactory, question_in_state
from science_shop.models import ResearchQuestion
from science_shop.providers import (
    milestone_events,
    my_science_shop,
    research_questions_activity,
    research_questions_portal,
    science_shop_projects,
)

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status


def test_providers_are_registered():
    assert research_questions_activity in list(partner_activity_providers)
    assert research_questions_portal in list(partner_portal_sections)
    assert milestone_events in list(calendar_event_providers)
    assert science_shop_projects in list(engagement_record_providers)
    assert my_science_shop in list(my_engage_sections)


def test_partner_360_lists_the_organisations_questions(coordinator, count_queries):
    organisation = OrganisationFactory()
    first = question_in_state(S.OPEN, organisation=organisation)
    question_in_state(S.CLOSED, organisation=organisation)
    question_in_state(S.OPEN)  # another organisation
    section = research_questions_activity(organisation, coordinator)
    assert isinstance(section, ActivitySection)
    assert section.count == 2
    assert {row["reference"] for row in section.rows} >= {first.reference}
    assert section.url.endswith(f"?organisation={organisation.pk}")
    assert section.template == "science_shop/partners/activity_section.html"

    few = count_queries(lambda: research_questions_activity(organisation, coordinator))
    for _ in range(5):
        question_in_state(S.SUBMITTED, organisation=organisation)
    many = count_queries(lambda: research_questions_activity(organisation, coordinator))
    assert few == many


def test_partner_360_is_for_coordinators_and_empty_without_questions(
    coordinator, student
):
    organisation = OrganisationFactory()
    assert research_questions_activity(organisation, coordinator) is None
    question_in_state(S.OPEN, organisation=organisation)
    assert research_questions_activity(organisation, student) is None


def test_portal_section_lists_the_organisations_questions(partner_user):
    question = question_in_state(S.INTAKE)
    request = RequestFactory().get("/")
    request.user = partner_user
    section = research_questions_portal(request, question.organisation)
    ((label, url),) = section["items"]
    assert question.reference in label
    assert url.endswith(f"/science-shop/my-questions/{question.pk}/")
    assert research_questions_portal(request, OrganisationFactory()) is None


def test_calendar_has_the_milestones_of_the_students_own_projects(count_queries):
    student = StudentFactory()
    mine = question_in_state(S.IN_PROGRESS, students=[student])
    question_in_state(S.IN_PROGRESS)  # someone else's
    question_in_state(S.MATCHED, students=[StudentFactory()])
    events = milestone_events(student)
    assert len(events) == 3
    assert all(isinstance(event, CalendarEvent) for event in events)
    kickoff = mine.milestones.get(kind="kickoff").due_date
    first = events[0]
    assert (first.start, first.end) == (kickoff, kickoff + datetime.timedelta(days=1))
    assert first.uid.startswith("science-shop-milestone-")
    assert mine.display_title in first.summary
    assert first.url.endswith(f"/science-shop/projects/{mine.pk}/")

    few = count_queries(lambda: milestone_events(student))
    question_in_state(S.DELIVERED, students=[student])
    many = count_queries(lambda: milestone_events(student))
    assert few == many
    assert len(milestone_events(student)) == 6


def test_calendar_includes_the_supervisors_projects(lecturer):
    SupervisorFactory(user=lecturer)
    question_in_state(S.IN_PROGRESS, supervisor=lecturer)
    assert len(milestone_events(lecturer)) == 3


def test_calendar_is_empty_for_other_people(partner_user):
    assert milestone_events(partner_user) == []


def test_engagement_record_lists_confirmed_projects(count_queries):
    student = StudentFactory()
    project = question_in_state(S.CLOSED, students=[student])
    question_in_state(S.MATCHED, students=[student])  # not confirmed, not started
    items = science_shop_projects(student)
    (item,) = items
    assert isinstance(item, EngagementItem)
    assert item.kind == "science_shop"
    assert item.title == project.display_title
    assert item.organisation == project.organisation.name
    assert item.start == project.milestones.get(kind="kickoff").due_date
    assert item.status == "Closed"

    few = count_queries(lambda: science_shop_projects(student))
    question_in_state(S.IN_PROGRESS, students=[student])
    many = count_queries(lambda: science_shop_projects(student))
    assert few == many


def test_engagement_record_hides_an_anonymous_organisation():
    student = StudentFactory()
    question_in_state(
        S.IN_PROGRESS,
        students=[student],
        confidentiality=ResearchQuestion.Confidentiality.ANONYMOUS,
    )
    (item,) = science_shop_projects(student)
    assert item.organisation == "A non-profit organisation"


def test_my_engage_section_for_students_and_supervisors(lecturer, partner_user):
    student = StudentFactory()
    open_question = question_in_state(S.OPEN)
    services.express_interest(
        question=open_question, student=student, motivation="Graag", actor=student
    )
    project = question_in_state(S.IN_PROGRESS, students=[student])
    request = RequestFactory().get("/")
    request.user = student
    section = my_science_shop(request)
    assert [q.pk for q in section["context"]["projects"]] == [project.pk]
    interests = {i.question_id: i.status for i in section["context"]["interests"]}
    assert interests == {open_question.pk: "pending", project.pk: "matched"}

    SupervisorFactory(user=lecturer)
    supervised = question_in_state(S.IN_PROGRESS, supervisor=lecturer)
    request.user = lecturer
    section = my_science_shop(request)
    assert [q.pk for q in section["context"]["supervisions"]] == [supervised.pk]

    request.user = partner_user
    assert my_science_shop(request) is None

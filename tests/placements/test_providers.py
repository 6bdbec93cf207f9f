"""What service-learning contributes to shared screens, through the registries."""

import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory

from engage.accounts.factories import PartnerContactUserFactory
from engage.core.registry import (
    calendar_event_providers,
    engagement_record_providers,
    my_engage_sections,
)
from partners.activity import partner_activity_providers
from partners.factories import ContactFactory
from partners.portal import partner_portal_sections
from placements import providers
from placements.factories import PlacementFactory
from placements.models import HourEntry, Placement

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_providers_are_registered():
    assert providers.my_service_learning_section in my_engage_sections
    assert providers.my_courses_section in my_engage_sections
    assert providers.placement_periods in calendar_event_providers
    assert providers.service_learning_record in engagement_record_providers
    assert providers.placements_hosted in partner_activity_providers
    assert providers.partner_portal_section in partner_portal_sections


def test_calendar_shows_placement_periods_of_the_student(enrolment, offer):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    PlacementFactory(status=Placement.Status.ACTIVE)  # someone else's
    PlacementFactory(enrolment__student=enrolment.student)  # only proposed: not yet
    [event] = providers.placement_periods(enrolment.student)
    assert event.uid == f"sl-placement-{placement.pk}@engage.kuleuven.be"
    assert event.start == offer.start_date
    assert event.end == offer.end_date + datetime.timedelta(days=1)
    assert "Homework class" in event.summary
    assert event.url.endswith(f"/service-learning/placements/{placement.pk}/")


def test_engagement_record_counts_only_approved_hours(enrolment, offer, yesterday):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    HourEntry.objects.create(
        placement=placement, date=yesterday, hours=3, activity="a", status="approved"
    )
    HourEntry.objects.create(placement=placement, date=yesterday, hours=5, activity="b")
    HourEntry.objects.create(
        placement=placement,
        date=yesterday,
        hours=7,
        activity="c",
        status="rejected",
        rejection_reason="no",
    )
    PlacementFactory(
        enrolment__student=enrolment.student, status=Placement.Status.ACTIVE
    )
    [item] = providers.service_learning_record(enrolment.student)
    assert item.kind == "service_learning"
    assert item.approved_hours == Decimal("3")
    assert item.organisation == "Vzw De Brug"
    assert item.title == "Learning by serving"


def test_my_engage_sections_per_role(enrolment, lecturer, course):
    student_section = providers.my_service_learning_section(
        request_for(enrolment.student)
    )
    assert student_section["title"] == "My service-learning"
    assert [e.course for e in student_section["enrolments"]] == [course]
    assert providers.my_service_learning_section(request_for(lecturer)) is None
    lecturer_section = providers.my_courses_section(request_for(lecturer))
    assert lecturer_section["title"] == "My courses"
    assert [c.pk for c in lecturer_section["courses"]] == [course.pk]
    assert lecturer_section["courses"][0].enrolled == 1
    assert providers.my_courses_section(request_for(enrolment.student)) is None


def test_partner_360_shows_placements_in_the_coordinators_scope(
    enrolment, offer, coordinator, faculty_coordinator, count_queries
):
    PlacementFactory(enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE)
    organisation = offer.organisation
    section = providers.placements_hosted(organisation, coordinator)
    assert section.title == "Placements hosted"
    assert section.count == 1
    assert section.rows[0]["url"].startswith(
        "/admin/service-learning/placements/inspect/"
    )
    assert f"organisation={organisation.pk}" in section.url
    assert providers.placements_hosted(organisation, faculty_coordinator).count == 1
    assert providers.placements_hosted(organisation, enrolment.student) is None
    few = count_queries(lambda: providers.placements_hosted(organisation, coordinator))
    for _ in range(5):
        PlacementFactory(offer=offer, enrolment__course=enrolment.course)
    assert (
        count_queries(lambda: providers.placements_hosted(organisation, coordinator))
        == few
    )


def test_partner_360_hides_other_faculties(enrolment, offer):
    from engage.accounts.factories import FacultyCoordinatorFactory
    from engage.university.models import Faculty

    PlacementFactory(enrolment=enrolment, offer=offer)
    medicine = FacultyCoordinatorFactory(faculties=[Faculty.objects.get(code="MED")])
    assert providers.placements_hosted(offer.organisation, medicine) is None


def test_partner_portal_section_counts_what_waits(enrolment, offer, yesterday):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    HourEntry.objects.create(placement=placement, date=yesterday, hours=2, activity="x")
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=offer.organisation, user=partner)
    section = providers.partner_portal_section(request_for(partner), offer.organisation)
    labels = [label for label, _url in section["items"]]
    assert "Hours to approve: 1" in labels and "Students placed: <5" in labels
    stranger = PartnerContactUserFactory()
    assert (
        providers.partner_portal_section(request_for(stranger), offer.organisation)
        is None
    )

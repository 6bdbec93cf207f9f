"""A mentor or partner declines a proposed student (signed link or portal)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from engage.accounts.factories import CoordinatorFactory, PartnerContactUserFactory
from engage.core.exceptions import InvalidTransition
from partners.factories import ContactFactory
from placements import selectors, services
from placements.links import mentor_token
from placements.models import AllocationRule, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_pages):
    return site_pages


@pytest.fixture
def proposed(enrolment, offer, course):
    course.coordinator = CoordinatorFactory(email="coord@kuleuven.example")
    course.save()
    return services.propose_placement(
        enrolment=enrolment, offer=offer, actor=course.coordinator
    )


def test_declining_ends_the_proposal_is_audited_and_emails_on_commit(
    proposed, enrolment, offer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.decline_placement(
            placement=proposed, reason="We are full on Wednesdays", actor=None
        )
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.CANCELLED
    assert proposed.end_reason == "We are full on Wednesdays"
    actions = ModelLogEntry.objects.for_instance(proposed).values_list(
        "action", flat=True
    )
    assert "placements.placement.declined" in actions
    recipients = {m.to[0] for m in mail.outbox}
    assert {"coord@kuleuven.example", enrolment.student.email} <= recipients
    assert all("We are full on Wednesdays" in m.body for m in mail.outbox)
    # The next allocation run does not propose the same pair again.
    assert AllocationRule.objects.filter(
        enrolment=enrolment, offer=offer, kind=AllocationRule.Kind.FORBID
    ).exists()
    problem = selectors.allocation_problem(enrolment.course)
    [student] = problem.students
    assert offer.pk in student.forbidden


def test_only_a_proposed_placement_can_be_declined_and_a_reason_is_needed(
    proposed, course
):
    with pytest.raises(InvalidTransition, match="reason"):
        services.decline_placement(placement=proposed, reason="  ", actor=None)
    services.confirm_placement(placement=proposed, actor=course.coordinator)
    with pytest.raises(InvalidTransition, match="proposed"):
        services.decline_placement(placement=proposed, reason="No", actor=None)


def test_mentor_declines_through_the_signed_link(client, proposed):
    link = reverse("placements:mentor", kwargs={"token": mentor_token(proposed)})
    page = client.get(link).content.decode()
    assert "Decline this student" in page
    response = client.post(link, {"action": "decline", "decline-reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.PROPOSED
    response = client.post(
        link, {"action": "decline", "decline-reason": "No Dutch speaker needed"}
    )
    assert response.status_code == 200
    assert "You declined" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.CANCELLED
    assert proposed.end_reason == "No Dutch speaker needed"


def test_partner_declines_in_the_portal(client, proposed, organisation):
    partner = PartnerContactUserFactory()
    ContactFactory(organisation=organisation, user=partner)
    client.force_login(partner)
    link = reverse("placements:partner_placement", kwargs={"pk": proposed.pk})
    assert "Decline this student" in client.get(link).content.decode()
    client.post(link, {"action": "decline", "decline-reason": "Moved away"})
    proposed.refresh_from_db()
    assert proposed.status == Placement.Status.CANCELLED

"""The mentor's link is a standing link to one placement (accept, sign, approve
hours, evaluate); each action through it happens once: a second use of the same
action changes nothing."""

import pytest
from django.urls import reverse

from placements import services
from placements.factories import PlacementFactory
from placements.links import mentor_token
from placements.models import HourEntry, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_pages):
    return site_pages


def test_hours_approved_through_the_link_cannot_be_flipped_by_a_second_use(
    client, offer, enrolment, yesterday
):
    placement = PlacementFactory(
        enrolment=enrolment, offer=offer, status=Placement.Status.ACTIVE
    )
    entry = HourEntry.objects.create(
        placement=placement, date=yesterday, hours=3, activity="Games"
    )
    link = reverse("placements:mentor", kwargs={"token": mentor_token(placement)})
    client.post(link, {"action": "approve", "entry": entry.pk})
    client.post(
        link, {"action": "reject", "entry": entry.pk, f"reason_{entry.pk}": "Changed"}
    )
    entry.refresh_from_db()
    assert (entry.status, entry.rejection_reason) == (HourEntry.Status.APPROVED, "")


def test_the_agreement_is_signed_once_through_the_link(
    client, offer, enrolment, coordinator
):
    placement = services.propose_placement(
        enrolment=enrolment, offer=offer, actor=coordinator
    )
    services.confirm_placement(placement=placement, actor=coordinator)
    link = reverse("placements:mentor", kwargs={"token": mentor_token(placement)})
    client.post(
        link, {"action": "sign", "sign-full_name": "Mieke Goossens", "sign-agree": "on"}
    )
    client.post(
        link, {"action": "sign", "sign-full_name": "Someone Else", "sign-agree": "on"}
    )
    placement.refresh_from_db()
    assert placement.mentor_signed_name == "Mieke Goossens"

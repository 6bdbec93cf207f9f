"""The demo data: realistic partners, idempotent, wired into the site."""

import pytest

from engage.accounts.demo import seed as seed_people
from partners.demo import ORGANISATIONS
from partners.demo import seed as seed_partners
from partners.models import Agreement, Contact, Interaction, Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_sixty_partners_once(reference_data, site_pages):
    seed_people()
    seed_partners()
    assert Organisation.objects.count() == len(ORGANISATIONS) == 60
    assert Contact.objects.count() > 100
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses == {"draft", "sent", "signed", "expired", "terminated"}
    assert (
        Interaction.objects.open_follow_ups()
        .filter(follow_up_assignee__email="coordinator@engage.example")
        .exists()
    )
    partner = Contact.objects.get(user__email="partner@engage.example")
    assert partner.organisation.name == "Jeugdhuis De Kroon"
    assert partner.is_active and partner.is_primary

    seed_partners()
    assert Organisation.objects.count() == 60
    assert Contact.objects.filter(user__email="partner@engage.example").count() == 1

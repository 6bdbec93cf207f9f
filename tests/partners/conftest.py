"""Fixtures for the partner CRM tests."""

import pytest

from partners.factories import ContactFactory, OrganisationFactory


@pytest.fixture
def organisation(reference_data):
    return OrganisationFactory(
        name="Jeugdhuis De Kroon", city="Leuven", postcode="3000"
    )


@pytest.fixture
def other_organisation(reference_data):
    return OrganisationFactory(name="Buurtwerk De Brug", city="Gent", postcode="9000")


@pytest.fixture
def partner_contact(organisation, partner_user):
    """`partner_user` as the active, primary contact of `organisation`."""
    return ContactFactory(
        organisation=organisation,
        user=partner_user,
        email=partner_user.email,
        first_name=partner_user.first_name,
        last_name=partner_user.last_name,
        is_primary=True,
    )


@pytest.fixture
def admin_client(client, coordinator, reference_data):
    client.force_login(coordinator)
    return client

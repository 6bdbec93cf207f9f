"""The partner portal: a partner contact reaches their own organisation only."""

import re

import pytest
from wagtail.models import ModelLogEntry

from engage.accounts.factories import PartnerContactUserFactory
from partners.factories import ContactFactory
from partners.models import Contact
from partners.portal import partner_portal_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(client, partner_contact):
    client.force_login(partner_contact.user)
    return client


def profile_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "legal_form": organisation.legal_form,
        "enterprise_number": organisation.enterprise_number_display,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "country": organisation.country,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description_nl": organisation.description_nl,
        "description_en": organisation.description_en,
    }
    data.update(changes)
    return data


def test_the_portal_opens_on_the_own_organisation(portal, organisation):
    response = portal.get("/en/partners/portal/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/partners/portal/{organisation.pk}/"
    content = portal.get(response["Location"]).content.decode()
    assert organisation.name in content
    assert "Edit the profile" in content


def test_other_organisations_are_404_whatever_is_tried(
    portal, organisation, other_organisation
):
    their_contact = ContactFactory(organisation=other_organisation)
    own_contact = organisation.contacts.get()
    urls = [
        f"/en/partners/portal/{other_organisation.pk}/",
        f"/en/partners/portal/{other_organisation.pk}/profile/",
        f"/en/partners/portal/{other_organisation.pk}/contacts/add/",
        f"/en/partners/portal/{other_organisation.pk}/contacts/{their_contact.pk}/",
        f"/en/partners/portal/{organisation.pk}/contacts/{their_contact.pk}/",
        f"/en/partners/portal/{other_organisation.pk}/contacts/{own_contact.pk}/",
        "/en/partners/portal/999999/",
    ]
    for url in urls:
        assert portal.get(url).status_code == 404, url
        assert portal.post(url, {"name": "Hacked", "first_name": "X"}).status_code == (
            404
        ), url
    other_organisation.refresh_from_db()
    assert other_organisation.name == "Buurtwerk De Brug"


def test_a_contact_who_left_loses_access(portal, partner_contact, organisation):
    Contact.objects.filter(pk=partner_contact.pk).update(is_active=False)
    assert portal.get(f"/en/partners/portal/{organisation.pk}/").status_code == 404


def test_staff_and_anonymous_visitors_do_not_reach_a_portal(
    client, coordinator, organisation
):
    url = f"/en/partners/portal/{organisation.pk}/"
    assert client.get(url)["Location"].startswith("/en/accounts/login/")
    client.force_login(coordinator)
    assert client.get(url).status_code == 404


def test_editing_the_profile_is_logged_and_cannot_touch_status_level_or_owner(
    portal, organisation, partner_contact, coordinator
):
    organisation.account_owner = coordinator
    organisation.save()
    response = portal.post(
        f"/en/partners/portal/{organisation.pk}/profile/",
        profile_data(
            organisation,
            phone="+32 16 99 99 99",
            status="ended",
            level="strategic",
            account_owner=partner_contact.user.pk,
            public_listing_consent="",
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "+32 16 99 99 99"
    assert organisation.status == "active"
    assert organisation.level == "regular"
    assert organisation.account_owner == coordinator
    assert organisation.public_listing_consent is False
    entry = ModelLogEntry.objects.get(
        action="partners.organisation.updated", object_id=str(organisation.pk)
    )
    assert entry.user == partner_contact.user
    assert set(entry.data["fields"]) == {"phone", "public_listing_consent"}
    assert entry.data["after"]["phone"] == "+32 16 99 99 99"


def test_a_posted_enterprise_number_is_ignored_the_office_owns_it(portal, organisation):
    # The number and the name are read-only in the portal (the office changes
    # them): whatever is posted for them, the rest of the profile is saved.
    before = organisation.enterprise_number
    response = portal.post(
        f"/en/partners/portal/{organisation.pk}/profile/",
        profile_data(
            organisation, enterprise_number="0123.456.748", phone="016 11 22 33"
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "016 11 22 33"
    assert organisation.enterprise_number == before


def test_adding_a_primary_contact_takes_over_from_the_previous_one(
    portal, organisation, partner_contact
):
    response = portal.post(
        f"/en/partners/portal/{organisation.pk}/contacts/add/",
        {
            "first_name": "Hanne",
            "last_name": "Claes",
            "function": "Director",
            "email": "hanne@kroon.be",
            "phone": "",
            "preferred_language": "nl",
            "is_primary": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hanne = organisation.contacts.get(first_name="Hanne")
    assert hanne.is_primary
    partner_contact.refresh_from_db()
    assert not partner_contact.is_primary
    assert ModelLogEntry.objects.filter(
        action="partners.organisation.contact_saved", object_id=str(organisation.pk)
    ).exists()


def test_modules_add_sections_to_the_portal_home(portal, organisation):
    def hosted_students(request, org):
        return {"title": "Students you host", "items": [("Lotte Claes", "/x/")]}

    partner_portal_sections.register(hosted_students)
    try:
        content = portal.get(f"/en/partners/portal/{organisation.pk}/").content.decode()
    finally:
        partner_portal_sections._entries[:] = [
            e for e in partner_portal_sections._entries if e[1] is not hosted_students
        ]
    assert "Students you host" in content and "Lotte Claes" in content


def test_my_engage_links_to_the_portal(portal, organisation):
    content = portal.get("/en/accounts/me/").content.decode()
    assert "Partner portal" in content
    assert f"/en/partners/portal/{organisation.pk}/" in content


def test_a_contact_of_two_organisations_chooses(
    client, organisation, other_organisation
):
    user = PartnerContactUserFactory()
    ContactFactory(organisation=organisation, user=user)
    ContactFactory(organisation=other_organisation, user=user)
    client.force_login(user)
    content = client.get("/en/partners/portal/").content.decode()
    assert organisation.name in content and other_organisation.name in content


# Inviting contacts --------------------------------------------------------------------


def test_inviting_a_contact_creates_the_account_and_emails_a_link(
    admin_client,
    organisation,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    contact = ContactFactory(
        organisation=organisation,
        first_name="Els",
        last_name="Wouters",
        email="els@kroon.be",
        preferred_language="nl",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/partners/contacts/invite/{contact.pk}/")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user.email == "els@kroon.be"
    assert contact.user.has_role("Partner contact")
    assert not contact.user.has_usable_password()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["els@kroon.be"]
    assert organisation.name in message.subject
    assert re.search(r"/(accounts|account)/password/set/", message.body)

    # The new account reaches the portal of this organisation.
    from django.test import Client

    visitor = Client()
    visitor.force_login(contact.user)
    assert visitor.get(f"/en/partners/portal/{organisation.pk}/").status_code == 200


def test_a_contact_without_email_cannot_be_invited(admin_client, organisation):
    contact = ContactFactory(organisation=organisation, email="")
    response = admin_client.post(
        f"/admin/partners/contacts/invite/{contact.pk}/", follow=True
    )
    assert "has no email address" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None

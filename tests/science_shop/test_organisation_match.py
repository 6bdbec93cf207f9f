"""An unverified organisation identifier attaches nothing: the match is proposed to
the office and a coordinator confirms it."""

import pytest
from django.urls import reverse

from engage.accounts.factories import PartnerContactUserFactory
from partners.factories import ContactFactory, OrganisationFactory
from partners.models import Contact, Organisation
from science_shop import services
from science_shop.forms import SubmissionForm
from science_shop.links import follow_url
from science_shop.providers import research_questions_portal

pytestmark = pytest.mark.django_db


def _submit(data, **changes):
    import uuid

    form = SubmissionForm({**data, "submission_token": str(uuid.uuid4()), **changes})
    assert form.is_valid(), form.errors
    question, _ = services.submit_question(
        submission=form.to_submission(), address="10.0.0.1"
    )
    return question


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_real_partners_number_attaches_nothing_until_confirmed(
    client, submission_data, coordinator
):
    partner = OrganisationFactory(name="Echte partner", postcode="9000")
    known = ContactFactory(organisation=partner, email="info@echte.be")
    question = _submit(submission_data, enterprise_number=partner.enterprise_number)
    assert question.organisation != partner
    assert question.organisation.needs_review
    assert question.proposed_organisation == partner
    assert question.organisation_match == "enterprise_number"
    assert list(partner.contacts.all()) == [known]
    assert research_questions_portal(None, partner) is None
    # The partner's own portal account does not see it either.
    user = PartnerContactUserFactory(email=known.email)
    known.user = user
    known.save()
    client.force_login(user)
    url = reverse("science_shop:partner_question", args=[question.pk])
    assert client.get(url).status_code == 404
    client.logout()

    # The coordinator confirms the match in the admin.
    old_link = _path(follow_url(question))
    prospect_pk = question.organisation_id
    client.force_login(coordinator)
    action = f"/admin/science_shop_questions/{question.pk}/action/confirm_organisation/"
    page = client.get(action).content.decode()
    assert "Confirm organisation match: Echte partner" in page
    assert "Create new prospect" in page
    assert client.post(action, {"choice": "proposed"}).status_code == 302
    question.refresh_from_db()
    assert question.organisation == partner
    assert question.contact.organisation == partner
    assert question.contact.email == submission_data["contact_email"]
    assert question.proposed_organisation is None
    assert question.organisation_confirmed_at is not None
    assert not Organisation.objects.filter(pk=prospect_pk).exists()
    assert research_questions_portal(None, partner) is not None
    client.logout()
    assert client.get(old_link).status_code == 410  # the contact changed


def test_name_and_postcode_are_only_proposed(submission_data):
    partner = OrganisationFactory(
        name="V.Z.W. Buurtwerk ’t Lampeke", postcode="3000", enterprise_number=None
    )
    ContactFactory(organisation=partner, email="ELS@lampeke.be")
    question = _submit(submission_data)
    assert question.organisation != partner
    assert question.proposed_organisation == partner
    assert question.organisation_match == "name_postcode"
    assert partner.contacts.count() == 1


def test_keeping_the_new_prospect(submission_data, coordinator):
    partner = OrganisationFactory(name="Buurtwerk 't Lampeke", postcode="3000")
    question = _submit(submission_data)
    prospect = question.organisation
    services.confirm_organisation(
        question=question, organisation=None, actor=coordinator
    )
    question.refresh_from_db()
    assert question.organisation == prospect
    assert question.proposed_organisation is None
    assert not Contact.objects.filter(organisation=partner).exists()


def test_the_portal_cannot_change_the_number_or_the_name(client):
    partner = OrganisationFactory(name="Onze vzw", enterprise_number="0417497106")
    other_number = OrganisationFactory().enterprise_number
    contact = ContactFactory(organisation=partner)
    user = PartnerContactUserFactory(email=contact.email)
    contact.user = user
    contact.save()
    client.force_login(user)
    url = reverse("partners:portal_profile", args=[partner.pk])
    form = client.get(url).context["form"]
    assert form.fields["enterprise_number"].disabled
    assert form.fields["name"].disabled
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        name="Een derde", enterprise_number=other_number, city="Gent", legal_form="vzw"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    partner.refresh_from_db()
    assert partner.city == "Gent"
    assert partner.name == "Onze vzw"
    assert partner.enterprise_number == "0417497106"

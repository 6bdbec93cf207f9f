"""Factories for organisations and contacts, shared by the tests and the demo data."""

import factory

from partners.models import Contact, Organisation


def valid_enterprise_number(n: int) -> str:
    """A distinct, valid enterprise number for each n (0123.456.749 style)."""
    base = 2_000_000 + (n * 7919) % 7_999_999
    return f"{base:08d}{97 - base % 97:02d}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Vzw Samen {n}")
    legal_form = Organisation.LegalForm.NONPROFIT
    enterprise_number = factory.Sequence(valid_enterprise_number)
    street = factory.Faker("street_address", locale="nl_BE")
    postcode = factory.Faker("postcode", locale="nl_BE")
    city = "Leuven"
    website = factory.LazyAttribute(
        lambda o: f"https://www.{o.name.lower().replace(' ', '')}.be"
    )
    email = factory.LazyAttribute(
        lambda o: f"info@{o.name.lower().replace(' ', '')}.be"
    )
    status = Organisation.Status.ACTIVE
    level = Organisation.Level.REGULAR
    public_listing_consent = True
    description_en = "A non-profit organisation working with people in Leuven."
    description_nl = "Een vzw die werkt met mensen in Leuven."

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def sdgs(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sdgs.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    function = "Coordinator"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example")
    phone = "+32 16 00 00 00"
    preferred_language = "nl"

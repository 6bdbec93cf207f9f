"""Factories for the partner CRM, shared by the tests and the demo data."""

import datetime

import factory
from django.utils import timezone

from partners.models import Agreement, Contact, Interaction, Organisation


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


def pdf_bytes(text: str = "Signed agreement") -> bytes:
    """A small, real PDF (one blank A4 page with a title in its metadata)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft by default; `AgreementFactory(signed=True)` gives a signed one."""

    class Meta:
        model = Agreement

    class Params:
        signed = factory.Trait(
            status=Agreement.Status.SIGNED,
            signed_on=factory.LazyAttribute(lambda o: o.valid_from),
            signed_document=factory.django.FileField(
                filename="agreement.pdf", data=factory.LazyFunction(pdf_bytes)
            ),
        )

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Agreement.Kind.FRAMEWORK
    valid_from = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=300)
    )
    valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=400)
    )


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Interaction.Kind.MEETING
    date = factory.LazyFunction(timezone.localdate)
    summary = "Talked about next year's service-learning projects."

    @factory.post_generation
    def contacts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contacts.set(extracted)

    @factory.post_generation
    def staff_participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.staff_participants.set(extracted)

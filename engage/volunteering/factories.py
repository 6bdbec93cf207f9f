"""Factories for KOTengage, shared by the tests and the demo data."""

import datetime

import factory
from django.utils import timezone

from engage.accounts.factories import LecturerFactory
from engage.university.models import Campus
from engage.volunteering.models import (
    BRUSSELS,
    Opportunity,
    Shift,
    StudentInitiative,
)
from partners.factories import OrganisationFactory


def leuven():
    return Campus.objects.get(code="LEU")


def brussels_time(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


class StudentInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentInitiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Student initiative {n}")
    goal = "Homework support for children in our neighbourhood."
    sponsor_staff = factory.SubFactory(LecturerFactory)
    status = StudentInitiative.Status.APPROVED
    contact_email = factory.Sequence(lambda n: f"initiative{n}@student.kuleuven.be")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        from engage.volunteering.models import InitiativeMembership

        if create and extracted:
            for index, user in enumerate(extracted):
                InitiativeMembership.objects.get_or_create(
                    initiative=obj, user=user, defaults={"is_lead": index == 0}
                )


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title_en = factory.Sequence(lambda n: f"Homework buddy {n}")
    title_nl = factory.Sequence(lambda n: f"Huiswerkbuddy {n}")
    description_en = "Help children with their homework after school."
    description_nl = "Help kinderen na school met hun huiswerk."
    campus = factory.LazyFunction(leuven)
    address = "Naamsestraat 1"
    kind = Opportunity.Kind.ONE_OFF
    contact_name = "Els Peeters"
    contact_email = factory.Sequence(lambda n: f"organiser{n}@partner.example")
    contact_language = "nl"
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    starts_at = factory.LazyFunction(
        lambda: brussels_time(timezone.localdate() + datetime.timedelta(days=7), 18)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 5

"""Factories for service-learning, shared by the tests and the demo data."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from engage.accounts.factories import StudentFactory
from engage.university.models import AcademicYear, Faculty
from partners.factories import ContactFactory, OrganisationFactory
from placements.models import (
    Course,
    Enrolment,
    HourEntry,
    Offer,
    Placement,
    Preference,
    Prerequisite,
    ReflectionPrompt,
)


def _current_year():
    return (
        AcademicYear.objects.current()
        or AcademicYear.objects.order_by("-start_date").first()
    )


class PrerequisiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prerequisite
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prerequisite-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    name_nl = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"SL{n:04d}")
    academic_year = factory.LazyFunction(_current_year)
    title_en = factory.Sequence(lambda n: f"Service-learning course {n}")
    title_nl = factory.Sequence(lambda n: f"Service-learningvak {n}")
    faculty = factory.LazyFunction(lambda: Faculty.objects.get(code="ARTS"))
    ects = Decimal("6")
    expected_hours = 40
    planned_students = 20
    status = Course.Status.OPEN
    description_en = "Students work with an organisation and reflect on it."
    description_nl = "Studenten werken met een organisatie en reflecteren erover."

    @factory.post_generation
    def lecturers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.lecturers.set(extracted)

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.programmes.set(extracted)


class OfferFactory(factory.django.DjangoModelFactory):
    """`OfferFactory(courses=[course])`: a published offer with a mentor."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    academic_year = factory.LazyFunction(_current_year)
    title_en = factory.Sequence(lambda n: f"Homework support {n}")
    tasks_en = "Help children with their homework twice a week."
    mentor = factory.SubFactory(
        ContactFactory, organisation=factory.SelfAttribute("..organisation")
    )
    address = "Naamsestraat 1, 3000 Leuven"
    places = 2
    start_date = factory.LazyAttribute(
        lambda o: (
            max(o.academic_year.start_date, datetime.date(2026, 10, 1))
            if o.academic_year
            else datetime.date(2026, 10, 1)
        )
    )
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + datetime.timedelta(days=90)
    )
    hours_per_week = Decimal("4")
    status = Offer.Status.PUBLISHED

    @factory.post_generation
    def courses(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.courses.set(extracted)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)

    @factory.post_generation
    def prerequisites(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.prerequisites.set(extracted)

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    student = factory.SubFactory(StudentFactory)

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.languages.set(extracted)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    enrolment = factory.SubFactory(EnrolmentFactory)
    offer = factory.SubFactory(OfferFactory)
    rank = 1


class PlacementFactory(factory.django.DjangoModelFactory):
    """A proposed placement; pass `status=` for later states (places are not taken:
    use the services when capacity matters)."""

    class Meta:
        model = Placement
        skip_postgeneration_save = True

    enrolment = factory.SubFactory(EnrolmentFactory)
    course = factory.SelfAttribute("enrolment.course")
    student = factory.SelfAttribute("enrolment.student")
    offer = factory.SubFactory(OfferFactory)
    status = Placement.Status.PROPOSED
    preference_rank = 1

    @factory.post_generation
    def link_offer_to_course(obj, create, extracted, **kwargs):
        if (
            create
            and not Offer.objects.for_course(obj.course)
            .filter(pk=obj.offer_id)
            .exists()
        ):
            obj.offer.courses.add(obj.course)


class HourEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HourEntry

    placement = factory.SubFactory(PlacementFactory, status=Placement.Status.ACTIVE)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(1))
    hours = Decimal("3")
    activity = "Homework support"


class ReflectionPromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReflectionPrompt

    course = factory.SubFactory(CourseFactory)
    question = factory.Sequence(lambda n: f"What surprised you this week? ({n})")
    sort_order = factory.Sequence(lambda n: n)

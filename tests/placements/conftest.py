"""Fixtures for service-learning: a course with offers, students and a mentor."""

import datetime

import pytest

from engage.accounts.factories import StudentFactory
from engage.taxonomy.models import Language
from partners.factories import ContactFactory, OrganisationFactory
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory


@pytest.fixture
def languages(reference_data):
    return {language.code: language for language in Language.objects.all()}


@pytest.fixture
def course(current_year, lecturer):
    return CourseFactory(
        code="W0SL01",
        title_en="Learning by serving",
        title_nl="Leren door te dienen",
        lecturers=[lecturer],
        expected_hours=30,
        preference_deadline=None,
    )


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Vzw De Brug", city="Leuven")


@pytest.fixture
def mentor(organisation):
    return ContactFactory(
        organisation=organisation,
        first_name="Mieke",
        last_name="Goossens",
        email="mieke@debrug.example",
        preferred_language="nl",
    )


@pytest.fixture
def offer(course, organisation, mentor, languages):
    return OfferFactory(
        organisation=organisation,
        mentor=mentor,
        courses=[course],
        title="Homework class",
        places=2,
        languages=[languages["nl"]],
    )


@pytest.fixture
def enrolment(course, student, languages):
    return EnrolmentFactory(course=course, student=student, languages=[languages["nl"]])


def enrol(course, n, languages=()):
    return [
        EnrolmentFactory(
            course=course, student=StudentFactory(), languages=list(languages)
        )
        for _ in range(n)
    ]


@pytest.fixture
def yesterday():
    return datetime.date.today() - datetime.timedelta(days=1)

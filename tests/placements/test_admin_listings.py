"""Admin listings: the current academic year by default, course codes with years."""

import pytest
from django.urls import reverse

from engage.university.models import AcademicYear
from placements.factories import CourseFactory, EnrolmentFactory, OfferFactory
from tests.placements.helpers import bulk_placements

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(current_year):
    return AcademicYear.objects.get(label=current_year.previous_label())


def test_the_course_list_shows_the_current_year_unless_all_years_are_asked(
    client, coordinator, current_year, last_year
):
    CourseFactory(code="NOWSL1", academic_year=current_year)
    CourseFactory(code="OLDSL1", academic_year=last_year, status="closed")
    client.force_login(coordinator)
    index = reverse("sl_courses:index")
    page = client.get(index).content.decode()
    assert "NOWSL1" in page and "OLDSL1" not in page
    assert "All years" in page
    page = client.get(index, {"academic_year": "all"}).content.decode()
    assert "NOWSL1" in page and "OLDSL1" in page
    page = client.get(index, {"academic_year": last_year.pk}).content.decode()
    assert "NOWSL1" not in page and "OLDSL1" in page


def test_the_offer_list_also_starts_with_the_current_year(
    client, coordinator, current_year, last_year
):
    OfferFactory(title="Offer of this year", academic_year=current_year)
    OfferFactory(title="Offer of last year", academic_year=last_year)
    client.force_login(coordinator)
    index = reverse("sl_offers:index")
    page = client.get(index).content.decode()
    assert "Offer of this year" in page and "Offer of last year" not in page
    page = client.get(index, {"academic_year": "all"}).content.decode()
    assert "Offer of last year" in page


def test_enrolment_and_placement_lists_show_the_course_code_with_its_year(
    client, coordinator, course, offer
):
    EnrolmentFactory(course=course)
    bulk_placements(course, [offer], 1)
    client.force_login(coordinator)
    label = f"W0SL01 ({course.academic_year.label})"
    assert label in client.get(reverse("sl_enrolments:index")).content.decode()
    assert label in client.get(reverse("sl_placements:index")).content.decode()


def test_the_course_listing_query_count_is_constant(
    client, coordinator, current_year, count_queries
):
    client.force_login(coordinator)
    index = reverse("sl_courses:index")
    CourseFactory.create_batch(3, academic_year=current_year)
    client.get(index)
    few = count_queries(lambda: client.get(index))
    CourseFactory.create_batch(30, academic_year=current_year)
    many = count_queries(lambda: client.get(index))
    assert few == many

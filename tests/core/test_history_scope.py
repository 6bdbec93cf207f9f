"""The site history and per-object history show only rows in the reader's scope."""

import csv
import io

import pytest

from engage.accounts.factories import CoordinatorFactory, StudentFactory
from engage.core.audit import audit
from engage.core.gdpr import erase_personal_data
from engage.university.models import Faculty
from placements.factories import CourseFactory, EnrolmentFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _csv_text(response) -> str:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(body.decode())))


@pytest.fixture
def outsider(reference_data):
    return StudentFactory(
        first_name="Ingrid", last_name="OUTSIDE-Gevaert", email="ingrid@outside.example"
    )


@pytest.fixture
def placements_in_two_faculties(faculty, outsider):
    other = Faculty.objects.exclude(pk=faculty.pk).first()
    inside = PlacementFactory(
        enrolment=EnrolmentFactory(
            course=CourseFactory(faculty=faculty),
            student=StudentFactory(last_name="INSIDE-Peeters"),
        )
    )
    outside = PlacementFactory(
        enrolment=EnrolmentFactory(
            course=CourseFactory(faculty=other), student=outsider
        )
    )
    office = CoordinatorFactory()
    audit(inside, "placements.placement.accepted", actor=office)
    audit(outside, "placements.placement.accepted", actor=office)
    return inside, outside


def test_site_history_shows_only_rows_in_scope(
    client, faculty_coordinator, placements_in_two_faculties
):
    client.force_login(faculty_coordinator)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "INSIDE-Peeters" in page
    assert "OUTSIDE-Gevaert" not in page
    for export in ("csv", "xlsx"):
        response = client.get(f"/admin/reports/site-history/?export={export}")
        assert response.status_code == 200
    text = _csv_text(client.get("/admin/reports/site-history/?export=csv"))
    assert "INSIDE-Peeters" in text
    assert "OUTSIDE-Gevaert" not in text


def test_per_object_history_of_another_faculty_is_refused(
    client, faculty_coordinator, placements_in_two_faculties
):
    inside, outside = placements_in_two_faculties
    client.force_login(faculty_coordinator)
    assert (
        client.get(
            f"/admin/service-learning/placements/history/{inside.pk}/"
        ).status_code
        == 200
    )
    response = client.get(f"/admin/service-learning/placements/history/{outside.pk}/")
    assert response.status_code in (403, 404)


def test_erasures_are_in_the_central_office_history_only(
    client, faculty_coordinator, reference_data
):
    office = CoordinatorFactory()
    person = StudentFactory(last_name="OUTSIDE-Erased")
    erase_personal_data(user=person, actor=office)
    client.force_login(faculty_coordinator)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Personal data erased" not in page
    assert "Personal data erased" not in _csv_text(
        client.get("/admin/reports/site-history/?export=csv")
    )
    client.force_login(office)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Personal data erased" in page

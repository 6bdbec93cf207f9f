"""One person's data: exported from every module, erased without breaking figures."""

import json
from decimal import Decimal

import pytest
from django.db.models import Sum
from wagtail.models import ModelLogEntry

from engage.accounts.factories import DEFAULT_PASSWORD, StudentFactory
from engage.core.gdpr import erase_personal_data, export_personal_data
from engage.volunteering import services as volunteering
from engage.volunteering.models import Certificate
from placements.factories import EnrolmentFactory, HourEntryFactory, PlacementFactory
from placements.models import HourEntry, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    student = StudentFactory(
        first_name="Lotte",
        last_name="Claes",
        email="lotte.claes@student.kuleuven.be",
        student_number="r0123456",
    )
    enrolment = EnrolmentFactory(student=student, note="Prefers evenings")
    placement = PlacementFactory(
        enrolment=enrolment,
        status=Placement.Status.COMPLETED,  # certified: completed engagement only
        student_signed_name="Lotte Claes",
        student_signed_ip="10.0.0.7",
    )
    HourEntryFactory(
        placement=placement, hours=Decimal("4"), status=HourEntry.Status.APPROVED
    )
    volunteering.issue_certificate(student=student, actor=student, language="en")
    return student


def test_export_gathers_every_module(person):
    data = export_personal_data(person)
    assert data["person"]["email"] == "lotte.claes@student.kuleuven.be"
    assert data["person"]["student_number"] == "r0123456"
    assert "Student" in data["person"]["roles"]
    records = data["records"]
    assert records["placements.Enrolment"][0]["note"] == "Prefers evenings"
    assert records["placements.Placement"][0]["student_signed_name"] == "Lotte Claes"
    assert records["volunteering.Certificate"][0]["student_name"] == "Lotte Claes"
    json.dumps(data)  # plain JSON


def test_erasure_blanks_the_person_but_keeps_the_figures(person, coordinator):
    hours_before = HourEntry.objects.aggregate(total=Sum("hours"))["total"]
    placements_before = Placement.objects.count()
    counts = erase_personal_data(user=person, actor=coordinator)
    assert counts["placements.Placement"] == 1
    person.refresh_from_db()
    assert person.first_name == "" and person.last_name == ""
    assert person.email.startswith("erased-") and person.student_number is None
    assert not person.is_active and not person.has_usable_password()
    assert not person.groups.exists()
    placement = Placement.objects.get(student=person)
    assert placement.student_signed_name == "" and placement.student_signed_ip is None
    assert placement.enrolment.note == ""
    assert Certificate.objects.get(student=person).student_name == ""
    # Aggregates stay right.
    assert Placement.objects.count() == placements_before
    assert HourEntry.objects.aggregate(total=Sum("hours"))["total"] == hours_before
    assert ModelLogEntry.objects.filter(action="engage.accounts.erased").exists()
    text = json.dumps(export_personal_data(person))
    assert "Lotte" not in text and "r0123456" not in text


def test_admin_screen_is_for_the_central_office_only(
    client, person, coordinator, faculty_coordinator
):
    url = f"/admin/people/{person.pk}/personal-data/"
    client.force_login(faculty_coordinator)
    assert client.get(url).status_code in (302, 403)
    client.force_login(coordinator)
    listing = client.get("/admin/users/").content.decode()
    assert "Personal data (GDPR)" in listing and url in listing
    response = client.get(url)
    assert response.status_code == 200
    assert "placements.Placement" in response.content.decode()
    download = client.get(url + "?download=1")
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content)["person"]["last_name"] == "Claes"


def test_erasing_needs_the_email_typed_and_keeps_it_on_a_mistake(
    client, person, coordinator
):
    url = f"/admin/people/{person.pk}/personal-data/"
    client.force_login(coordinator)
    response = client.post(url, {"confirm_email": "someone.else@example.org"})
    assert response.status_code == 200
    assert "not the person&#x27;s email address" in response.content.decode()
    assert 'value="someone.else@example.org"' in response.content.decode()
    person.refresh_from_db()
    assert person.is_active
    response = client.post(url, {"confirm_email": "Lotte.Claes@student.kuleuven.be"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active


def test_people_download_their_own_data(client, person):
    # Through the login form: django-axes needs the request to authenticate.
    client.post(
        "/en/accounts/login/",
        {"username": person.email, "password": DEFAULT_PASSWORD},
    )
    response = client.get("/en/accounts/me/data.json")
    assert response.status_code == 200
    assert json.loads(response.content)["person"]["student_number"] == "r0123456"

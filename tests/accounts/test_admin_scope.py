"""A faculty coordinator sees no people, sign-ups or history outside their scope."""

import csv
import io

import pytest

from engage.accounts.factories import CoordinatorFactory, StudentFactory
from engage.volunteering.factories import OpportunityFactory, ShiftFactory
from engage.volunteering.models import SignUp

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


def test_faculty_coordinators_do_not_list_or_search_users(
    client, faculty_coordinator, outsider
):
    client.force_login(faculty_coordinator)
    for url in ("/admin/users/", "/admin/users/?q=ingrid", "/admin/users/results/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"ingrid@outside.example" not in response.content
    response = client.get(f"/admin/users/edit/{outsider.pk}/")
    assert response.status_code in (302, 403, 404)


def test_the_central_office_still_lists_users(client, outsider):
    client.force_login(CoordinatorFactory())
    response = client.get("/admin/users/?q=ingrid")
    assert response.status_code == 200
    assert "ingrid@outside.example" in response.content.decode()


def test_faculty_coordinators_do_not_see_kotengage_sign_ups(
    client, faculty_coordinator, outsider
):
    shift = ShiftFactory(opportunity=OpportunityFactory())
    SignUp.objects.create(
        shift=shift, student=outsider, status=SignUp.Status.CONFIRMED, sequence=1
    )
    client.force_login(faculty_coordinator)
    for url in (
        "/admin/volunteering_signups/",
        "/admin/volunteering_signups/?q=ingrid",
        "/admin/volunteering_signups/?export=csv",
        "/admin/volunteering_signups/?export=xlsx",
        "/admin/volunteering_hours/",
        "/admin/volunteering_opportunities/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        assert b"ingrid@outside.example" not in body
        assert b"OUTSIDE-Gevaert" not in body

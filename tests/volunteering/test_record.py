"""The engagement record (all modules, approved hours), certificate and verification."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from pypdf import PdfReader

from engage.core.registry import EngagementItem, engagement_record_providers
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    brussels_time,
)
from engage.volunteering.models import Certificate
from engage.volunteering.selectors import engagement_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_record_providers():
    saved = list(engagement_record_providers._entries)
    yield engagement_record_providers
    engagement_record_providers._entries[:] = saved


@pytest.fixture
def volunteer(opportunity, students):
    """A student who attended a 2-hour shift, logged 1.5 approved + 4 pending hours."""
    (student,) = students(1)
    student.first_name, student.last_name = "Lotte", "Claes"
    student.save()
    start = brussels_time(datetime.date(2026, 10, 6), 18)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    before = start - datetime.timedelta(days=5)
    signup = services.sign_up(shift=shift, student=student, actor=student, now=before)
    after = start + datetime.timedelta(hours=3)
    services.record_attendance(
        shift=shift, attended_ids=[signup.pk], actor=None, by_name="Els", now=after
    )
    approved = services.log_hours(
        student=student,
        opportunity=opportunity,
        date=datetime.date(2026, 10, 7),
        hours=Decimal("1.5"),
        description="Prepared materials",
        actor=student,
    )
    services.approve_hours(log=approved, actor=None, by_name="Els", now=after)
    services.log_hours(
        student=student,
        opportunity=opportunity,
        date=datetime.date(2026, 10, 8),
        hours=4,
        description="Not yet approved",
        actor=student,
    )
    return student


def placement_provider(user):
    return [
        EngagementItem(
            kind="service_learning",
            title="Placement at De Wroeter",
            organisation="Vzw De Wroeter",
            start=datetime.date(2026, 2, 1),
            end=datetime.date(2026, 5, 31),
            approved_hours=Decimal("40"),
            status="Completed",
            completed=True,
        )
    ]


def test_record_counts_only_approved_hours(volunteer, opportunity):
    record = engagement_record(volunteer)
    (item,) = record.items
    assert item.kind == "volunteering"
    assert item.approved_hours == Decimal("3.50")
    assert item.organisation == opportunity.organisation.name
    assert record.total_hours == Decimal("3.50")


def test_record_page_lists_every_module(client, volunteer, restore_record_providers):
    restore_record_providers.register(placement_provider)
    client.force_login(volunteer)
    content = client.get("/en/volunteering/me/record/").content.decode()
    assert "KOTengage volunteering" in content
    assert "Service-learning" in content and "Placement at De Wroeter" in content
    assert "Total approved hours: 43.50" in content


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_certificate_pdf_and_public_verification(
    client, volunteer, restore_record_providers
):
    restore_record_providers.register(placement_provider)
    client.force_login(volunteer)
    response = client.post(
        "/en/volunteering/me/record/certificate/", {"language": "en"}
    )
    text = _pdf_text(response)
    certificate = Certificate.objects.get(student=volunteer)
    assert "Lotte Claes" in text
    assert "43.50" in text and "3.50" in text and "40.00" in text
    assert certificate.code in text
    assert re.search(r"/en/volunteering/verify/[A-Z0-9-]+/", text.replace("\n", ""))

    client.logout()
    verify = client.get(f"/en/volunteering/verify/{certificate.code}/")
    content = verify.content.decode()
    assert verify.status_code == 200
    assert "This certificate is genuine" in content
    assert "Lotte Claes" in content and "43.50" in content
    assert volunteer.email not in content and volunteer.student_number not in content

    changed = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    refused = client.get(f"/en/volunteering/verify/{changed}/")
    assert refused.status_code == 404
    assert "No certificate has the code" in refused.content.decode()
    assert "Lotte Claes" not in refused.content.decode()


def test_certificate_in_dutch(client, volunteer):
    client.force_login(volunteer)
    text = _pdf_text(
        client.post("/nl/vrijwilligerswerk/me/record/certificate/", {"language": "nl"})
    )
    assert "Engagementattest" in text
    assert "3.50" in text


def test_verify_form_redirects_to_the_code(client, volunteer):
    certificate = services.issue_certificate(
        student=volunteer, actor=volunteer, language="en"
    )
    response = client.get(
        "/en/volunteering/verify/", {"code": certificate.code.lower()}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_the_certificate_freezes_its_content(volunteer, opportunity):
    certificate = services.issue_certificate(
        student=volunteer, actor=volunteer, language="en"
    )
    opportunity.title_en = "Renamed later"
    opportunity.save()
    certificate.refresh_from_db()
    assert certificate.items[0]["title"] != "Renamed later"
    assert certificate.total_hours == Decimal("3.50")


@pytest.fixture
def first_of_december(volunteer):
    """1 December 2026: the volunteer has shifts on 4 and 7 December coming up
    and a Science Shop project in progress."""
    from science_shop.factories import question_in_state
    from science_shop.models import ResearchQuestion

    now = brussels_time(datetime.date(2026, 12, 1), 10)
    market = OpportunityFactory(title_en="Winter food market")
    for day in (4, 7):
        start = brussels_time(datetime.date(2026, 12, day), 13)
        shift = ShiftFactory(
            opportunity=market,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
        )
        services.sign_up(shift=shift, student=volunteer, actor=volunteer, now=now)
    project = question_in_state(
        ResearchQuestion.Status.IN_PROGRESS, students=[volunteer]
    )
    with time_machine.travel(now, tick=False):
        yield project


def test_the_certificate_lists_only_completed_engagement(
    client, volunteer, first_of_december
):
    project = first_of_december
    client.force_login(volunteer)
    text = _pdf_text(
        client.post("/en/volunteering/me/record/certificate/", {"language": "en"})
    )
    assert "3.50" in text
    assert "Winter food market" not in text
    assert project.display_title not in text
    assert "0.00" not in text
    certificate = Certificate.objects.get(student=volunteer)
    assert [item["hours"] for item in certificate.items] == ["3.50"]
    assert certificate.total_hours == Decimal("3.50")


def test_the_record_page_shows_what_is_upcoming_apart(
    client, volunteer, first_of_december
):
    project = first_of_december
    client.force_login(volunteer)
    content = client.get("/en/volunteering/me/record/").content.decode()
    done, upcoming = content.split("Upcoming and in progress")
    assert "Total approved hours: 3.50" in done
    assert "Winter food market" not in done and "Winter food market" in upcoming
    assert project.display_title not in done and project.display_title in upcoming
    assert "Not on the certificate until completed" in upcoming


def test_no_certificate_while_nothing_is_completed(client, opportunity, students, now):
    (student,) = students(1)
    start = brussels_time(datetime.date(2026, 12, 4), 13)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    services.sign_up(shift=shift, student=student, actor=student, now=now)
    client.force_login(student)
    with time_machine.travel(brussels_time(datetime.date(2026, 12, 1), 10)):
        page = client.get("/en/volunteering/me/record/").content.decode()
        assert "Download certificate" not in page
        response = client.post(
            "/en/volunteering/me/record/certificate/", {"language": "en"}, follow=True
        )
    assert "Nothing on your record is completed yet" in response.content.decode()
    assert not Certificate.objects.filter(student=student).exists()


def test_a_delivered_science_shop_project_is_certified_without_hours(volunteer):
    from science_shop.factories import question_in_state
    from science_shop.models import ResearchQuestion

    project = question_in_state(ResearchQuestion.Status.CLOSED, students=[volunteer])
    certificate = services.issue_certificate(
        student=volunteer, actor=volunteer, language="en"
    )
    hours = {item["title"]: item["hours"] for item in certificate.items}
    assert hours[project.display_title] == ""  # a project is not counted in hours
    assert certificate.total_hours == Decimal("3.50")

"""The engagement record (all modules, approved hours), certificate and verification."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from engage.core.registry import EngagementItem, engagement_record_providers
from engage.volunteering import services
from engage.volunteering.factories import ShiftFactory, brussels_time
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

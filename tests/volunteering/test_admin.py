"""Coordinators in the Wagtail admin: listings, filters, exports, domain actions."""

import datetime
import io

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from engage.accounts.factories import FacultyCoordinatorFactory, StudentFactory
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    StudentInitiativeFactory,
    brussels_time,
)
from engage.volunteering.models import Opportunity, SignUp, StudentInitiative

pytestmark = pytest.mark.django_db


def future_shift(opportunity, capacity=2, days=6):
    start = brussels_time(timezone.localdate() + datetime.timedelta(days=days), 18)
    return ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_kotengage_menu_group(admin_client, reference_data):
    content = admin_client.get("/admin/").content.decode()
    assert "KOTengage" in content


def test_opportunity_listing_filters_and_exports(admin_client, reference_data):
    OpportunityFactory(title_en="Published one")
    OpportunityFactory(title_en="A draft", status=Opportunity.Status.DRAFT)
    listing = admin_client.get("/admin/volunteering_opportunities/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Published one" in content and "A draft" in content
    drafts = admin_client.get("/admin/volunteering_opportunities/", {"status": "draft"})
    assert "Published one" not in drafts.content.decode()
    csv = admin_client.get("/admin/volunteering_opportunities/", {"export": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Published one" in text and "A draft" in text
    xlsx = admin_client.get(
        "/admin/volunteering_opportunities/", {"export": "xlsx", "status": "draft"}
    )
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2 and "A draft" in rows[1]


def test_shift_listing_shows_the_fill_rate(admin_client, opportunity):
    shift = future_shift(opportunity, capacity=4)
    services.sign_up(shift=shift, student=StudentFactory(), actor=None)
    content = admin_client.get("/admin/volunteering_shifts/").content.decode()
    assert "1/4 (25%)" in content
    export = admin_client.get("/admin/volunteering_shifts/", {"export": "csv"})
    assert "25" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_signup_listing_and_export(admin_client, opportunity):
    shift = future_shift(opportunity, capacity=1)
    first, second = StudentFactory(), StudentFactory()
    services.sign_up(shift=shift, student=first, actor=None)
    services.sign_up(shift=shift, student=second, actor=None)
    waitlisted = admin_client.get(
        "/admin/volunteering_signups/", {"status": "waitlisted"}
    ).content.decode()
    assert str(second) in waitlisted and str(first) not in waitlisted
    export = admin_client.get("/admin/volunteering_signups/", {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert first.email in text and second.email in text
    # Sign-ups change only through services: there is no add or edit screen.
    with pytest.raises(NoReverseMatch):
        reverse("volunteering_signups:add")


def test_publishing_from_the_admin(admin_client, reference_data):
    proposed = OpportunityFactory(status=Opportunity.Status.PROPOSED)
    url = f"/admin/volunteering_opportunities/publish/{proposed.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Opportunity.Status.PUBLISHED


def test_changing_places_asks_whom_to_release(admin_client, opportunity):
    shift = future_shift(opportunity, capacity=2)
    people = [StudentFactory(), StudentFactory()]
    signups = [services.sign_up(shift=shift, student=p, actor=None) for p in people]
    url = f"/admin/volunteering_shifts/capacity/{shift.pk}/"
    refused = admin_client.post(url, {"capacity": 1})
    assert refused.status_code == 200
    assert "choose whose place to release" in refused.content.decode()
    shift.refresh_from_db()
    assert shift.capacity == 2
    admin_client.post(
        url, {"capacity": 1, "release": [signups[1].pk], "reason": "Smaller room"}
    )
    shift.refresh_from_db()
    assert shift.capacity == 1
    assert SignUp.objects.get(pk=signups[1].pk).status == "cancelled"


def test_approving_an_initiative(admin_client, reference_data):
    initiative = StudentInitiativeFactory(
        status=StudentInitiative.Status.PROPOSED, members=[StudentFactory()]
    )
    listing = admin_client.get("/admin/volunteering_initiatives/").content.decode()
    assert initiative.name in listing
    admin_client.post(f"/admin/volunteering_initiatives/approve/{initiative.pk}/")
    initiative.refresh_from_db()
    assert initiative.status == StudentInitiative.Status.APPROVED


def test_generating_shifts_from_the_admin(admin_client, reference_data):
    opportunity = OpportunityFactory(kind=Opportunity.Kind.RECURRING)
    today = timezone.localdate()
    services.add_weekly_rule(
        opportunity=opportunity,
        actor=None,
        weekday=today.weekday(),
        start_time=datetime.time(19),
        end_time=datetime.time(21),
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=29),
        capacity=3,
    )
    response = admin_client.post(
        f"/admin/volunteering_opportunities/generate/{opportunity.pk}/", follow=True
    )
    assert "4 shifts created." in response.content.decode()
    assert opportunity.shifts.count() == 4


def test_kotengage_is_the_central_office_s_not_the_faculty_coordinators(
    client, reference_data
):
    opportunity = OpportunityFactory(status=Opportunity.Status.PROPOSED)
    client.force_login(FacultyCoordinatorFactory())
    response = client.get("/admin/volunteering_opportunities/")
    # Refused: Wagtail's answer is a 403 or a redirect home with "no permission".
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert b"Homework" not in response.content
    assert b"KOTengage" not in client.get("/admin/").content
    url = f"/admin/volunteering_opportunities/publish/{opportunity.pk}/"
    assert client.post(url, follow=True).status_code in (403, 404)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PROPOSED


def test_students_and_partners_have_no_admin(client, reference_data):
    client.force_login(StudentFactory())
    response = client.get("/admin/volunteering_opportunities/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_office_settings_are_editable(admin_client, site_pages):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(
        f"/admin/settings/volunteering/volunteeringsettings/{site.pk}/"
    )
    assert response.status_code == 200
    assert "waitlist offer valid for" in response.content.decode().lower()


@pytest.mark.parametrize(
    "url", ["/admin/volunteering_opportunities/", "/admin/volunteering_shifts/"]
)
def test_admin_listings_keep_constant_queries(
    admin_client, reference_data, count_queries, url
):
    def add(n):
        for _ in range(n):
            future_shift(OpportunityFactory(), capacity=3)

    add(3)
    admin_client.get(url)
    small = count_queries(lambda: admin_client.get(url))
    add(15)
    large = count_queries(lambda: admin_client.get(url))
    assert small == large


def test_admin_screens_render(admin_client, opportunity):
    shift = future_shift(opportunity)
    signup = services.sign_up(shift=shift, student=StudentFactory(), actor=None)
    initiative = StudentInitiativeFactory()
    for url in (
        "/admin/volunteering_opportunities/new/",
        f"/admin/volunteering_opportunities/edit/{opportunity.pk}/",
        f"/admin/volunteering_opportunities/inspect/{opportunity.pk}/",
        "/admin/volunteering_shifts/new/",
        f"/admin/volunteering_shifts/edit/{shift.pk}/",
        f"/admin/volunteering_shifts/cancel/{shift.pk}/",
        f"/admin/volunteering_signups/inspect/{signup.pk}/",
        f"/admin/volunteering_initiatives/edit/{initiative.pk}/",
        "/admin/volunteering_hours/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_the_admin_form_explains_the_one_organiser_rule(admin_client, reference_data):
    response = admin_client.post(
        "/admin/volunteering_opportunities/new/",
        {
            "title_en": "No organiser",
            "description_en": "x",
            "kind": "one_off",
            "is_online": "on",
            "contact_name": "A",
            "contact_email": "a@example.org",
            "contact_language": "en",
        },
    )
    assert response.status_code == 200
    assert "Choose one organiser" in response.content.decode()
    assert not Opportunity.objects.filter(title_en="No organiser").exists()


def test_weekly_rules_and_holidays_from_the_admin(admin_client, reference_data):
    opportunity = OpportunityFactory(kind=Opportunity.Kind.RECURRING)
    one_off = OpportunityFactory(kind=Opportunity.Kind.ONE_OFF)
    today = timezone.localdate()
    data = {
        "opportunity": opportunity.pk,
        "weekday": today.weekday(),
        "start_time": "18:00",
        "end_time": "20:00",
        "starts_on": (today + datetime.timedelta(days=1)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=22)).isoformat(),
        "capacity": 4,
    }
    refused = admin_client.post(
        "/admin/volunteering_rules/new/", {**data, "opportunity": one_off.pk}
    )
    assert refused.status_code == 200 and not one_off.rules.exists()
    assert admin_client.post("/admin/volunteering_rules/new/", data).status_code == 302
    services.generate_shifts(opportunity=opportunity, actor=None)
    first = opportunity.shifts.order_by("starts_at").first()
    services.sign_up(shift=first, student=StudentFactory(), actor=None)
    day = timezone.localtime(first.starts_at).date()
    response = admin_client.post(
        "/admin/volunteering_exceptions/new/",
        {"opportunity": opportunity.pk, "date": day.isoformat(), "reason": "Holiday"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert first.signups.get().status == "cancelled"

"""KOTengage on a phone: find, sign up, see it, cancel; accept a waitlist offer."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from engage.accounts.factories import StudentFactory
from engage.university.models import Campus
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    brussels_time,
)
from engage.volunteering.models import SignUp
from tests.e2e.conftest import login

LISTING = "/en/kotengage/opportunities/"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone: small viewport, touch, mobile user agent behaviour."""
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    }


def next_weekday(weekday: int) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7)


def shift_on(opportunity, weekday, hour, capacity):
    start = brussels_time(next_weekday(weekday), hour)
    return ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )


@pytest.fixture
def catalogue(live):
    from engage.volunteering.demo import _ensure_pages

    _ensure_pages(None)
    ghent = Campus.objects.get(code="GEN")
    homework = OpportunityFactory(title_en="Homework club Leuven")
    shift_on(homework, 1, 18, capacity=2)  # Tuesday evening
    garden = OpportunityFactory(title_en="Community garden Leuven")
    shift_on(garden, 5, 10, capacity=5)  # Saturday
    shift_on(OpportunityFactory(title_en="Soup round Ghent", campus=ghent), 1, 19, 4)
    return homework


def test_student_finds_signs_up_sees_and_cancels_on_a_phone(live, page, catalogue):
    StudentFactory(email="lotte@student.kuleuven.be", preferred_language="en")
    login(page, live.url, "lotte@student.kuleuven.be")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()

    page.goto(f"{live.url}{LISTING}")
    expect(page.get_by_role("link", name="Soup round Ghent")).to_be_visible()
    page.evaluate("window.noFullReload = true")

    page.get_by_label("City or campus").select_option(label="Leuven")
    expect(page).to_have_url(re.compile(r"\?city=LEU$"))
    expect(page.get_by_role("link", name="Soup round Ghent")).to_have_count(0)
    expect(page.get_by_role("link", name="Community garden Leuven")).to_be_visible()

    page.get_by_label("Day of the week").select_option(label="Tuesday")
    expect(page).to_have_url(re.compile(r"\?city=LEU&weekday=1$"))
    expect(page.get_by_role("link", name="Community garden Leuven")).to_have_count(0)
    expect(page.locator("#results-count")).to_have_text("1 opportunity")
    assert page.evaluate("window.noFullReload") is True  # htmx, not a reload

    # Back restores the previous results and filters; Forward returns.
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?city=LEU$"))
    expect(page.get_by_role("link", name="Community garden Leuven")).to_be_visible()
    expect(page.get_by_label("Day of the week")).to_have_value("")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"weekday=1$"))
    expect(page.get_by_role("link", name="Community garden Leuven")).to_have_count(0)

    page.get_by_role("link", name="Homework club Leuven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Homework club Leuven")
    expect(page.get_by_text("2 places free")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Sign up")).click()
    expect(page.get_by_text("You are signed up.")).to_be_visible()

    page.get_by_role("link", name="My Engage", exact=True).click()
    page.get_by_role("link", name=re.compile("My engagement: sign-ups")).click()
    upcoming = page.get_by_role("region", name="Coming up")
    expect(upcoming.get_by_role("link", name="Homework club Leuven")).to_be_visible()
    expect(upcoming.get_by_text("Confirmed")).to_be_visible()
    upcoming.get_by_role("button", name=re.compile("Cancel my sign-up")).click()
    expect(page.get_by_text("Your sign-up is cancelled.")).to_be_visible()
    expect(page.get_by_text("You have no shifts coming up.")).to_be_visible()
    assert SignUp.objects.get(student__email="lotte@student.kuleuven.be").status == (
        "cancelled"
    )


def test_waitlisted_student_accepts_the_offer_from_the_email(live, page, catalogue):
    shift = catalogue.shifts.get()
    first, second = StudentFactory(), StudentFactory()
    services.sign_up(shift=shift, student=first, actor=first)
    services.sign_up(shift=shift, student=second, actor=second)
    waiting = StudentFactory(email="noor@student.kuleuven.be", preferred_language="en")

    login(page, live.url, waiting.email)
    page.goto(f"{live.url}/en/volunteering/opportunities/{catalogue.pk}/")
    expect(page.get_by_text("Full: you can join the waitlist")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Join the waitlist")).click()
    expect(page.get_by_text("you are number 1 on the waitlist")).to_be_visible()

    mail.outbox.clear()
    services.cancel_signup(
        signup=SignUp.objects.get(student=first, shift=shift), actor=first
    )
    offer = next(m for m in mail.outbox if m.to == [waiting.email])
    assert "A place is free for you" in offer.subject
    link = re.search(
        r"http://\S+/(?:volunteering|vrijwilligerswerk)/offers/\S+/", offer.body
    ).group()

    page.context.clear_cookies()  # the link works without being logged in
    page.goto(link)
    expect(page.get_by_text("A place has come free for you.")).to_be_visible()
    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_text("The place is yours: you are confirmed.")).to_be_visible()
    assert SignUp.objects.get(student=waiting, shift=shift).status == "confirmed"


def test_an_overlapping_shift_of_another_opportunity_is_refused(live, page):
    """Confirmed 13:00–16:00 for one opportunity, a 14:30–16:30 shift of another
    is refused with the conflicting shift named, and nothing is created."""
    day = next_weekday(2)
    student = StudentFactory(email="jana@student.kuleuven.be", preferred_language="en")
    market = OpportunityFactory(title_en="Food market Leuven")
    held = ShiftFactory(
        opportunity=market,
        starts_at=brussels_time(day, 13),
        ends_at=brussels_time(day, 16),
        capacity=3,
    )
    services.sign_up(shift=held, student=student, actor=student)
    repair = OpportunityFactory(title_en="Repair café Leuven")
    overlapping = ShiftFactory(
        opportunity=repair,
        starts_at=brussels_time(day, 14, 30),
        ends_at=brussels_time(day, 16, 30),
        capacity=3,
    )

    login(page, live.url, student.email)
    page.goto(f"{live.url}{repair.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("^Sign up")).click()
    alert = page.get_by_text(re.compile("This shift overlaps"))
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Food market Leuven")
    expect(alert).to_contain_text("13:00–16:00")
    expect(page.get_by_role("button", name=re.compile("^Sign up"))).to_be_visible()
    assert not SignUp.objects.filter(shift=overlapping).exists()

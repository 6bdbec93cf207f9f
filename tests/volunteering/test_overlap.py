"""A student cannot hold places on two shifts at the same time (issue #11)."""

import datetime

import pytest
from django.utils import translation

from engage.core.exceptions import InvalidTransition
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    brussels_time,
)
from engage.volunteering.models import SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages, titles and URLs in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


DAY = datetime.date(2026, 10, 8)  # a Thursday, three days after the fixed `now`


def _shift(opportunity, start, end, capacity=3):
    return ShiftFactory(
        opportunity=opportunity,
        starts_at=brussels_time(DAY, *start),
        ends_at=brussels_time(DAY, *end),
        capacity=capacity,
    )


@pytest.fixture
def afternoon(opportunity):
    """The student's confirmed 13:00–16:00 shift."""
    return _shift(opportunity, (13, 0), (16, 0))


@pytest.fixture
def other(reference_data):
    return OpportunityFactory(title_en="Repair café", title_nl="Repair café")


def test_an_overlapping_shift_of_another_opportunity_is_refused(
    afternoon, other, students, now
):
    (student,) = students(1)
    services.sign_up(shift=afternoon, student=student, actor=student, now=now)
    overlapping = _shift(other, (14, 30), (16, 30))
    with pytest.raises(InvalidTransition) as refused:
        services.sign_up(shift=overlapping, student=student, actor=student, now=now)
    message = str(refused.value.message)
    assert afternoon.opportunity.title_en in message
    assert "13:00" in message and "16:00" in message
    assert not SignUp.objects.filter(shift=overlapping).exists()
    overlapping.refresh_from_db()
    assert overlapping.places_taken == 0 and overlapping.last_sequence == 0


def test_joining_the_waitlist_of_an_overlapping_shift_is_refused(
    afternoon, other, students, now
):
    student, holder = students(2)
    services.sign_up(shift=afternoon, student=student, actor=student, now=now)
    full = _shift(other, (15, 0), (17, 0), capacity=1)
    services.sign_up(shift=full, student=holder, actor=holder, now=now)
    with pytest.raises(InvalidTransition):
        services.sign_up(shift=full, student=student, actor=student, now=now)
    assert not SignUp.objects.filter(shift=full, student=student).exists()


def test_back_to_back_shifts_and_other_students_are_fine(
    afternoon, other, students, now
):
    student, friend = students(2)
    services.sign_up(shift=afternoon, student=student, actor=student, now=now)
    later = _shift(other, (16, 0), (18, 0))
    assert (
        services.sign_up(shift=later, student=student, actor=student, now=now).status
        == SignUp.Status.CONFIRMED
    )
    overlapping = _shift(other, (14, 30), (16, 30))
    services.sign_up(shift=overlapping, student=friend, actor=friend, now=now)


def test_a_cancelled_place_no_longer_holds_the_time(afternoon, other, students, now):
    (student,) = students(1)
    signup = services.sign_up(shift=afternoon, student=student, actor=student, now=now)
    services.cancel_signup(signup=signup, actor=student, now=now)
    overlapping = _shift(other, (14, 30), (16, 30))
    assert (
        services.sign_up(
            shift=overlapping, student=student, actor=student, now=now
        ).status
        == SignUp.Status.CONFIRMED
    )


def test_an_offered_place_holds_the_time(afternoon, other, students, now):
    student, holder = students(2)
    full = _shift(other, (14, 30), (16, 30), capacity=1)
    held = services.sign_up(shift=full, student=holder, actor=holder, now=now)
    services.sign_up(shift=full, student=student, actor=student, now=now)
    services.cancel_signup(signup=held, actor=holder, now=now)
    assert SignUp.objects.get(shift=full, student=student).status == "offered"
    with pytest.raises(InvalidTransition):
        services.sign_up(shift=afternoon, student=student, actor=student, now=now)


def test_accepting_an_offer_that_overlaps_a_confirmed_shift_is_refused(
    afternoon, other, students, now
):
    """Waiting in line holds no time, so the student may confirm elsewhere
    meanwhile; the offer then says what is in the way and stays open."""
    student, holder = students(2)
    full = _shift(other, (14, 30), (16, 30), capacity=1)
    held = services.sign_up(shift=full, student=holder, actor=holder, now=now)
    waiting = services.sign_up(shift=full, student=student, actor=student, now=now)
    services.sign_up(shift=afternoon, student=student, actor=student, now=now)
    services.cancel_signup(signup=held, actor=holder, now=now)
    with pytest.raises(InvalidTransition) as refused:
        services.accept_offer(signup=waiting, actor=student, now=now)
    assert afternoon.opportunity.title_en in str(refused.value.message)
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.OFFERED

"""The personal iCal feed: every module's events, Brussels times across DST."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from icalendar import Calendar

from engage.core.registry import CalendarEvent, calendar_event_providers
from engage.volunteering import services
from engage.volunteering.factories import ShiftFactory, brussels_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_calendar_providers():
    saved = list(calendar_event_providers._entries)
    yield calendar_event_providers
    calendar_event_providers._entries[:] = saved


def _shift(opportunity, day, capacity=3):
    start = brussels_time(day, 18)
    return ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )


def next_dst_change(today=None) -> datetime.date:
    """The next day on which Brussels changes between summer and winter time."""
    day = today or timezone.localdate()
    offset = brussels_time(day, 12).utcoffset()
    for _ in range(400):
        day += datetime.timedelta(days=1)
        if brussels_time(day, 12).utcoffset() != offset:
            return day
    raise AssertionError("no DST change within a year")


def _feed(client, user):
    feed = services.calendar_feed_for(user)
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_has_one_event_per_confirmed_shift_in_brussels_time(
    client, opportunity, students
):
    student, other = students(2)
    change = next_dst_change()
    week = datetime.timedelta(days=7)
    before = _shift(opportunity, change - datetime.timedelta(days=3))
    after = _shift(opportunity, change + datetime.timedelta(days=3))
    full = _shift(opportunity, change + week, capacity=1)
    cancelled = _shift(opportunity, change + 2 * week)
    signup_time = timezone.now()
    for shift in (before, after):
        services.sign_up(shift=shift, student=student, actor=student, now=signup_time)
    services.sign_up(shift=full, student=other, actor=other, now=signup_time)
    services.sign_up(shift=full, student=student, actor=student, now=signup_time)
    gone = services.sign_up(
        shift=cancelled, student=student, actor=student, now=signup_time
    )
    services.cancel_signup(signup=gone, actor=student, now=signup_time)

    events = list(_feed(client, student).walk("VEVENT"))
    assert len(events) == 2  # not the waitlisted, not the cancelled
    starts = sorted(event.decoded("dtstart") for event in events)
    assert [str(s.tzinfo) for s in starts] == ["Europe/Brussels"] * 2
    assert [(s.hour, s.minute) for s in starts] == [(18, 0), (18, 0)]
    # Same wall-clock time, a different UTC hour on each side of the change.
    utc_hours = [s.astimezone(datetime.UTC).hour for s in starts]
    assert sorted(utc_hours) == [16, 17] and utc_hours[0] != utc_hours[1]
    assert starts == [before.starts_at, after.starts_at]
    ends = sorted(event.decoded("dtend") for event in events)
    assert ends == [before.ends_at, after.ends_at]
    assert all(str(e["uid"]).startswith("volunteering-shift-") for e in events)

    for event in events:
        url = urlsplit(str(event["url"]))
        page = client.get(url.path)
        assert page.status_code == 200
        assert opportunity.title_nl in page.content.decode()  # the student reads Dutch
        assert url.path.startswith("/nl/vrijwilligerswerk/opportunities/")
        assert url.fragment in (f"shift-{before.pk}", f"shift-{after.pk}")
        assert f'id="{url.fragment}"' in page.content.decode()  # lands on its shift


def test_the_feed_includes_every_registered_provider(
    client, opportunity, students, restore_calendar_providers
):
    (student,) = students(1)

    def placements(user):
        return [
            CalendarEvent(
                uid=f"placement-{user.pk}@engage.kuleuven.be",
                summary="Service-learning placement",
                start=datetime.date(2027, 2, 10),
                end=datetime.date(2027, 5, 20),
                url="http://testserver/en/service-learning/placements/1/",
            )
        ]

    restore_calendar_providers.register(placements)
    events = list(_feed(client, student).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Service-learning placement"]
    assert events[0].decoded("dtstart") == datetime.date(2027, 2, 10)


def test_the_feed_address_can_be_reset(client, students):
    (student,) = students(1)
    old = services.calendar_feed_for(student).get_absolute_url()
    assert client.get(old).status_code == 200
    client.force_login(student)
    response = client.post("/en/volunteering/me/calendar/reset/")
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    new = services.calendar_feed_for(student).get_absolute_url()
    assert new != old and client.get(new).status_code == 200


def test_an_opportunity_offers_an_ics_download(client, opportunity):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    shifts = [
        _shift(opportunity, soon),
        _shift(opportunity, soon + datetime.timedelta(days=7)),
    ]
    _shift(opportunity, datetime.date(2020, 1, 7))  # past: not offered
    page = client.get(f"/en/volunteering/opportunities/{opportunity.pk}/")
    ics_url = f"/en/volunteering/opportunities/{opportunity.pk}/calendar.ics"
    assert ics_url in page.content.decode()
    response = client.get(ics_url)
    assert "attachment" in response["Content-Disposition"]
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert sorted(e.decoded("dtstart") for e in events) == [s.starts_at for s in shifts]

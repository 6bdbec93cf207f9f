"""The personal iCal feed is written in the language of the person it belongs to."""

from urllib.parse import urlsplit

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from engage.accounts.factories import StudentFactory
from engage.volunteering import services
from placements.factories import OfferFactory, PlacementFactory
from placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["en", "nl"])
def test_every_event_follows_the_reader_s_language(client, reference_data, prefix):
    student = StudentFactory(preferred_language="nl")
    offer = OfferFactory(title_en="Homework class", title_nl="Huiswerkklas")
    PlacementFactory(
        enrolment__student=student, offer=offer, status=Placement.Status.CONFIRMED
    )
    feed = services.calendar_feed_for(student)
    with translation.override(prefix):  # the address the calendar app was given
        url = reverse("volunteering:calendar_feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Mijn KU Leuven Engage"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Service-learning: Huiswerkklas"
    assert urlsplit(str(event["url"])).path.startswith("/nl/")

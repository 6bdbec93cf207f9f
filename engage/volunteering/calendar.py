"""iCal output (RFC 5545) with the `icalendar` library, in Europe/Brussels time."""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event

from engage.volunteering.models import BRUSSELS


def _local(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(BRUSSELS)
    return value  # an all-day date


def build_calendar(events, *, name: str) -> bytes:
    """One VCALENDAR with a VEVENT per event and the Brussels VTIMEZONE it needs."""
    calendar = Calendar()
    calendar.add("prodid", "-//KU Leuven Engage//KOTengage//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    stamp = datetime.datetime.now(datetime.UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", _local(item.start))
        event.add("dtend", _local(item.end))
        if item.url:
            event.add("url", item.url)
        description = "\n\n".join(part for part in (item.description, item.url) if part)
        if description:
            event.add("description", description)
        if item.location:
            event.add("location", item.location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response

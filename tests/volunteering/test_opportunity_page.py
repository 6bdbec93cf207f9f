"""The KOTengage section page and an opportunity's dates (issue #11, item 17)."""

import datetime

import pytest
from django.utils import translation

from engage.volunteering.factories import ShiftFactory, brussels_time

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages, titles and URLs in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


def test_the_kotengage_page_says_its_intro_once(client, site_pages):
    from cms.demo import PAGES, seed

    seed()
    seed()  # idempotent, and repairs pages seeded before
    for language in ("en", "nl"):
        (spec,) = [p for p in PAGES if p["slug"] == "kotengage"]
        intro = spec[language]["intro"]
        content = client.get(f"/{language}/kotengage/").content.decode()
        assert content.count(intro) == 1


@pytest.fixture
def weekly(opportunity):
    """36 weekly dates from Monday 12 October 2026 (after the fixed `now`)."""
    first = datetime.date(2026, 10, 12)
    for week in range(36):
        start = brussels_time(first + datetime.timedelta(weeks=week), 18)
        ShiftFactory(
            opportunity=opportunity,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
    return opportunity


def _dates(content):
    return content.count('class="shift" id="shift-')


def test_an_opportunity_page_links_to_all_its_dates(client, weekly, now):
    import time_machine

    url = weekly.get_absolute_url()
    with time_machine.travel(now, tick=False):
        first = client.get(url).content.decode()
        assert _dates(first) == 12
        assert "Show all 36 dates" in first
        assert f'href="{url}?dates=all#shifts-title"' in first
        everything = client.get(url, {"dates": "all"}).content.decode()
    assert _dates(everything) == 36
    assert "Show all 36 dates" not in everything
    assert "Show the next 12 dates only" in everything


def test_all_dates_take_no_more_queries(
    client, weekly, now, django_assert_max_num_queries, students
):
    import time_machine

    url = weekly.get_absolute_url()
    (student,) = students(1)
    client.force_login(student)
    with time_machine.travel(now, tick=False):
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        with CaptureQueriesContext(connection) as many:
            client.get(url, {"dates": "all"})
    assert len(many) == len(few)

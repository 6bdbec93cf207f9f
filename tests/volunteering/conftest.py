"""Fixtures for KOTengage: a published opportunity, shifts, students, a fixed clock."""

import datetime

import pytest

from engage.accounts.factories import StudentFactory
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    brussels_time,
)


@pytest.fixture
def now():
    """A fixed 'now' that services receive explicitly: Monday 5 October 2026, 09:00."""
    return brussels_time(datetime.date(2026, 10, 5), 9)


@pytest.fixture
def opportunity(reference_data):
    return OpportunityFactory()


@pytest.fixture
def make_shift(opportunity, now):
    def make(capacity=2, days=3, hour=18, **kwargs):
        start = brussels_time(now.date() + datetime.timedelta(days=days), hour)
        return ShiftFactory(
            opportunity=kwargs.pop("opportunity", opportunity),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=capacity,
            **kwargs,
        )

    return make


@pytest.fixture
def students(db):
    def make(n):
        return [StudentFactory() for _ in range(n)]

    return make


@pytest.fixture
def listing_page(site_pages):
    """The opportunity listing under the home page, in English and Dutch."""
    from cms.models import HomePage, OpportunityIndexPage
    from cms.setup import translate_page

    home = HomePage.objects.get(locale__language_code="en")
    page = home.add_child(
        instance=OpportunityIndexPage(
            title="Volunteer", slug="volunteer", locale=home.locale
        )
    )
    page.save_revision().publish()
    translate_page(page, "nl", title="Vrijwilligerswerk", slug="vrijwilligerswerk")
    return page

"""Finding opportunities: filters, text search, htmx fragments, pagination, queries."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from engage.taxonomy.models import Language, TargetGroup, Theme
from engage.university.models import Campus
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    brussels_time,
)
from engage.volunteering.models import Opportunity, Shift
from partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/en/volunteer/"


@pytest.fixture(autouse=True)
def pinned_clock():
    """The tests name weekdays relative to today: pin today to a Monday in Brussels."""
    with time_machine.travel(brussels_time(datetime.date(2026, 10, 5), 9), tick=True):
        yield


def next_weekday(weekday: int, weeks: int = 1) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def shift_on(opportunity, day, hour, capacity=3, taken=0):
    start = brussels_time(day, hour)
    return ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
        places_taken=taken,
    )


@pytest.fixture
def catalogue(listing_page):
    ghent = Campus.objects.get(code="GEN")
    education = Theme.objects.get(slug="education")
    older = TargetGroup.objects.get(slug="older-people")
    french = Language.objects.get(code="fr")
    homework = OpportunityFactory(
        title_en="Homework club in Leuven", themes=[education]
    )
    shift_on(homework, next_weekday(1), 18)  # Tuesday evening
    visits = OpportunityFactory(
        title_en="Visiting older people in Ghent",
        campus=ghent,
        target_groups=[older],
        languages=[french],
        kind=Opportunity.Kind.RECURRING,
    )
    shift_on(
        visits, next_weekday(5, weeks=2), 10, capacity=2, taken=2
    )  # Saturday, full
    garden = OpportunityFactory(title_en="Community garden", description_en="Digging")
    shift_on(garden, next_weekday(1, weeks=3), 14)  # Tuesday afternoon, later
    draft = OpportunityFactory(title_en="Secret draft", status=Opportunity.Status.DRAFT)
    shift_on(draft, next_weekday(1), 18)
    return {"homework": homework, "visits": visits, "garden": garden}


def titles(response):
    return [o.title_en for o in response.context["opportunities"]]


def test_listing_shows_published_opportunities_soonest_first(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Homework club in Leuven",
        "Visiting older people in Ghent",
        "Community garden",
    ]
    content = response.content.decode()
    assert "Secret draft" not in content
    assert "3 opportunities" in content
    assert "Full: waitlist open" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"city": "GEN"}, ["Visiting older people in Ghent"]),
        ({"weekday": "1"}, ["Homework club in Leuven", "Community garden"]),
        ({"weekday": "1", "time_of_day": "evening"}, ["Homework club in Leuven"]),
        ({"time_of_day": "morning"}, ["Visiting older people in Ghent"]),
        ({"theme": "education"}, ["Homework club in Leuven"]),
        ({"target_group": "older-people"}, ["Visiting older people in Ghent"]),
        ({"language": "fr"}, ["Visiting older people in Ghent"]),
        ({"kind": "recurring"}, ["Visiting older people in Ghent"]),
        ({"free_places": "on"}, ["Homework club in Leuven", "Community garden"]),
        ({"q": "digging"}, ["Community garden"]),
        ({"q": "older ghent"}, ["Visiting older people in Ghent"]),
        ({"city": "LEU", "weekday": "5"}, []),
    ],
)
def test_filters(client, catalogue, query, expected):
    assert titles(client.get(URL, query)) == expected


def test_date_range_filter(client, catalogue):
    garden_day = next_weekday(1, weeks=3)
    response = client.get(
        URL,
        {
            "date_from": garden_day - datetime.timedelta(days=1),
            "date_to": garden_day + datetime.timedelta(days=1),
        },
    )
    assert titles(response) == ["Community garden"]


def test_htmx_gets_only_the_results_and_the_url_keeps_the_filters(client, catalogue):
    response = client.get(
        URL,
        {"city": "GEN"},
        headers={"HX-Request": "true", "HX-Target": "opportunity-results"},
    )
    content = response.content.decode()
    assert "<html" not in content and "Visiting older people" in content
    assert 'hx-swap-oob="true"' in content  # the result count updates too
    assert "HX-Request" in response["Vary"]
    full = client.get(URL, {"city": "GEN"})
    form = full.content.decode()
    assert 'hx-push-url="true"' in form and 'hx-target="#opportunity-results"' in form
    assert '<option value="GEN" selected>' in form  # a shared URL shows its filters


def test_history_restore_gets_the_full_page(client, catalogue):
    response = client.get(
        URL,
        {"city": "GEN"},
        headers={
            "HX-Request": "true",
            "HX-History-Restore-Request": "true",
            "HX-Target": "opportunity-results",
        },
    )
    assert "<html" in response.content.decode()


def test_pagination_keeps_the_filters(client, listing_page):
    for number in range(25):
        opportunity = OpportunityFactory(title_en=f"Opportunity {number:02d}")
        shift_on(opportunity, next_weekday(2), 9 + number % 8)
    response = client.get(URL, {"weekday": "2"})
    content = response.content.decode()
    assert len(response.context["opportunities"]) == 20
    assert "?weekday=2&amp;page=2" in content
    second = client.get(URL, {"weekday": "2", "page": "2"})
    assert len(second.context["opportunities"]) == 5


def test_dutch_listing(client, catalogue):
    content = client.get("/nl/vrijwilligerswerk/").content.decode()
    assert "Huiswerkbuddy" in content or "Homework club" in content
    assert '<html lang="nl">' in content


def test_invalid_filters_do_not_break_the_page(client, catalogue):
    response = client.get(URL, {"date_from": "not-a-date", "city": "XXX"})
    assert response.status_code == 200
    assert "Some filters could not be used." in response.content.decode()


def _bulk_catalogue(n):
    organisation = OrganisationFactory()
    campus = Campus.objects.get(code="LEU")
    themes = list(Theme.objects.all()[:2])
    languages = list(Language.objects.all()[:2])
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation=organisation,
                title_en=f"Bulk {i}",
                description_en="x",
                campus=campus,
                contact_name="A",
                contact_email="a@example.org",
                status=Opportunity.Status.PUBLISHED,
            )
            for i in range(n)
        ]
    )
    start = brussels_time(next_weekday(3), 19)
    Shift.objects.bulk_create(
        [
            Shift(
                opportunity=o,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=3,
            )
            for o in opportunities
        ]
    )
    Through = Opportunity.themes.through
    Through.objects.bulk_create(
        [Through(opportunity=o, theme=t) for o in opportunities for t in themes]
    )
    LangThrough = Opportunity.languages.through
    LangThrough.objects.bulk_create(
        [
            LangThrough(opportunity=o, language=lang)
            for o in opportunities
            for lang in languages
        ]
    )


def test_constant_queries_for_10_and_500_opportunities(
    client, listing_page, count_queries
):
    _bulk_catalogue(10)
    client.get(URL)  # warm caches (site, settings)
    small = count_queries(lambda: client.get(URL, {"weekday": "3"}))
    assert len(count_queries.last_result.context["opportunities"]) == 10
    _bulk_catalogue(490)
    large = count_queries(lambda: client.get(URL, {"weekday": "3"}))
    assert len(count_queries.last_result.context["opportunities"]) == 20
    assert count_queries.last_result.context["page_obj"].paginator.count == 500
    assert small == large


def test_weekday_and_time_follow_brussels_not_utc(client, listing_page):
    """00:30 on a Tuesday in Brussels is still Monday in UTC."""
    late = OpportunityFactory(title_en="Night shelter")
    start = brussels_time(next_weekday(1), 0, 30)
    assert start.astimezone(datetime.UTC).weekday() == 0
    ShiftFactory(
        opportunity=late,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
    )
    assert titles(client.get(URL, {"weekday": "1"})) == ["Night shelter"]
    assert titles(client.get(URL, {"weekday": "0"})) == []
    assert titles(client.get(URL, {"time_of_day": "morning"})) == ["Night shelter"]
    day = start.date().isoformat()
    assert titles(client.get(URL, {"date_from": day, "date_to": day})) == [
        "Night shelter"
    ]


def test_moving_a_shift_keeps_its_weekday(listing_page):
    shift = shift_on(OpportunityFactory(), next_weekday(1), 18)
    assert (shift.local_weekday, shift.local_hour) == (1, 18)
    shift.starts_at = brussels_time(next_weekday(3), 9)
    shift.ends_at = shift.starts_at + datetime.timedelta(hours=1)
    shift.save(update_fields=["starts_at", "ends_at"])
    shift.refresh_from_db()
    assert (shift.local_weekday, shift.local_hour) == (3, 9)


def test_next_date_and_its_places_follow_the_filters(client, catalogue):
    """A card's "next" date is the next one matching the filters, with its places."""
    homework = catalogue["homework"]
    shift_on(homework, next_weekday(3), 18, capacity=9, taken=2)  # a Thursday
    response = client.get(URL)
    card = {o.title_en: o for o in response.context["opportunities"]}[
        "Homework club in Leuven"
    ]
    assert card.next_start.weekday() == 1 and card.next_free == 3
    assert card.upcoming_dates == 2
    assert "2 dates to choose from" in response.content.decode()

    response = client.get(URL, {"weekday": "3"})
    card = {o.title_en: o for o in response.context["opportunities"]}[
        "Homework club in Leuven"
    ]
    assert timezone.localtime(card.next_start).weekday() == 3
    assert card.next_free == 7 and card.upcoming_dates == 1
    assert "7 places free" in response.content.decode()

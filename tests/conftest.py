"""Shared fixtures: roles, reference data, the site skeleton, query counting."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engage.accounts.factories import (
    CoordinatorFactory,
    FacultyCoordinatorFactory,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)

# Browser tests drive a live server from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """ENGAGE_TEST_TODAY=YYYY-MM-DD runs the whole suite as if it were that day
    (from 09:00 in Brussels, the clock ticking), so that a test that silently
    depends on the weekday or the date is found (`make test-week`)."""
    today = os.environ.get("ENGAGE_TEST_TODAY")
    if today:
        import datetime
        from zoneinfo import ZoneInfo

        import time_machine

        start = datetime.datetime.combine(
            datetime.date.fromisoformat(today),
            datetime.time(9),
            tzinfo=ZoneInfo("Europe/Brussels"),
        )
        config._engage_clock = time_machine.travel(start, tick=True)
        config._engage_clock.start()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: a test that activates
    Dutch (a view, a service) must not change the next test's strings."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def reference_data(db):
    """Reference data as migrations leave it; reloaded after a flushing test."""
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )
    from engage.university.models import Faculty

    if Faculty.objects.count() < 16:
        load_reference_data()


@pytest.fixture
def site_pages(db):
    """The site skeleton: `/`, `/en/`, `/nl/` and the demo content pages with menus."""
    from cms.demo import seed

    seed()


@pytest.fixture
def current_year(reference_data):
    from engage.university.models import AcademicYear

    return AcademicYear.objects.current()


@pytest.fixture
def faculty(reference_data):
    from engage.university.models import Faculty

    return Faculty.objects.get(code="ARTS")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def faculty_coordinator(reference_data):
    from engage.university.models import Faculty

    return FacultyCoordinatorFactory(faculties=[Faculty.objects.get(code="ARTS")])


@pytest.fixture
def lecturer(db):
    return LecturerFactory()


@pytest.fixture
def student(db):
    return StudentFactory()


@pytest.fixture
def partner_user(db):
    return PartnerContactUserFactory()


class QueryCounter:
    """Counts a callable's queries: `count_queries(lambda: client.get(url))`."""

    def __call__(self, func):
        with CaptureQueriesContext(connection) as context:
            result = func()
        self.last_result = result
        self.last_queries = [q["sql"] for q in context.captured_queries]
        return len(context.captured_queries)


@pytest.fixture
def count_queries():
    return QueryCounter()

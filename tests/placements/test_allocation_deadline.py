"""Committing an allocation respects the preference deadline and closes ranking."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engage.core.exceptions import InvalidTransition
from placements import services
from placements.factories import EnrolmentFactory
from placements.models import Course, Placement, Preference

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 10, 12, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def ranked(course, offer, languages):
    course.preference_deadline = NOW + datetime.timedelta(days=3)
    course.save()
    enrolment = EnrolmentFactory(course=course, languages=[languages["nl"]])
    Preference.objects.create(enrolment=enrolment, offer=offer, rank=1)
    return enrolment


def test_commit_before_the_deadline_needs_an_explicit_confirmation(
    ranked, course, coordinator
):
    with pytest.raises(services.EarlyAllocation, match="has not passed"):
        services.commit_allocation(course=course, actor=coordinator, now=NOW)
    assert Placement.objects.count() == 0
    course.refresh_from_db()
    assert course.status == Course.Status.OPEN

    services.commit_allocation(
        course=course, actor=coordinator, now=NOW, confirm_early=True
    )
    assert Placement.objects.filter(enrolment=ranked).exists()


def test_commit_after_the_deadline_needs_no_confirmation(ranked, course, coordinator):
    later = NOW + datetime.timedelta(days=4)
    services.commit_allocation(course=course, actor=coordinator, now=later)
    assert Placement.objects.filter(enrolment=ranked).exists()


def test_open_ranking_without_a_deadline_also_needs_confirmation(
    ranked, course, coordinator
):
    course.preference_deadline = None
    course.save()
    with pytest.raises(services.EarlyAllocation, match="no deadline"):
        services.commit_allocation(course=course, actor=coordinator, now=NOW)


def test_a_committed_allocation_closes_ranking_and_reopening_is_audited(
    ranked, course, coordinator, offer, languages
):
    services.commit_allocation(
        course=course, actor=coordinator, now=NOW, confirm_early=True
    )
    course.refresh_from_db()
    assert course.status == Course.Status.RUNNING
    assert not course.preferences_open(NOW)
    other = EnrolmentFactory(course=course)
    with pytest.raises(InvalidTransition):
        services.save_preferences(
            enrolment=other, offers=[offer], languages=[], actor=other.student, now=NOW
        )
    # A second run (for students left over) needs no confirmation: ranking is closed.
    services.commit_allocation(course=course, actor=coordinator, now=NOW)

    services.reopen_preferences(course=course, actor=coordinator, now=NOW)
    course.refresh_from_db()
    assert course.status == Course.Status.OPEN
    assert course.preferences_open(NOW)
    logged = list(
        ModelLogEntry.objects.for_instance(course).values_list("action", flat=True)
    )
    assert "placements.course.preferences_reopened" in logged
    with pytest.raises(InvalidTransition):
        services.reopen_preferences(course=course, actor=coordinator, now=NOW)


def test_reopening_after_the_deadline_needs_a_new_deadline(ranked, course, coordinator):
    later = NOW + datetime.timedelta(days=4)
    services.commit_allocation(course=course, actor=coordinator, now=later)
    with pytest.raises(InvalidTransition, match="new deadline"):
        services.reopen_preferences(course=course, actor=coordinator, now=later)
    services.reopen_preferences(
        course=course,
        actor=coordinator,
        now=later,
        deadline=later + datetime.timedelta(days=2),
    )
    course.refresh_from_db()
    assert course.preferences_open(later)


def test_the_admin_asks_for_confirmation_before_an_early_commit(
    client, ranked, course, coordinator
):
    course.preference_deadline = timezone.now() + datetime.timedelta(days=3)
    course.save()
    client.force_login(coordinator)
    page_url = reverse("sl_courses:allocation", args=[course.pk])
    response = client.post(page_url, {"action": "commit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "has not passed" in page and "Commit anyway" in page
    assert Placement.objects.count() == 0
    response = client.post(page_url, {"action": "commit", "confirm_early": "1"})
    assert response.status_code == 302
    assert Placement.objects.count() == 1
    page = client.get(page_url).content.decode()
    assert "Ranking is closed" in page and "Re-open preferences" in page
    response = client.post(page_url, {"action": "reopen"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == Course.Status.OPEN


def test_a_placed_student_sees_their_placement_instead_of_the_ranking_form(
    client, ranked, course, coordinator, site_pages
):
    services.commit_allocation(course=course, actor=coordinator, confirm_early=True)
    client.force_login(ranked.student)
    response = client.get(reverse("placements:preferences", args=[course.pk]))
    page = response.content.decode()
    assert "Save my ranking" not in page
    assert "Ranking offers is closed" in page
    assert "Your placement" in page and "Homework class" in page


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_refuses_an_early_commit_without_before_deadline(ranked, course):
    course.preference_deadline = timezone.now() + datetime.timedelta(days=3)
    course.save()
    args = ("allocate_placements", "--course", course.code)
    args += ("--year", course.academic_year.label, "--commit")
    with pytest.raises(CommandError, match="--before-deadline"):
        _run(*args)
    assert Placement.objects.count() == 0
    _run(*args, "--before-deadline")
    assert Placement.objects.count() == 1

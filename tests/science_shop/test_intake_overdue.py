"""Intake overdue: measured from when the question entered its waiting state."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from science_shop.factories import question_in_state
from science_shop.models import ResearchQuestion
from science_shop.selectors import pipeline_board

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
BASE = "/admin/science_shop_questions"


def _question(status, *, in_status, created_ago):
    question = question_in_state(status, when=NOW - in_status)
    ResearchQuestion.objects.filter(pk=question.pk).update(
        created_at=NOW - created_ago, status_changed_at=NOW - in_status
    )
    return ResearchQuestion.objects.get(pk=question.pk)


@time_machine.travel(NOW, tick=False)
def test_seven_days_in_intake_is_not_overdue_whatever_the_submission_date(
    client, coordinator
):
    week = _question(
        S.INTAKE,
        in_status=datetime.timedelta(days=7),
        created_ago=datetime.timedelta(days=30),
    )
    assert timezone.now() == NOW
    assert not week.is_intake_overdue
    assert week not in ResearchQuestion.objects.intake_overdue(NOW)
    assert week.pk not in pipeline_board(coordinator, now=NOW)["overdue_ids"]
    client.force_login(coordinator)
    listed = client.get(f"{BASE}/", {"overdue": "true"}).context["object_list"]
    assert week.pk not in {q.pk for q in listed}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", [S.SUBMITTED, S.INTAKE])
def test_overdue_on_both_sides_of_the_fourteen_day_boundary(
    client, coordinator, status
):
    just_under = _question(
        status,
        in_status=datetime.timedelta(days=14) - datetime.timedelta(minutes=1),
        created_ago=datetime.timedelta(days=14) - datetime.timedelta(minutes=1),
    )
    just_over = _question(
        status,
        in_status=datetime.timedelta(days=14, minutes=1),
        created_ago=datetime.timedelta(days=14, minutes=1),
    )
    assert not just_under.is_intake_overdue
    assert just_over.is_intake_overdue
    overdue = set(ResearchQuestion.objects.intake_overdue(NOW))
    assert just_over in overdue and just_under not in overdue
    assert pipeline_board(coordinator, now=NOW)["overdue_ids"] == {just_over.pk}
    client.force_login(coordinator)
    listed = client.get(f"{BASE}/", {"overdue": "true"}).context["object_list"]
    assert {q.pk for q in listed} == {just_over.pk}

"""An engagement's dates never run backwards: no delivery (so no closing) before
the kick-off, and the student's record never shows an end before its start."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile

from engage.accounts.factories import StudentFactory
from engage.core.exceptions import InvalidTransition
from science_shop import services
from science_shop.factories import minimal_pdf, question_in_state
from science_shop.models import Milestone, ResearchQuestion
from science_shop.providers import science_shop_projects

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
KICKOFF = datetime.date(2026, 12, 10)


def _started_with_future_kickoff(student):
    question = question_in_state(S.IN_PROGRESS, students=[student], when=NOW)
    Milestone.objects.filter(question=question, kind=Milestone.Kind.KICKOFF).update(
        due_date=KICKOFF
    )
    return question


@time_machine.travel(NOW, tick=False)
def test_a_report_cannot_be_delivered_before_the_kickoff(coordinator):
    question = _started_with_future_kickoff(StudentFactory())
    with pytest.raises(InvalidTransition, match="kick-off"):
        services.deliver_report(
            question=question,
            report=ContentFile(minimal_pdf(), name="report.pdf"),
            actor=coordinator,
        )
    question.refresh_from_db()
    assert question.status == S.IN_PROGRESS
    assert question.delivered_at is None


@time_machine.travel(NOW, tick=False)
def test_the_record_never_shows_an_end_before_its_start():
    # A file closed by feedback before its kick-off (stored before the guard).
    student = StudentFactory()
    question = _started_with_future_kickoff(student)
    ResearchQuestion.objects.filter(pk=question.pk).update(
        status=S.CLOSED, delivered_at=NOW, closed_at=NOW
    )
    (item,) = science_shop_projects(student)
    assert item.end == datetime.date(2026, 12, 1)
    assert item.start <= item.end


def test_the_factory_delivers_after_the_kickoff():
    for status in (S.DELIVERED, S.PUBLISHED, S.CLOSED):
        question = question_in_state(status)
        kickoff = question.milestones.get(kind=Milestone.Kind.KICKOFF).due_date
        assert kickoff <= question.delivered_at.date(), status

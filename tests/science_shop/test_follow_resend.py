"""An expired follow link: a fresh one on request, but not endlessly."""

import pytest
from django.core import mail

from science_shop.factories import question_in_state
from science_shop.links import follow_url
from science_shop.models import ResearchQuestion

pytestmark = pytest.mark.django_db


def _resend_path(question):
    return "/" + follow_url(question).split("://", 1)[1].split("/", 1)[1] + "new-link/"


def test_resends_beyond_the_limit_send_nothing_more(
    client, settings, django_capture_on_commit_callbacks
):
    question = question_in_state(ResearchQuestion.Status.INTAKE)
    settings.SCIENCE_SHOP_FOLLOW_LINK_DAYS = -1
    url = _resend_path(question)
    allowed, _seconds = settings.SCIENCE_SHOP_LINK_REQUEST_LIMIT = (3, 3600)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(allowed):
            response = client.post(url, REMOTE_ADDR=f"192.0.2.{n}")
            assert response.status_code == 200
        response = client.post(url, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert len(mail.outbox) == allowed
    assert {tuple(email.to) for email in mail.outbox} == {(question.contact.email,)}


def test_resends_from_one_connection_are_limited_across_questions(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SCIENCE_SHOP_FOLLOW_LINK_DAYS = -1
    allowed, _seconds = settings.SCIENCE_SHOP_LINK_REQUEST_LIMIT = (4, 3600)
    questions = [
        question_in_state(ResearchQuestion.Status.INTAKE) for _ in range(allowed + 1)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(_resend_path(q), REMOTE_ADDR="198.51.100.66").status_code
            for q in questions
        ]
    assert statuses == [200] * allowed + [429]
    assert len(mail.outbox) == allowed


def test_the_resend_is_queued_not_sent_in_the_request(
    client, settings, django_capture_on_commit_callbacks
):
    question = question_in_state(ResearchQuestion.Status.INTAKE)
    settings.SCIENCE_SHOP_FOLLOW_LINK_DAYS = -1
    with django_capture_on_commit_callbacks() as work:
        assert client.post(_resend_path(question)).status_code == 200
    assert mail.outbox == []
    assert len(work) == 1

"""Follow links can be revoked, expire after weeks rather than a year, and a fresh
one can be asked for by email (rate-limited, sent by the task queue)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from science_shop import services
from science_shop.factories import question_in_state
from science_shop.links import follow_link_max_age, follow_url
from science_shop.models import ResearchQuestion

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_coordinator_revokes_the_follow_links(client, coordinator):
    question = question_in_state(S.INTAKE)
    old = _path(follow_url(question))
    assert client.get(old).status_code == 200
    client.force_login(coordinator)
    url = f"/admin/science_shop_questions/{question.pk}/action/revoke_links/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    client.logout()
    response = client.get(old)
    assert response.status_code == 410
    assert "science_shop/follow_revoked.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert question.title not in content
    assert client.get(f"{old}report/").status_code == 404
    question.refresh_from_db()
    assert client.get(_path(follow_url(question))).status_code == 200


def test_closing_the_question_revokes_its_links(client, coordinator):
    question = question_in_state(S.PUBLISHED)
    old = _path(follow_url(question))
    services.close_question(question=question, actor=coordinator)
    assert client.get(old).status_code == 410


def test_closing_by_feedback_revokes_its_links(client):
    question = question_in_state(
        S.DELIVERED, publication_consent=False, confidentiality="anonymous"
    )
    old = _path(follow_url(question))
    services.give_feedback(question=question, satisfaction=4, use_of_results="Ja.")
    question.refresh_from_db()
    assert question.status == S.CLOSED
    assert client.get(old).status_code == 410


def test_a_link_lives_weeks_not_a_year(client):
    assert follow_link_max_age() <= datetime.timedelta(days=31)
    question = question_in_state(S.INTAKE)
    with time_machine.travel(NOW, tick=False):
        url = _path(follow_url(question))
    with time_machine.travel(NOW + datetime.timedelta(days=29), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(days=32), tick=False):
        response = client.get(url)
        assert response.status_code == 410
        assert "science_shop/follow_expired.html" in [
            t.name for t in response.templates
        ]


def test_a_fresh_link_is_asked_for_by_email(client, django_capture_on_commit_callbacks):
    question = question_in_state(S.INTAKE)
    question_in_state(S.OPEN)  # another submitter's question
    url = reverse("science_shop:follow_request")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"email": question.contact.email.upper()})
    assert response.status_code == 200
    assert callbacks  # queued on commit, sent by the task
    (email,) = mail.outbox
    assert email.to == [question.contact.email]
    link = next(w for w in email.body.split() if "/follow/" in w)
    assert question.title in client.get(_path(link)).content.decode()
    # An unknown address gets the same answer and no email.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody@example.org"})
    assert unknown.status_code == 200
    assert unknown.templates[0].name == "science_shop/follow_resent.html"
    assert mail.outbox == []


def test_asking_for_links_is_rate_limited(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SCIENCE_SHOP_LINK_REQUEST_LIMIT = (2, 3600)
    question = question_in_state(S.INTAKE)
    url = reverse("science_shop:follow_request")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, {"email": question.contact.email}).status_code == (
                200
            )
        blocked = client.post(url, {"email": question.contact.email})
    assert blocked.status_code == 429
    assert len(mail.outbox) == 2
    # The expired-link button shares the limit.
    token = _path(follow_url(question)).split("/")[-2]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("science_shop:follow_resend", args=[token]))
    assert response.status_code == 429
    assert len(mail.outbox) == 2

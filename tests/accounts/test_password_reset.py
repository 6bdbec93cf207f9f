"""Password resets: the same answer for every address, the email sent by the task
queue, and a limit per address asked for and per connection."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from engage.accounts.factories import StudentFactory

pytestmark = pytest.mark.django_db

SITE = "/en/accounts/password/reset/"
ADMIN = "/admin/password_reset/"


@pytest.mark.parametrize(
    ("url", "link"),
    [(SITE, "/nl/account/password/set/"), (ADMIN, "/admin/password_reset/confirm/")],
)
def test_known_and_unknown_addresses_get_the_same_answer_and_no_email_in_the_request(
    client, django_capture_on_commit_callbacks, url, link
):
    person = StudentFactory()
    with django_capture_on_commit_callbacks() as known_work:
        known = client.post(url, {"email": person.email.upper()})
    with django_capture_on_commit_callbacks() as unknown_work:
        unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Nothing was sent inside either request: each queued the same work.
    assert mail.outbox == []
    assert len(known_work) == len(unknown_work) == 1
    for work in (*known_work, *unknown_work):
        work()
    (email,) = mail.outbox
    assert email.to == [person.email]
    assert link in email.body
    path = email.body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    assert client.get(path).status_code == 302  # the token is accepted


def test_resets_beyond_the_limit_for_one_address_send_nothing_more(
    client, settings, django_capture_on_commit_callbacks
):
    person = StudentFactory()
    allowed, seconds = settings.ENGAGE_RATE_LIMITS["password_reset.email"]
    start = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(allowed + 3):
                response = client.post(
                    SITE, {"email": person.email}, REMOTE_ADDR=f"192.0.2.{n}"
                )
                assert response.status_code == 302
        assert len(mail.outbox) == allowed
        traveller.shift(dt.timedelta(seconds=seconds + 1))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(ADMIN, {"email": person.email})
        assert len(mail.outbox) == allowed + 1


def test_resets_beyond_the_limit_from_one_connection_send_nothing_more(
    client, settings, django_capture_on_commit_callbacks
):
    allowed, _seconds = settings.ENGAGE_RATE_LIMITS["password_reset.address"]
    people = [StudentFactory() for _ in range(allowed + 2)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            client.post(SITE, {"email": person.email}, REMOTE_ADDR="198.51.100.66")
        client.post(SITE, {"email": people[-1].email}, REMOTE_ADDR="203.0.113.5")
    assert len(mail.outbox) == allowed + 1

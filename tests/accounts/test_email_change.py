"""An account's email changes only when its current address confirms (issue 10).

Whoever controls an account's address can reset its password, so every place that
can change it (admin user edit, site profile, services) goes through one service
that emails a signed, expiring link to the OLD address.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from engage.accounts import services
from engage.accounts.factories import CoordinatorFactory, StudentFactory
from engage.accounts.models import User
from engage.core.exceptions import InvalidTransition

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/email/confirm/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_admin_user_edit_does_not_change_the_email_until_the_old_address_confirms(
    client, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    person = StudentFactory(email="an@student.kuleuven.be", first_name="An")
    client.force_login(coordinator)
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, tuple, set))
    }
    data.update(
        email="mallory@evil.example",
        first_name="Anna",
        last_name=person.last_name,
        is_active="on",
        preferred_language="nl",
        groups=[g.pk for g in person.groups.all()],
    )
    data.pop("password1", None)
    data.pop("password2", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.email == "an@student.kuleuven.be"
    assert person.first_name == "Anna"  # the rest of the edit is saved
    [message] = mail.outbox
    assert message.to == ["an@student.kuleuven.be"]
    assert "mallory@evil.example" in message.body
    assert ModelLogEntry.objects.filter(
        object_id=str(person.pk), action="engage.accounts.email_change_requested"
    ).exists()

    client.logout()
    confirm = path_of(confirm_link(message))
    page = client.get(confirm)
    assert page.status_code == 200
    person.refresh_from_db()
    assert person.email == "an@student.kuleuven.be"  # a visit alone changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    person.refresh_from_db()
    assert person.email == "mallory@evil.example"
    assert mail.outbox[-1].to == ["mallory@evil.example"]
    entry = ModelLogEntry.objects.get(
        object_id=str(person.pk), action="engage.accounts.email_changed"
    )
    assert entry.data == {
        "old": "an@student.kuleuven.be",
        "new": "mallory@evil.example",
    }
    # The link works once.
    assert client.post(confirm).status_code == 400


def test_the_site_profile_asks_the_old_address(
    client, django_capture_on_commit_callbacks
):
    person = StudentFactory(email="bo@student.kuleuven.be")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:profile"),
            {"change_email": "1", "email": "bo.new@example.org"},
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "bo@student.kuleuven.be"
    assert mail.outbox[-1].to == ["bo@student.kuleuven.be"]


def test_the_profile_refuses_an_address_in_use_at_the_field(client):
    person = StudentFactory()
    other = StudentFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"), {"change_email": "1", "email": other.email}
    )
    assert response.status_code == 200
    assert response.context["email_form"].errors["email"]
    assert not mail.outbox


def test_the_wagtail_account_page_offers_no_email_field(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert 'name="name_email-email"' not in response.content.decode()


def test_the_link_expires(django_capture_on_commit_callbacks):
    person = StudentFactory(email="cas@student.kuleuven.be")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(
            user=person, new_email="cas@example.org", actor=person, now=NOW
        )
    token = confirm_link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(InvalidTransition, match="expired"):
        services.confirm_email_change(token=token, now=NOW + datetime.timedelta(days=4))
    person.refresh_from_db()
    assert person.email == "cas@student.kuleuven.be"
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        services.confirm_email_change(token=token)
    person.refresh_from_db()
    assert person.email == "cas@example.org"


def test_a_forged_or_stale_link_changes_nothing():
    person = StudentFactory(email="dirk@student.kuleuven.be")
    with pytest.raises(InvalidTransition):
        services.confirm_email_change(token="forged:token", now=NOW)
    token = services.email_change_token(user=person, new_email="x@example.org", now=NOW)
    User.objects.filter(pk=person.pk).update(email="dirk2@student.kuleuven.be")
    with pytest.raises(InvalidTransition):
        services.confirm_email_change(token=token, now=NOW)
    person.refresh_from_db()
    assert person.email == "dirk2@student.kuleuven.be"

"""Sessions: a new key at login, an idle timeout, and a lifetime well under 14 days."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings

from engage.accounts.factories import DEFAULT_PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.UTC)
ME = "/en/accounts/me/"


def _form_login(client, url, person):
    response = client.post(
        url, {"username": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_the_session_key_changes_at_login(client):
    person = CoordinatorFactory()
    session = client.session
    session["seen_the_cookie_banner"] = True
    session.save()
    before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    _form_login(client, "/en/accounts/login/", person)
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.session["seen_the_cookie_banner"] is True


def test_the_configured_timeouts():
    assert dt.timedelta(hours=2) == django_settings.ENGAGE_SESSION_IDLE_TIMEOUT
    assert dt.timedelta(hours=1) == django_settings.ENGAGE_ADMIN_SESSION_IDLE_TIMEOUT
    assert django_settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_site_session_ends_after_two_idle_hours(client):
    person = CoordinatorFactory()
    with time_machine.travel(START, tick=False) as traveller:
        _form_login(client, "/en/accounts/login/", person)
        traveller.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get(ME).status_code == 200
        # Activity restarts the clock.
        traveller.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get(ME).status_code == 200
        traveller.shift(dt.timedelta(hours=2, minutes=1))
        response = client.get(ME)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
        assert "_auth_user_id" not in client.session
        response = client.get(response["Location"])
        assert "inactivity" in response.content.decode()


def test_the_admin_asks_again_after_one_idle_hour(client):
    person = CoordinatorFactory()
    with time_machine.travel(START, tick=False) as traveller:
        _form_login(client, "/admin/login/", person)
        traveller.shift(dt.timedelta(minutes=59))
        assert client.get("/admin/").status_code == 200
        traveller.shift(dt.timedelta(minutes=61))
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert "_auth_user_id" not in client.session


def test_even_a_busy_session_ends_after_twelve_hours(client):
    person = CoordinatorFactory()
    with time_machine.travel(START, tick=False) as traveller:
        _form_login(client, "/en/accounts/login/", person)
        for _ in range(11):
            traveller.shift(dt.timedelta(hours=1))
            assert client.get(ME).status_code == 200
        traveller.shift(dt.timedelta(minutes=59))
        assert client.get(ME).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        response = client.get(ME, follow=True)
        assert response.redirect_chain[0][1] == 302
        assert "session lasts a working day" in response.content.decode()
        assert "_auth_user_id" not in client.session

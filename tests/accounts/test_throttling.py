"""Failed logins lock the account and the address, on the site and in the admin."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import ModelLogEntry

from engage.accounts.factories import (
    DEFAULT_PASSWORD,
    CoordinatorFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db

SITE = "/en/accounts/login/"
ADMIN = "/admin/login/"
LOCKED = "Too many failed login attempts"
ATTACKER = "198.51.100.66"
VISITOR = "203.0.113.5"


def _login(client, url, email, password, ip, **extra):
    return client.post(
        url, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limits_are_the_configured_ones(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_failures_from_many_addresses_lock_the_account(client, settings, url):
    person = CoordinatorFactory()
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        response = _login(client, url, person.email, "wrong", ip=f"198.51.100.{n}")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    # Another spelling of the same address counts against the same account.
    response = _login(client, url, person.email.upper(), "wrong", ip="198.51.100.99")
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED in content
    assert "15 minutes" in content
    assert "<form" in content  # the message is on the login form, not a bare page
    # The right password, from an address that never failed, is refused.
    response = _login(client, url, person.email, DEFAULT_PASSWORD, ip=VISITOR)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not _logged_in(client)
    # Someone else logs in from that address as usual.
    other = CoordinatorFactory()
    response = _login(client, url, other.email, DEFAULT_PASSWORD, ip=VISITOR)
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_failures_from_one_address_lock_that_address(client, settings, url):
    person = CoordinatorFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, url, f"guess{n}@example.org", "wrong", ip=ATTACKER)
    response = _login(client, url, person.email, DEFAULT_PASSWORD, ip=ATTACKER)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not _logged_in(client)
    response = _login(client, url, person.email, DEFAULT_PASSWORD, ip=VISITOR)
    assert response.status_code == 302


def test_the_site_lock_message_is_translated(client, settings):
    person = StudentFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "/nl/account/login/", person.email, "x", ATTACKER)
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_the_lock_ends_after_the_cool_off(client, settings):
    person = StudentFactory()
    start = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, SITE, person.email, "wrong", ip=ATTACKER)
        traveller.shift(settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
        response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=VISITOR)
        assert response.status_code == 429
        # Trying during the lock does not extend it.
        traveller.shift(dt.timedelta(seconds=2))
        response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=ATTACKER)
        assert response.status_code == 302
        assert _logged_in(client)


def test_behind_proxies_the_visitor_is_locked_not_the_proxy(client, settings):
    settings.ENGAGE_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    person = StudentFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client,
            SITE,
            f"guess{n}@example.org",
            "wrong",
            ip=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}",
        )
    response = _login(
        client,
        SITE,
        person.email,
        DEFAULT_PASSWORD,
        ip=proxy,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert response.status_code == 429
    response = _login(
        client,
        SITE,
        person.email,
        DEFAULT_PASSWORD,
        ip=proxy,
        HTTP_X_FORWARDED_FOR=VISITOR,
    )
    assert response.status_code == 302


# -- What coordinators see -------------------------------------------------------------


def _lock_account(client, email, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, SITE, email, "wrong", ip=f"192.0.2.{n}")


def _lock_address(client, ip, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, SITE, f"guess{n}@example.org", "wrong", ip=ip)


def test_engage_coordinator_sees_the_locks_and_unlocks_them(client, settings):
    coordinator = CoordinatorFactory()
    person = StudentFactory()
    _lock_account(client, person.email, settings)
    _lock_address(client, ATTACKER, settings)
    client.force_login(coordinator)
    url = reverse("engage_login_locks")
    assert url in client.get("/admin/").content.decode()  # in the menu
    content = client.get(url).content.decode()
    assert person.email in content
    assert ATTACKER in content
    assert "Locked" in content

    response = client.post(
        reverse("engage_login_locks_unlock"), {"username": person.email}, follow=True
    )
    assert f"{person.email} may log in again" in response.content.decode()
    assert person.email not in client.get(url).content.decode()
    assert ModelLogEntry.objects.filter(
        action="engage.accounts.login_unlocked", object_id=str(person.pk)
    ).exists()
    client.logout()
    # The account is free again; the attacker's address stays locked.
    response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=ATTACKER)
    assert response.status_code == 429
    response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=VISITOR)
    assert response.status_code == 302

    client.force_login(coordinator)
    response = client.post(
        reverse("engage_login_locks_unlock"), {"ip_address": ATTACKER}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert ATTACKER not in client.get(url).content.decode()
    client.logout()
    response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=ATTACKER)
    assert response.status_code == 302


def test_faculty_coordinators_do_not_see_the_locks(
    client, faculty_coordinator, settings
):
    person = StudentFactory()
    _lock_account(client, person.email, settings)
    client.force_login(faculty_coordinator)
    url = reverse("engage_login_locks")
    assert url not in client.get("/admin/").content.decode()
    # Wagtail turns the refusal into a redirect to the dashboard.
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(
        reverse("engage_login_locks_unlock"), {"username": person.email}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.logout()
    response = _login(client, SITE, person.email, DEFAULT_PASSWORD, ip=VISITOR)
    assert response.status_code == 429


def test_the_lock_listing_has_a_constant_number_of_queries(
    client, settings, count_queries
):
    coordinator = CoordinatorFactory()
    url = reverse("engage_login_locks")
    _lock_account(client, StudentFactory().email, settings)
    client.force_login(coordinator)
    few = count_queries(lambda: client.get(url))
    client.logout()
    for _ in range(3):
        _lock_account(client, StudentFactory().email, settings)
    client.force_login(coordinator)
    many = count_queries(lambda: client.get(url))
    assert many == few

"""The shared rate limiter: counted in the database, per scope and key."""

import datetime as dt

import pytest
from django.utils import timezone

from engage.core.models import RateLimitHit
from engage.core.ratelimit import consume

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.ENGAGE_RATE_LIMITS = {"test.key": (2, 3600), "test.address": (3, 60)}


def test_a_key_is_allowed_its_uses_per_window(limits):
    now = timezone.now()
    assert consume([("test.key", "a@example.org")], now=now)
    assert consume([("test.key", "A@example.org ")], now=now)
    assert not consume([("test.key", "a@example.org")], now=now)
    assert consume([("test.key", "b@example.org")], now=now)
    later = now + dt.timedelta(seconds=3601)
    assert consume([("test.key", "a@example.org")], now=later)


def test_every_limit_must_allow_and_a_refusal_records_nothing(limits):
    now = timezone.now()
    for n in range(3):
        assert consume([("test.key", f"{n}"), ("test.address", "10.0.0.1")], now=now)
    before = RateLimitHit.objects.count()
    assert not consume([("test.key", "new"), ("test.address", "10.0.0.1")], now=now)
    assert RateLimitHit.objects.count() == before
    assert consume([("test.key", "new"), ("test.address", "10.0.0.2")], now=now)


def test_keys_are_stored_hashed(limits):
    consume([("test.key", "someone@example.org")], now=timezone.now())
    (hit,) = RateLimitHit.objects.all()
    assert "someone" not in hit.key_hash
    assert len(hit.key_hash) == 64

"""Rate limits counted in the database, shared by every module and web process.

Each scope has a limit in `settings.ENGAGE_RATE_LIMITS`: `{scope: (uses, seconds)}`.
Keys (an email address, a client address, a question) are stored only as an HMAC.
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engage.core.models import RateLimitHit


def rate_limit(scope: str) -> tuple[int, int]:
    """(uses, seconds) allowed per key in `scope`."""
    uses, seconds = settings.ENGAGE_RATE_LIMITS[scope]
    return int(uses), int(seconds)


def key_hash(scope: str, key: str) -> str:
    value = f"{scope}\0{(key or '').strip().lower()}"
    return hmac.new(
        settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def consume(uses: Iterable[tuple[str, str]], *, now: datetime | None = None) -> bool:
    """Record one use of each `(scope, key)` if every one is within its limit.

    Returns False, recording nothing, when one of them has used up its limit: being
    refused does not extend the wait. Old uses of the scopes involved are deleted.
    """
    now = now or timezone.now()
    hits = []
    for scope, key in uses:
        allowed, seconds = rate_limit(scope)
        since = now - timedelta(seconds=seconds)
        RateLimitHit.objects.filter(scope=scope, created_at__lt=since).delete()
        digest = key_hash(scope, key)
        used = RateLimitHit.objects.filter(
            scope=scope, key_hash=digest, created_at__gte=since
        ).count()
        if used >= allowed:
            return False
        hits.append(RateLimitHit(scope=scope, key_hash=digest, created_at=now))
    RateLimitHit.objects.bulk_create(hits)
    return True

"""Account reads for the admin."""

from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def login_failures(*, now: datetime | None = None) -> dict:
    """Failed logins that still count (within the cool-off), per account and per
    address, each with whether it is locked and until when at the latest.

    The same sums django-axes uses to decide a lock; two queries, whatever the number.
    """
    now = now or timezone.now()
    cool_off = get_cool_off()
    limit = settings.AXES_FAILURE_LIMIT
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off)

    def per(field):
        rows = (
            recent.filter(**{f"{field}__isnull": False})
            .exclude(**({"username": ""} if field == "username" else {}))
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        )
        result = [
            {
                "key": row[field],
                "failures": row["failures"],
                "last_failure": row["last"],
                "locked": row["failures"] >= limit,
                "locked_until": row["last"] + cool_off,
            }
            for row in rows
        ]
        result.sort(key=lambda r: (not r["locked"], -r["last_failure"].timestamp()))
        return result

    return {"accounts": per("username"), "addresses": per("ip_address"), "limit": limit}

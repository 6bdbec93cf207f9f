"""Small request helpers shared by the site views."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The address a request came from, for signatures and rate limits.

    REMOTE_ADDR, unless `ENGAGE_TRUSTED_PROXIES` says how many reverse proxies
    (each appending to X-Forwarded-For) stand in front of the app.
    """
    proxies = settings.ENGAGE_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None

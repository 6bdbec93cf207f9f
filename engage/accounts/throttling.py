"""Failed-login throttling with django-axes: how Engage names the account, words the
lock and answers a locked-out attempt (settings: AXES_* in engage/settings/base.py)."""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils.translation import ngettext


def login_username(request, credentials=None) -> str | None:
    """The account a login attempt is for, spelled one way (emails ignore case)."""
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    else:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower() or None


def cool_off_minutes() -> int:
    return max(1, int(get_cool_off().total_seconds() // 60))


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext(
        "Too many failed login attempts: logging in with this account or from your "
        "connection is paused for %(minutes)s minute. Try again later, or ask the "
        "Engage office to unlock it.",
        "Too many failed login attempts: logging in with this account or from your "
        "connection is paused for %(minutes)s minutes. Try again later, or ask the "
        "Engage office to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """A locked-out attempt gets its own login form back, saying why (status 429).

    The login forms put the message on the form (LockoutMessageMixin); any other
    login path gets a plain page with the same message.
    """
    if original_response is not None and getattr(
        request, "engage_lockout_shown", False
    ):
        original_response.status_code = 429
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message()},
        status=429,
    )

"""Sessions end after a spell of inactivity, and in any case after a working day."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

LOGIN_AT = "_engage_login_at"
SEEN_AT = "_engage_seen_at"
# Write the last-seen time at most this often (seconds): not a session save per request.
SEEN_RESOLUTION = 60


def _now() -> int:
    return int(timezone.now().timestamp())


def remember_login_time(sender, request, user, **kwargs):
    """At each login: the clock for the session's lifetime and idle timeout starts."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LOGIN_AT] = session[SEEN_AT] = _now()


class SessionTimeoutMiddleware:
    """Logs out a session idle longer than ENGAGE_SESSION_IDLE_TIMEOUT (the admin:
    ENGAGE_ADMIN_SESSION_IDLE_TIMEOUT) or older than SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            self._check(request, session)
        return self.get_response(request)

    def _idle_limit(self, request) -> int:
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.admin_prefix):
            timeout = settings.ENGAGE_ADMIN_SESSION_IDLE_TIMEOUT
        else:
            timeout = settings.ENGAGE_SESSION_IDLE_TIMEOUT
        return int(timeout.total_seconds())

    def _check(self, request, session):
        now = _now()
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            # A session from before these rules: its clock starts now.
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        if now - seen_at > self._idle_limit(request):
            reason = _(
                "For your security you were logged out after a period of "
                "inactivity. Please log in again."
            )
        elif now - login_at > settings.SESSION_COOKIE_AGE:
            reason = _(
                "For your security you were logged out: your session lasts a "
                "working day. Please log in again."
            )
        else:
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
            return
        logout(request)
        messages.info(request, reason)


def connect():
    user_logged_in.connect(
        remember_login_time, dispatch_uid="engage.accounts.remember_login_time"
    )

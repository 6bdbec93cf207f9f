"""Engage's own system checks."""

from django.conf import settings
from django.core.checks import Error, Tags, register

NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_email_is_sent(app_configs, **kwargs):
    """`check --deploy`: emails (set-password links among them) must really be sent."""
    backend = (getattr(settings, "MAILERS", {}).get("default") or {}).get("BACKEND")
    if backend in NOT_SENDING:
        return [
            Error(
                f"Emails are not sent: the email backend is {backend}.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@host:587.",
                id="engage.E001",
            )
        ]
    return []

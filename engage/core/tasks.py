"""Background work shared by every module."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Send one already-rendered email; returns the number of messages sent."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


@task()
def purge_stale_uploads() -> int:
    """Delete uploads kept for abandoned forms and import previews (a day old)."""
    from engage.core.uploads import purge_stale_uploads as purge

    return purge(max_age=24 * 3600)

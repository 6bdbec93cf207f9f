"""Background work for accounts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from engage.core.emails import render_email
from engage.core.tasks import send_email


@task()
def send_password_reset(*, email: str, template: str) -> int:
    """Email a set-password link to the active account(s) with this address, if any.

    Looked up here, in the worker, so that the request that asked for it answers
    alike whether or not the account exists. `template` is a `render_email` name.
    """
    base = urlsplit(settings.ENGAGE_BASE_URL)
    sent = 0
    for user in PasswordResetForm().get_users(email):
        message = render_email(
            template,
            {
                "email": user.email,
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
                "protocol": base.scheme,
                "domain": base.netloc,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
            user.preferred_language,
        )
        sent += send_email.call(to=[user.email], **message)
    return sent

"""Signed, expiring links: partners act (approve, sign, follow) without an account.

A token carries a purpose (its salt: a token for one action is useless for another),
a small payload and its creation time; it expires after `max_age`. A one-purpose link
(record a shift's attendance, decide on extra hours) is also *spent* by the service
that acts on it (`spend_token`, in the service's transaction): a second use is refused
with `SignedLinkUsed`, and any later change goes through a coordinator.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.emails import absolute_url


class SignedLinkError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SignedLinkExpired(SignedLinkError):
    pass


class SignedLinkInvalid(SignedLinkError):
    pass


class SignedLinkUsed(SignedLinkError):
    pass


def default_max_age() -> timedelta:
    return timedelta(days=settings.ENGAGE_SIGNED_LINK_MAX_AGE_DAYS)


def _salt(purpose: str) -> str:
    return f"engage.signed-link.{purpose}"


def make_token(purpose: str, payload: dict) -> str:
    """A URL-safe token for `purpose` carrying `payload` (JSON-serialisable)."""
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


def read_token(token: str, purpose: str, max_age: timedelta | None = None) -> dict:
    """The payload of a valid, unexpired token for `purpose`; raises SignedLinkError."""
    try:
        return signing.loads(
            token, salt=_salt(purpose), max_age=max_age or default_max_age()
        )
    except signing.SignatureExpired as exc:
        raise SignedLinkExpired(
            _("This link has expired. Ask the Engage office for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise SignedLinkInvalid(_("This link is not valid.")) from exc


def signed_url(viewname: str, purpose: str, payload: dict, **url_kwargs) -> str:
    """An absolute URL to `viewname` with a fresh token as its `token` argument."""
    token = make_token(purpose, payload)
    return absolute_url(reverse(viewname, kwargs={"token": token, **url_kwargs}))


def _digest(token: str, purpose: str) -> str:
    return hashlib.sha256(f"{_salt(purpose)}:{token}".encode()).hexdigest()


def token_use(token: str, purpose: str):
    """When this one-purpose link was used (a UsedSignedLink), or None."""
    from engage.accounts.models import UsedSignedLink

    return UsedSignedLink.objects.filter(digest=_digest(token, purpose)).first()


def spend_token(token: str, purpose: str, *, now=None) -> None:
    """Record the one use of a one-purpose link; raises SignedLinkUsed when it was
    already used (also when two requests race: the digest is unique)."""
    from engage.accounts.models import UsedSignedLink

    try:
        with transaction.atomic():
            UsedSignedLink.objects.create(
                purpose=purpose,
                digest=_digest(token, purpose),
                used_at=now or timezone.now(),
            )
    except IntegrityError as exc:
        raise SignedLinkUsed(link_used_message()) from exc


def link_used_message() -> str:
    return str(
        _(
            "This link was already used. To change what was recorded, ask the "
            "Engage office: a coordinator makes the correction."
        )
    )

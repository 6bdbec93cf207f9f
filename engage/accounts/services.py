"""Account writes: inviting people, giving them roles, changing their address,
password resets and unlocking."""

import datetime
from functools import partial

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from engage.accounts.models import Language, User
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
from engage.core.exceptions import InvalidTransition
from engage.core.ratelimit import consume


def set_password_url(user: User) -> str:
    """An absolute, one-time link where `user` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(
        reverse("accounts:password_set", kwargs={"uidb64": uid, "token": token})
    )


@transaction.atomic
def grant_role(*, user: User, role: str, actor: User | None) -> None:
    """Put `user` in the group of `role` (idempotent) and log it."""
    group = Group.objects.get(name=str(role))
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        user.__dict__.pop("_role_names", None)
        audit(
            user, "engage.accounts.role_granted", actor=actor, data={"role": str(role)}
        )


@transaction.atomic
def invite_user(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    actor: User | None,
    language: str = Language.DUTCH,
    email_template: str = "accounts/emails/invitation",
    context: dict | None = None,
) -> User:
    """Create (or reuse) an account with `role` and email a set-password link.

    The email goes out through the task queue once the transaction commits.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            preferred_language=language,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    grant_role(user=user, role=role, actor=actor)
    audit(user, "engage.accounts.invited", actor=actor, data={"role": str(role)})
    queue_email(
        to=user.email,
        template=email_template,
        language=user.preferred_language,
        context={
            "user_name": user.get_full_name() or user.email,
            "email": user.email,
            "role": str(role),
            "set_password_url": set_password_url(user),
            "has_password": not created and user.has_usable_password(),
            **(context or {}),
        },
    )
    return user


# Changing an account's email address -----------------------------------------------
# The one way an account's email changes (admin user edit, the site profile, any
# service): the current address confirms first. Whoever controls an account's email
# can reset its password, so an unconfirmed change would be a takeover.

EMAIL_CHANGE_SALT = "engage.accounts.email_change"
EMAIL_CHANGE_MAX_AGE = datetime.timedelta(days=3)


def email_change_token(*, user: User, new_email: str, now: datetime.datetime) -> str:
    """A signed token naming the account, its current and its new address."""
    return signing.dumps(
        {"u": user.pk, "old": user.email, "new": new_email, "t": now.timestamp()},
        salt=EMAIL_CHANGE_SALT,
    )


def _clean_new_email(user: User, new_email: str) -> str:
    new_email = (new_email or "").strip().lower()
    try:
        validate_email(new_email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address.")}, code="invalid"
        ) from None
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"email": _("Another account already uses this email address.")},
            code="taken",
        )
    return new_email


@transaction.atomic
def request_email_change(
    *, user: User, new_email: str, actor, now: datetime.datetime | None = None
) -> bool:
    """Ask the account's current address to confirm a new one; changes nothing yet.

    Emails a signed, expiring link to the OLD address (via the task queue once the
    transaction commits) and logs the request. False when the address is the same.
    """
    now = now or timezone.now()
    new_email = _clean_new_email(user, new_email)
    if new_email == user.email:
        return False
    token = email_change_token(user=user, new_email=new_email, now=now)
    audit(
        user,
        "engage.accounts.email_change_requested",
        actor=actor,
        data={"old": user.email, "new": new_email},
    )
    queue_email(
        to=user.email,
        template="accounts/emails/email_change",
        language=user.preferred_language,
        context={
            "user_name": user.get_full_name() or user.email,
            "old_email": user.email,
            "new_email": new_email,
            "requested_by": (
                actor.get_full_name() or actor.email
                if getattr(actor, "is_authenticated", False) and actor != user
                else ""
            ),
            "confirm_url": absolute_url(
                reverse("accounts:email_confirm", kwargs={"token": token})
            ),
            "valid_days": EMAIL_CHANGE_MAX_AGE.days,
        },
    )
    return True


def read_email_change(
    token: str, *, now: datetime.datetime | None = None
) -> tuple[User, str]:
    """The account and new address a token asks for; InvalidTransition when the
    link is forged, expired, already used or the address changed since."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT)
    except signing.BadSignature:
        raise InvalidTransition(_("This link is not valid.")) from None
    issued = datetime.datetime.fromtimestamp(data["t"], tz=datetime.UTC)
    if now - issued > EMAIL_CHANGE_MAX_AGE:
        raise InvalidTransition(_("This link has expired; ask for the change again."))
    user = User.objects.filter(pk=data["u"]).first()
    if user is None or user.email != data["old"]:
        raise InvalidTransition(
            _("This link has already been used, or the address changed since.")
        )
    return user, data["new"]


@transaction.atomic
def confirm_email_change(*, token: str, now: datetime.datetime | None = None) -> User:
    """Apply a change the old address confirmed (once); audited, and the new
    address is told."""
    user, new_email = read_email_change(token, now=now)
    user = User.objects.select_for_update().get(pk=user.pk)
    user, new_email = read_email_change(token, now=now)  # again, under the lock
    try:
        new_email = _clean_new_email(user, new_email)
    except ValidationError as exc:
        raise InvalidTransition(" ".join(exc.messages)) from None
    old_email = user.email
    user.email = new_email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    audit(
        user,
        "engage.accounts.email_changed",
        actor=user,
        data={"old": old_email, "new": new_email},
    )
    queue_email(
        to=new_email,
        template="accounts/emails/email_changed",
        language=user.preferred_language,
        context={
            "user_name": user.get_full_name() or new_email,
            "old_email": old_email,
        },
    )
    return user


@transaction.atomic
def request_password_reset(
    *, email: str, address: str | None, template: str, now=None
) -> bool:
    """Queue a set-password email for `email`, unless resets for that address or
    from that client address are used up (then nothing is sent; returns False).

    The account is not looked up here but by the task, after commit: the request
    does the same work whether or not the account exists.
    """
    from engage.accounts.tasks import send_password_reset

    email = email.strip().lower()
    allowed = consume(
        [("password_reset.email", email), ("password_reset.address", address or "")],
        now=now,
    )
    if allowed:
        transaction.on_commit(
            partial(send_password_reset.enqueue, email=email, template=template)
        )
    return allowed


@transaction.atomic
def unlock_login(*, actor: User, username: str = "", ip_address: str = "") -> int:
    """Forget the failed logins of an account or of an address: it may log in at once.

    Logged in the account's history (or, for an address, the coordinator's own).
    Returns how many attempt records were cleared.
    """
    from axes.handlers.proxy import AxesProxyHandler

    from engage.accounts.throttling import login_username

    if username:
        username = login_username(None, {"username": username})
        count = AxesProxyHandler.reset_attempts(username=username)
        account = User.objects.filter(email__iexact=username).first()
        audit(
            account or actor,
            "engage.accounts.login_unlocked",
            actor=actor,
            data={"username": username, "attempts": count},
        )
        return count
    if ip_address:
        count = AxesProxyHandler.reset_attempts(ip_address=ip_address)
        audit(
            actor,
            "engage.accounts.address_unlocked",
            actor=actor,
            data={"ip_address": ip_address, "attempts": count},
        )
        return count
    raise ValueError("unlock_login needs a username or an ip_address")

"""Account writes: inviting people, giving them roles, password resets, unlocking."""

from functools import partial

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from engage.accounts.models import Language, User
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
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

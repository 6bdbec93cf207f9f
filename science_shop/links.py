"""The submitter's follow link: signed, valid for weeks, revocable per question.

A link carries the question's `follow_key`; rotating the key (the coordinator's
"Revoke follow links", closing the question, a new contact) kills every link sent
before. A fresh link is asked for by email (see `services.request_follow_links`).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engage.accounts.signed_links import (
    SignedLinkError,
    SignedLinkInvalid,
    read_token,
    signed_url,
)

FOLLOW_PURPOSE = "science_shop.follow"


class FollowLinkRevoked(SignedLinkError):
    """A genuine link whose key was rotated since it was sent."""


def follow_link_max_age() -> timedelta:
    """Weeks, not the question's whole life: a fresh link is one email away."""
    return timedelta(days=getattr(settings, "SCIENCE_SHOP_FOLLOW_LINK_DAYS", 30))


def follow_url(question) -> str:
    """An absolute, freshly signed link to the submitter's view of `question`,
    in the submitter's language."""
    with translation.override(question.language):
        return signed_url(
            "science_shop:follow",
            FOLLOW_PURPOSE,
            {"q": question.pk, "k": question.follow_key},
        )


def question_for_token(token: str):
    """The question a follow token opens; raises SignedLinkError with a message."""
    from science_shop.models import ResearchQuestion

    payload = read_token(token, FOLLOW_PURPOSE, max_age=follow_link_max_age())
    question = (
        ResearchQuestion.objects.select_related(
            "organisation", "contact", "referred_to", "faculty", "academic_year"
        )
        .filter(pk=payload.get("q"))
        .first()
    )
    if question is None:
        raise SignedLinkInvalid(_("This link is not valid."))
    if question.follow_key != payload.get("k"):
        raise FollowLinkRevoked(
            _(
                "This link was replaced or revoked: it no longer opens the question. "
                "Ask for a new link below."
            )
        )
    return question


def question_for_expired_token(token: str):
    """The question behind a validly signed but expired link (to send a new one)."""
    from science_shop.models import ResearchQuestion

    payload = read_token(token, FOLLOW_PURPOSE, max_age=timedelta(days=36_500))
    return (
        ResearchQuestion.objects.select_related("contact")
        .filter(pk=payload.get("q"), follow_key=payload.get("k"))
        .first()
    )

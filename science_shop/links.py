"""The submitter's follow link: signed, long-lived, revocable per question."""

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engage.accounts.signed_links import (
    SignedLinkInvalid,
    read_token,
    signed_url,
)

FOLLOW_PURPOSE = "science_shop.follow"


def follow_link_max_age() -> timedelta:
    """A question runs for a year or more: its link lives as long (a setting)."""
    return timedelta(days=getattr(settings, "SCIENCE_SHOP_FOLLOW_LINK_DAYS", 400))


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
        .filter(pk=payload.get("q"), follow_key=payload.get("k"))
        .first()
    )
    if question is None:
        raise SignedLinkInvalid(_("This link is not valid."))
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

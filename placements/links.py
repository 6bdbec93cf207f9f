"""Signed links for mentors: they accept, sign, approve hours and evaluate
without an account. A link names the placement and the mentor it was sent to;
it stops working when the offer's mentor changes."""

from django.urls import reverse

from engage.accounts.signed_links import make_token, read_token
from engage.core.emails import absolute_url

MENTOR_PURPOSE = "placements.mentor"


def mentor_token(placement) -> str:
    return make_token(
        MENTOR_PURPOSE, {"p": placement.pk, "c": placement.offer.mentor_id or 0}
    )


def mentor_url(placement) -> str:
    """The absolute link a mentor gets by email."""
    path = reverse("placements:mentor", kwargs={"token": mentor_token(placement)})
    return absolute_url(path)


def read_mentor_token(token: str) -> dict:
    """The payload {"p": placement id, "c": contact id}; raises SignedLinkError."""
    return read_token(token, MENTOR_PURPOSE)

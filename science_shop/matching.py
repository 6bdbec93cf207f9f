"""Finding the partner behind a submission: enterprise number, then name + postcode.

When neither matches, the caller creates a prospect organisation flagged for a
coordinator to confirm (`needs_review`).
"""

import re

from django.core.exceptions import ValidationError

from partners.duplicates import normalise_name
from partners.enterprise_number import normalise_enterprise_number
from partners.models import Contact, Organisation


def normalise_postcode(postcode: str) -> str:
    code = re.sub(r"\s+", "", (postcode or "")).upper()
    return code.removeprefix("B-").removeprefix("BE-")


def clean_enterprise_number(value: str) -> str | None:
    if not (value or "").strip():
        return None
    try:
        return normalise_enterprise_number(value)
    except ValidationError:
        return None


def find_organisation(
    *, name: str, postcode: str, enterprise_number: str | None
) -> tuple[Organisation | None, str]:
    """The existing organisation and how it matched ("enterprise_number",
    "name_postcode"), or (None, "")."""
    number = clean_enterprise_number(enterprise_number or "")
    if number:
        organisation = Organisation.objects.filter(enterprise_number=number).first()
        if organisation is not None:
            return organisation, "enterprise_number"
    # The CRM's own name key (legal forms, case, accents, punctuation ignored).
    wanted = normalise_name(name)
    code = normalise_postcode(postcode)
    if wanted and code:
        candidates = Organisation.objects.filter(
            postcode__in={code, postcode.strip(), f"B-{code}"}
        ).order_by("pk")
        organisation = candidates.filter(name_key=wanted).first()
        if organisation is not None:
            return organisation, "name_postcode"
        for organisation in candidates.exclude(also_known_as=""):
            if any(normalise_name(alias) == wanted for alias in organisation.aliases):
                return organisation, "name_postcode"
    return None, ""


def find_contact(organisation: Organisation, email: str) -> Contact | None:
    email = (email or "").strip()
    if not email:
        return None
    return (
        organisation.contacts.filter(email__iexact=email)
        .order_by("-is_active", "pk")
        .first()
    )

"""Finding the partner behind a submission: enterprise number, then name + postcode.

When neither matches, the caller creates a prospect organisation flagged for a
coordinator to confirm (`needs_review`).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

from partners.enterprise_number import normalise_enterprise_number
from partners.models import Contact, Organisation

# Legal-form words that do not tell two organisations apart.
LEGAL_FORM_WORDS = {
    "vzw",
    "ivzw",
    "asbl",
    "aisbl",
    "fv",
    "feitelijke",
    "vereniging",
    "stichting",
    "fondation",
    "foundation",
    "cvba",
    "cv",
    "vof",
    "bv",
    "nv",
    "the",
    "de",
    "het",
}


def normalise_name(name: str) -> str:
    """'V.Z.W. Buurtwerk  ’t Lampeke' -> 'buurtwerk t lampeke'."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace(".", "")
    words = re.split(r"[^0-9a-z]+", text)
    return " ".join(w for w in words if w and w not in LEGAL_FORM_WORDS)


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
    wanted = normalise_name(name)
    code = normalise_postcode(postcode)
    if wanted and code:
        candidates = Organisation.objects.filter(
            postcode__in={code, postcode.strip(), f"B-{code}"}
        ).order_by("pk")
        for organisation in candidates:
            names = [organisation.name, *organisation.aliases]
            if any(normalise_name(n) == wanted for n in names):
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

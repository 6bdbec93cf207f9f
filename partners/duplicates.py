"""Likely duplicates: the same organisation entered twice under slightly other names.

Two organisations are likely the same when they share an enterprise number, a
normalised name (legal-form words, case, accents and punctuation ignored) or the
domain of their website. The keys are stored on the organisation (`name_key`,
`website_domain`) so that one indexed query finds the candidates.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Words that only say which legal form an organisation has (Dutch, French, English).
LEGAL_FORM_WORDS = frozenset(
    {
        "vzw",
        "ivzw",
        "asbl",
        "aisbl",
        "vereniging zonder winstoogmerk",
        "association sans but lucratif",
        "fv",
        "feitelijke vereniging",
        "association de fait",
        "bv",
        "bvba",
        "srl",
        "sprl",
        "nv",
        "cv",
        "cvba",
        "scrl",
        "vof",
        "vso",
        "cvso",
        "stichting van openbaar nut",
        "private stichting",
        "stichting",
        "fondation",
        "foundation",
        "npo",
        "inc",
        "ltd",
    }
)
_MULTIWORD = sorted((w for w in LEGAL_FORM_WORDS if " " in w), key=len, reverse=True)
_SINGLE = frozenset(w for w in LEGAL_FORM_WORDS if " " not in w)
# Registries for websites that say nothing about who the organisation is.
GENERIC_DOMAINS = frozenset(
    {
        "facebook.com",
        "instagram.com",
        "linkedin.com",
        "google.com",
        "sites.google.com",
        "wixsite.com",
        "blogspot.com",
        "wordpress.com",
    }
)


def _strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """'Vzw Jeugdhuis Sojo!' and 'JEUGDHUIS SOJO v.z.w.' become 'jeugdhuis sojo'."""
    text = _strip_accents(name or "").lower()
    # Dotted abbreviations first: "v.z.w." -> "vzw".
    text = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m[1].replace(".", ""), text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    for phrase in _MULTIWORD:
        text = re.sub(rf"\b{phrase}\b", " ", text)
    words = [w for w in text.split() if w not in _SINGLE]
    return " ".join(words) or text


def website_domain(url: str) -> str:
    """'https://www.Sojo.be/contact' -> 'sojo.be'; '' for no or a generic website."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    if host in GENERIC_DOMAINS or any(host.endswith("." + d) for d in GENERIC_DOMAINS):
        return ""
    return host


@dataclass
class DuplicateMatch:
    organisation: object
    reasons: list = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return ", ".join(str(r) for r in self.reasons)


REASON_ENTERPRISE_NUMBER = _("same enterprise number")
REASON_NAME = _("same name")
REASON_WEBSITE = _("same website")


def find_duplicates(
    *,
    name: str = "",
    enterprise_number: str | None = None,
    website: str = "",
    exclude_pk=None,
    queryset=None,
) -> list[DuplicateMatch]:
    """Organisations that are likely the one described (one query)."""
    from partners.models import Organisation

    key = normalise_name(name)
    domain = website_domain(website)
    query = Q()
    if enterprise_number:
        query |= Q(enterprise_number=enterprise_number)
    if key:
        query |= Q(name_key=key)
    if domain:
        query |= Q(website_domain=domain)
    if not query:
        return []
    candidates = (queryset if queryset is not None else Organisation.objects).filter(
        query
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for organisation in candidates.order_by("name")[:20]:
        reasons = []
        if enterprise_number and organisation.enterprise_number == enterprise_number:
            reasons.append(REASON_ENTERPRISE_NUMBER)
        if key and organisation.name_key == key:
            reasons.append(REASON_NAME)
        if domain and organisation.website_domain == domain:
            reasons.append(REASON_WEBSITE)
        matches.append(DuplicateMatch(organisation, reasons))
    return matches

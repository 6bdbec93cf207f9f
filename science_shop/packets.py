"""The referral packet the Flemish Science Shops exchange (JSON, with a PDF twin).

One shop exports a question it refers; the receiving shop imports the same JSON to
create the question "referred in". `build_packet` and `parse_packet` are pure: the
services do the writing.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from engage.core.tabular import size_problem
from partners.enterprise_number import normalise_enterprise_number
from partners.models import Organisation

PACKET_FORMAT = "flemish-science-shops/referral"
PACKET_VERSION = 1

ORGANISATION_FIELDS = (
    "name",
    "legal_form",
    "enterprise_number",
    "street",
    "postcode",
    "city",
    "country",
    "website",
)
CONTACT_FIELDS = ("first_name", "last_name", "function", "email", "phone", "language")
QUESTION_FIELDS = (
    "title",
    "question",
    "background",
    "intended_use",
    "desired_timing",
)
ELIGIBILITY_FIELDS = (
    ("is_nonprofit", "nonprofit_explanation"),
    ("has_no_research_budget", "budget_explanation"),
    ("has_no_commercial_aim", "commercial_explanation"),
)


def organisation_details(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "legal_form": organisation.legal_form,
        "enterprise_number": organisation.enterprise_number or "",
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "country": organisation.country,
        "website": organisation.website,
    }


def contact_details(contact, language: str) -> dict:
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "function": contact.function,
        "email": contact.email,
        "phone": contact.phone,
        "language": language,
    }


def build_packet(question) -> dict:
    """The packet for `question` (referred, or about to be): plain JSON data."""
    from science_shop.models import ScienceShop

    home = ScienceShop.home()
    submitted = question.submitted_details or {}
    organisation = {
        **organisation_details(question.organisation),
        **submitted.get("organisation", {}),
    }
    contact = {
        **contact_details(question.contact, question.language),
        **submitted.get("contact", {}),
    }
    attachment = None
    if question.attachment:
        with question.attachment.open("rb") as handle:
            content = handle.read()
        attachment = {
            "filename": question.attachment.name.rsplit("/", 1)[-1],
            "base64": base64.b64encode(content).decode("ascii"),
        }
    return {
        "format": PACKET_FORMAT,
        "version": PACKET_VERSION,
        "from_shop": _shop(home),
        "to_shop": _shop(question.referred_to),
        "reference": question.reference,
        "referred_at": timezone.now().isoformat(timespec="seconds"),
        "note": question.referral_note,
        "organisation": {
            name: organisation.get(name, "") for name in ORGANISATION_FIELDS
        },
        "contact": {name: contact.get(name, "") for name in CONTACT_FIELDS},
        "question": {
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
            "preferred_disciplines": sorted(
                d.code for d in question.preferred_disciplines.all()
            ),
            "submitted_at": question.created_at.isoformat(timespec="seconds"),
        },
        "eligibility": {
            name: getattr(question, name)
            for pair in ELIGIBILITY_FIELDS
            for name in pair
        },
        "consents": {
            "privacy": question.privacy_consent,
            "publication": question.publication_consent,
        },
        "intake": {
            "notes": question.intake_notes,
            "date": question.intake_date.isoformat() if question.intake_date else "",
        },
        "attachment": attachment,
    }


def packet_content(packet: dict) -> dict:
    """What a packet says about the question itself (not who sent it, when, to whom)."""
    keys = (
        "organisation",
        "contact",
        "question",
        "eligibility",
        "consents",
        "intake",
        "note",
        "attachment",
    )
    content = {key: packet.get(key) for key in keys}
    if content["question"]:
        content["question"] = {
            k: v for k, v in content["question"].items() if k != "submitted_at"
        }
    return content


def dumps(packet: dict) -> bytes:
    return json.dumps(packet, ensure_ascii=False, indent=2, sort_keys=True).encode(
        "utf-8"
    )


def _shop(shop) -> dict | None:
    if shop is None:
        return None
    return {"code": shop.code, "name": shop.name_en, "university": shop.university}


class PacketInvalid(Exception):
    """The packet cannot be imported; `errors` lists every problem, nothing is saved."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{where}: {message}" for where, message in errors))


@dataclass
class ParsedPacket:
    from_shop: object
    reference: str
    note: str
    organisation: dict
    contact: dict
    question: dict
    discipline_codes: list[str]
    eligibility: dict
    consents: dict
    intake_notes: str
    intake_date: datetime.date | None
    submitted_at: datetime.datetime | None
    attachment: ContentFile | None = None
    errors: list = field(default_factory=list)


def _text(
    section: dict, name: str, where: str, errors, *, required=False, max_length=None
):
    value = section.get(name, "") if isinstance(section, dict) else ""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append((f"{where}.{name}", _("Expected text.")))
        return ""
    value = value.strip()
    if required and not value:
        errors.append((f"{where}.{name}", _("This field is required.")))
    if max_length and len(value) > max_length:
        errors.append(
            (
                f"{where}.{name}",
                _("At most %(n)s characters.") % {"n": max_length},
            )
        )
    return value


def _bool(section: dict, name: str, where: str, errors) -> bool:
    value = section.get(name) if isinstance(section, dict) else None
    if not isinstance(value, bool):
        errors.append((f"{where}.{name}", _("Expected true or false.")))
        return False
    return value


def parse_packet(raw: bytes | str | dict) -> ParsedPacket:
    """Check a packet completely and return its data; raises PacketInvalid listing
    every problem found."""
    from science_shop.models import Discipline, ResearchQuestion, ScienceShop

    errors: list[tuple[str, str]] = []
    if isinstance(raw, dict):
        packet = raw
    else:
        if problem := size_problem(len(raw), settings.ENGAGE_REFERRAL_PACKET_MAX_BYTES):
            raise PacketInvalid([("file", problem)])
        try:
            packet = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise PacketInvalid([("file", _("This is not a JSON file."))]) from None
    if not isinstance(packet, dict) or packet.get("format") != PACKET_FORMAT:
        raise PacketInvalid(
            [("format", _("This is not a Science Shop referral packet."))]
        )
    if packet.get("version") != PACKET_VERSION:
        raise PacketInvalid(
            [
                (
                    "version",
                    _("Packet version %(version)s is not supported.")
                    % {"version": packet.get("version")},
                )
            ]
        )

    for section in (
        "organisation",
        "contact",
        "question",
        "eligibility",
        "consents",
        "intake",
    ):
        if not isinstance(packet.get(section), dict):
            errors.append((section, _("This section is missing.")))
            packet[section] = {}

    home = ScienceShop.home()
    from_code = (packet.get("from_shop") or {}).get("code", "")
    to_code = (packet.get("to_shop") or {}).get("code", "")
    from_shop = ScienceShop.objects.filter(code=from_code).first()
    if from_shop is None:
        errors.append(
            ("from_shop", _("Unknown Science Shop: %(code)s.") % {"code": from_code})
        )
    elif home and from_shop.pk == home.pk:
        errors.append(("from_shop", _("This packet was sent by this shop itself.")))
    if home and to_code != home.code:
        errors.append(
            (
                "to_shop",
                _("This packet is addressed to another shop (%(code)s).")
                % {"code": to_code or "-"},
            )
        )

    org_in = packet["organisation"]
    organisation = {
        "name": _text(
            org_in, "name", "organisation", errors, required=True, max_length=200
        ),
        "street": _text(org_in, "street", "organisation", errors, max_length=200),
        "postcode": _text(org_in, "postcode", "organisation", errors, max_length=10),
        "city": _text(org_in, "city", "organisation", errors, max_length=100),
        "country": _text(org_in, "country", "organisation", errors, max_length=2)
        or "BE",
        "website": _text(org_in, "website", "organisation", errors, max_length=200),
        "legal_form": _text(org_in, "legal_form", "organisation", errors),
        "enterprise_number": _text(org_in, "enterprise_number", "organisation", errors),
    }
    if organisation["legal_form"] not in Organisation.LegalForm.values:
        errors.append(("organisation.legal_form", _("Unknown legal form.")))
    if organisation["enterprise_number"]:
        try:
            organisation["enterprise_number"] = normalise_enterprise_number(
                organisation["enterprise_number"]
            )
        except ValidationError as exc:
            errors.append(("organisation.enterprise_number", exc.messages[0]))
    if organisation["website"]:
        try:
            URLValidator()(organisation["website"])
        except ValidationError:
            errors.append(("organisation.website", _("Enter a valid URL.")))

    contact_in = packet["contact"]
    contact = {
        "first_name": _text(
            contact_in, "first_name", "contact", errors, required=True, max_length=100
        ),
        "last_name": _text(
            contact_in, "last_name", "contact", errors, required=True, max_length=100
        ),
        "function": _text(contact_in, "function", "contact", errors, max_length=150),
        "email": _text(contact_in, "email", "contact", errors, required=True),
        "phone": _text(contact_in, "phone", "contact", errors, max_length=40),
        "language": _text(contact_in, "language", "contact", errors) or "nl",
    }
    if contact["email"]:
        try:
            EmailValidator()(contact["email"])
        except ValidationError:
            errors.append(("contact.email", _("Enter a valid email address.")))
    if contact["language"] not in ResearchQuestion.Language.values:
        errors.append(("contact.language", _("Expected nl or en.")))

    question_in = packet["question"]
    question = {
        "title": _text(
            question_in, "title", "question", errors, required=True, max_length=200
        ),
        "question": _text(question_in, "question", "question", errors, required=True),
        "background": _text(
            question_in, "background", "question", errors, required=True
        ),
        "intended_use": _text(
            question_in, "intended_use", "question", errors, required=True
        ),
        "desired_timing": _text(
            question_in, "desired_timing", "question", errors, max_length=200
        ),
    }
    codes = question_in.get("preferred_disciplines") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        errors.append(
            ("question.preferred_disciplines", _("Expected a list of codes."))
        )
        codes = []
    known = set(
        Discipline.objects.filter(code__in=codes).values_list("code", flat=True)
    )
    unknown = sorted(set(codes) - known)
    if unknown:
        errors.append(
            (
                "question.preferred_disciplines",
                _("Unknown disciplines: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        )
    submitted_at = None
    if question_in.get("submitted_at"):
        submitted_at = parse_datetime(str(question_in["submitted_at"]))
        if submitted_at is None:
            errors.append(("question.submitted_at", _("Expected a date and time.")))

    eligibility_in = packet["eligibility"]
    eligibility = {}
    for flag, explanation in ELIGIBILITY_FIELDS:
        eligibility[flag] = _bool(eligibility_in, flag, "eligibility", errors)
        eligibility[explanation] = _text(
            eligibility_in, explanation, "eligibility", errors
        )

    consents_in = packet["consents"]
    consents = {
        "privacy": _bool(consents_in, "privacy", "consents", errors),
        "publication": _bool(consents_in, "publication", "consents", errors),
    }
    if consents_in.get("privacy") is False:
        errors.append(
            (
                "consents.privacy",
                _("The submitter did not consent to the privacy notice."),
            )
        )

    intake_in = packet["intake"]
    intake_notes = _text(intake_in, "notes", "intake", errors)
    intake_date = None
    if intake_in.get("date"):
        intake_date = parse_date(str(intake_in["date"]))
        if intake_date is None:
            errors.append(("intake.date", _("Expected a date (YYYY-MM-DD).")))

    attachment = None
    attachment_in = packet.get("attachment")
    if attachment_in:
        attachment = _attachment(attachment_in, errors)

    note = packet.get("note") or ""
    if not isinstance(note, str):
        errors.append(("note", _("Expected text.")))
        note = ""
    reference = packet.get("reference") or ""
    if not isinstance(reference, str) or len(reference) > 40:
        errors.append(("reference", _("Expected a short reference.")))
        reference = ""

    if errors:
        raise PacketInvalid(errors)
    return ParsedPacket(
        from_shop=from_shop,
        reference=reference,
        note=note.strip(),
        organisation=organisation,
        contact=contact,
        question=question,
        discipline_codes=sorted(known),
        eligibility=eligibility,
        consents=consents,
        intake_notes=intake_notes,
        intake_date=intake_date,
        submitted_at=submitted_at,
        attachment=attachment,
    )


def _attachment(data, errors):
    from science_shop.models import validate_question_document

    if not isinstance(data, dict):
        errors.append(("attachment", _("Expected a file name and its content.")))
        return None
    filename = str(data.get("filename") or "").rsplit("/", 1)[-1]
    try:
        content = base64.b64decode(str(data.get("base64") or ""), validate=True)
    except (binascii.Error, ValueError):
        errors.append(("attachment.base64", _("The attachment is not valid base64.")))
        return None
    if not filename or not content:
        errors.append(("attachment", _("The attachment is empty.")))
        return None
    file = ContentFile(content, name=filename)
    try:
        validate_question_document(file)
    except ValidationError as exc:
        errors.append(("attachment", exc.messages[0]))
        return None
    return file

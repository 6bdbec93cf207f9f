"""Belgian enterprise numbers (KBO/BCE): normalisation and the mod-97 check."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_enterprise_number(value: str) -> str:
    """'0123.456.749', 'BE0123456749', '123456749' -> '0123456749'.

    Raises ValidationError with a message for the field when the number is not valid.
    """
    raw = (value or "").strip().upper()
    if raw.startswith("BE"):
        raw = raw[2:]
    digits = re.sub(r"[\s.\-/]", "", raw)
    if not digits.isdigit() or len(digits) not in (9, 10):
        raise ValidationError(
            _("An enterprise number has 10 digits, e.g. 0123.456.749."),
            code="enterprise_number_format",
        )
    if len(digits) == 9:
        digits = "0" + digits
    if digits[0] not in "01":
        raise ValidationError(
            _("An enterprise number starts with 0 or 1."),
            code="enterprise_number_format",
        )
    base, check = int(digits[:8]), int(digits[8:])
    if 97 - (base % 97) != check:
        raise ValidationError(
            _("This enterprise number is not valid: its check digits do not match."),
            code="enterprise_number_checksum",
        )
    return digits


def format_enterprise_number(digits: str) -> str:
    """'0123456749' -> '0123.456.749'."""
    if not digits or len(digits) != 10:
        return digits or ""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def validate_enterprise_number(value: str) -> None:
    normalise_enterprise_number(value)

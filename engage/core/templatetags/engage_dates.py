"""Dates written the way each language writes them.

Django's ``M`` format gives a title-cased month abbreviation ("Okt", "Dec"), which is
right in English and wrong in Dutch, where months are written in lower case
("4 okt 2026"). ``ldate`` takes the same format strings as ``date`` and writes the
abbreviation in lower case when the active language is Dutch. It is a template
builtin, so every template can use it without ``{% load %}``.
"""

import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import formats, translation

register = template.Library()

# An unescaped "M" (Django's title-cased month abbreviation); "b" is the lower-case one.
_TITLE_MONTH = re.compile(r"(?<!\\)M")
LOWER_CASE_MONTH_LANGUAGES = {"nl"}


def localise_format(format_string: str, language: str | None = None) -> str:
    """The format string as the language writes it (lower-case months in Dutch).

    A named format ("DATE_FORMAT") is first looked up for the active language.
    """
    language = (language or translation.get_language() or "en")[:2]
    if format_string in formats.FORMAT_SETTINGS:
        format_string = formats.get_format(format_string)
    if language in LOWER_CASE_MONTH_LANGUAGES:
        return _TITLE_MONTH.sub("b", format_string)
    return format_string


@register.filter(expects_localtime=True, is_safe=False)
def ldate(value, arg=None):
    """Like ``date``, with month abbreviations as the active language writes them."""
    return date_filter(value, localise_format(arg) if arg else arg)

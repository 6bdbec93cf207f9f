"""Dates as each language writes them: Dutch months and weekdays in lower case."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from engage.volunteering.factories import brussels_time

WEDNESDAY = brussels_time(datetime.date(2026, 12, 2), 14)
SUNDAY_IN_OCTOBER = datetime.date(2026, 10, 4)


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "wo 2 dec, 14:00"), ("en", "Wed 2 Dec, 14:00")],
)
def test_short_dates_follow_the_language(language, expected):
    with translation.override(language):
        assert render('{{ when|ldate:"D j M, H:i" }}', when=WEDNESDAY) == expected


def test_dutch_month_abbreviations_are_lower_case():
    with translation.override("nl"):
        assert render('{{ day|ldate:"j M Y" }}', day=SUNDAY_IN_OCTOBER) == "4 okt 2026"


def test_named_formats_are_looked_up_in_the_language():
    with translation.override("nl"):
        assert render('{{ day|ldate:"DATE_FORMAT" }}', day=SUNDAY_IN_OCTOBER) == (
            "4 oktober 2026"
        )


def test_an_escaped_m_stays_a_letter():
    with translation.override("nl"):
        assert render('{{ day|ldate:"j \\M" }}', day=SUNDAY_IN_OCTOBER) == "4 M"


def test_no_template_formats_a_date_with_a_title_cased_month():
    """Every template writes dates through ldate when the format has a month name."""
    import re
    import subprocess

    files = subprocess.run(
        ["git", "ls-files", "*.html", "*.txt"], capture_output=True, text=True
    ).stdout.split()
    offenders = []
    pattern = re.compile(r"\|date:([\"'])([^\"']*)\1")
    for name in files:
        with open(name, encoding="utf-8") as handle:
            for match in pattern.finditer(handle.read()):
                named = match.group(2) in formats.FORMAT_SETTINGS
                if not named and re.search(r"(?<!\\)M", match.group(2)):
                    offenders.append(f"{name}: {match.group(0)}")
    assert offenders == []

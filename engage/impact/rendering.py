"""The impact report and the partner report as PDFs (WeasyPrint, A4, en/nl)."""

from django.utils import timezone, translation

from engage.core.pdf import render_pdf
from engage.impact.definitions import NOTES
from engage.impact.presentation import (
    all_figures,
    key_figures,
    partner_people,
    report_charts,
)


def report_context(report: dict) -> dict:
    """Everything the PDF shows, in the active language."""
    cells = {
        row["code"]: row["cells"]
        for group in report["pathway"]["matrix"]["groups"]
        for row in group["rows"]
    }
    programmes = {}
    for programme in report["pathway"]["programmes_covered"]:
        programmes.setdefault(programme["faculty"], []).append(programme)
    faculty_pages = [
        {
            "row": row,
            "cells": cells.get(row["code"], []),
            "programmes": programmes.get(row["code"], []),
        }
        for row in report["pathway"]["faculties"]
    ]
    return {
        "report": report,
        "meta": report["meta"],
        "key_figures": key_figures(report),
        "charts": report_charts(report),
        "faculty_pages": faculty_pages,
        "figures": all_figures(report),
        "notes": NOTES,
        "made_on": timezone.localdate(),
    }


def report_pdf(report: dict, *, language: str) -> bytes:
    """The impact report PDF: cover, key figures, coverage, charts, a page per
    faculty, Science Shop results, partner highlights and the methods page."""
    with translation.override(language):
        context = report_context(report)
    return render_pdf("impact/pdf/report.html", context, language=language)


def partner_report_pdf(report: dict, organisation, *, language: str) -> bytes:
    """One page for a partner: what students did with them this year (counts
    below 5 shown as "<5")."""
    with translation.override(language):
        context = {
            "report": report,
            "meta": report["meta"],
            "organisation": organisation,
            "people": partner_people(report),
            "made_on": timezone.localdate(),
        }
    return render_pdf("impact/pdf/partner.html", context, language=language)

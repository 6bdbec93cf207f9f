"""On the demo data, in English and Dutch, the impact PDF loses nothing: every
table header and every chart category label is in its text, whole, and no line
of text runs beyond the page."""

import io

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from engage.core.pdf import BASE_URL, url_fetcher
from engage.impact.metrics import ReportParams, compute_report
from engage.impact.rendering import report_context
from engage.impact.tables import report_tables
from engage.university.models import AcademicYear
from tests.impact.test_charts import assert_labels_fit


def _words(text) -> str:
    return " ".join(str(text).split())


def _overflowing_lines(document) -> list[str]:
    """The text on a page that starts left of its content box or ends right of it."""
    lost = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        left = box.content_box_x()
        right = left + box.width
        stack = [box]
        while stack:
            child = stack.pop()
            if isinstance(child, TextBox) and child.text.strip():
                end = child.position_x + child.width
                if child.position_x < left - 0.5 or end > right + 0.5:
                    lost.append(f"page {number}: {child.text!r}")
            stack.extend(getattr(child, "children", ()))
    return lost


@pytest.mark.django_db
def test_demo_pdf_keeps_every_header_and_label_whole_in_english_and_dutch():
    call_command("seed_demo", quiet_logins=True)
    year = AcademicYear.objects.current()
    for language in ("en", "nl"):
        with translation.override(language):
            report = compute_report(ReportParams(year=year))
            context = report_context(report)
            html = render_to_string("impact/pdf/report.html", context)
            partners = report_tables(report)["partners"]
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
        document = document.render()
        assert _overflowing_lines(document) == [], language

        reader = PdfReader(io.BytesIO(document.write_pdf()))
        text = _words(" ".join(page.extract_text() for page in reader.pages))
        assert report["highlights"]["partners"], "the demo has partner highlights"
        expected = [*partners.headers]
        for chart in context["charts"]:
            expected += chart.headers
            labels = [row[0] for row in chart.rows]
            expected += labels
            assert_labels_fit(chart.svg, [str(label) for label in labels])
        missing = [item for item in map(_words, expected) if item not in text]
        assert missing == [], language

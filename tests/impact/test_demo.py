"""On the demo data, the JSON of `impact_report`, the admin report page and the PDF
say the same figures."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from engage.accounts.models import User
from engage.impact.definitions import FIGURES, figure_value
from engage.university.models import AcademicYear
from tests.impact.test_views import figures_on_page

PDF_FIGURE = re.compile(r"([a-z_]+(?:\.[a-z_]+)?) = (\S+)")


@pytest.mark.django_db
def test_json_admin_page_and_pdf_agree_on_the_demo_data(client, tmp_path):
    call_command("seed_demo", quiet_logins=True)
    year = AcademicYear.objects.current().label
    json_path, pdf_path = tmp_path / "impact.json", tmp_path / "impact.pdf"
    call_command(
        "impact_report", "--year", year, "--format", "json", "--output", json_path
    )
    call_command(
        "impact_report", "--year", year, "--format", "pdf", "--output", pdf_path
    )
    data = json.loads(json_path.read_text())
    expected = {key: str(figure_value(data, key)) for key in FIGURES}
    assert int(expected["students_engaged"]) > 100  # the demo is not empty
    assert int(expected["pathway.faculties_with_pathway"]) > 4

    client.force_login(User.objects.get(email="coordinator@engage.example"))
    html = client.get(reverse("impact_admin:index"), {"year": year}).content.decode()
    assert {key: figures_on_page(html).get(key) for key in FIGURES} == expected

    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    found = dict(PDF_FIGURE.findall(text))
    assert {key: found.get(key) for key in FIGURES} == expected
    # The matrix of the PDF names the faculties without a pathway, as the JSON.
    for faculty in data["pathway"]["gap"]:
        assert faculty["name"] in text

"""The report in the admin, its exports and PDFs, the dashboard, the public page and
the partner report: what each person may reach, and what they see."""

import io
import json
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from engage.accounts.factories import FacultyCoordinatorFactory
from engage.impact.metrics import ReportParams, compute_report
from engage.impact.models import ImpactReport
from engage.university.models import Faculty
from partners.factories import ContactFactory
from tests.impact.conftest import add_volume

pytestmark = pytest.mark.django_db

FIGURE_RE = re.compile(r'data-figure="([a-z_.]+)" data-value="([^"]*)"')


def figures_on_page(html: str) -> dict:
    return dict(FIGURE_RE.findall(html))


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_admin_report_shows_every_figure(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get(reverse("impact_admin:index"), {"year": "2026-2027"})
    assert response.status_code == 200
    html = response.content.decode()
    shown = figures_on_page(html)
    report = compute_report(ReportParams(year=world.year))
    assert shown["students_engaged"] == "5"
    assert shown["service_learning.approved_hours"] == "6.5"
    assert shown["pathway.faculties_with_pathway"] == "2"
    assert "Still without a pathway:" in html and "Social Sciences" in html
    for chart in ("trends", "faculties", "target_groups", "sdgs", "science_shop"):
        assert f'id="chart-{chart}"' in html
    assert html.count('role="img"') >= 5  # every chart is an image with a text
    assert html.count("Show the data as a table") >= 5
    assert report["students_engaged"] == 5


def test_the_report_filters_by_faculty_and_says_what_does_not_apply(
    client, coordinator, world
):
    client.force_login(coordinator)
    response = client.get(
        reverse("impact_admin:index"), {"year": "2026-2027", "faculty": "ARTS"}
    )
    html = response.content.decode()
    assert figures_on_page(html)["service_learning.students_placed"] == "3"
    assert "volunteering (not recorded per faculty)" in html


def test_bad_filters_are_reported_and_the_defaults_shown(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get(reverse("impact_admin:index"), {"faculty": "NOPE"})
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()


def test_a_faculty_coordinator_sees_their_faculties_only(client, world):
    arts = Faculty.objects.get(code="ARTS")
    user = FacultyCoordinatorFactory(faculties=[arts])
    client.force_login(user)
    html = client.get(reverse("impact_admin:index"), {"year": "2026-2027"}).content
    shown = figures_on_page(html.decode())
    assert shown["service_learning.students_placed"] == "3"
    assert shown["pathway.faculties_total"] == "1"
    # Another faculty by URL: nothing of it.
    html = client.get(
        reverse("impact_admin:index"), {"year": "2026-2027", "faculty": "LAW"}
    ).content.decode()
    assert "Some filters could not be used" in html
    response = client.get(
        reverse("impact_admin:export"), {"year": "2026-2027", "format": "json"}
    )
    assert json.loads(response.content)["meta"]["scope"] == ["ARTS"]


def test_people_without_a_coordinator_role_cannot_open_the_report(
    client, student, partner_user, world
):
    for user in (student, partner_user):
        client.force_login(user)
        for url in (
            reverse("impact_admin:index"),
            reverse("impact_admin:export") + "?format=json",
        ):
            assert client.get(url).status_code in (302, 403)


def test_exports_json_xlsx_and_csv(client, coordinator, world):
    client.force_login(coordinator)
    url = reverse("impact_admin:export")
    data = json.loads(client.get(url, {"year": "2026-2027", "format": "json"}).content)
    assert data["service_learning"]["students_placed"] == 3
    assert data["pathway"]["faculties_with_pathway"] == 2

    response = client.get(url, {"year": "2026-2027", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert {"Key figures", "Coverage matrix", "Faculties", "Target groups"} <= set(
        workbook.sheetnames
    )
    rows = list(workbook["Key figures"].iter_rows(values_only=True))
    values = {row[1]: row[2] for row in rows[1:]}
    assert values["students_engaged"] == 5
    assert values["service_learning.approved_hours"] == 6.5

    response = client.get(
        url, {"year": "2026-2027", "format": "csv", "table": "matrix"}
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Arts" in text and "2026-2027 students" in text
    assert client.get(url, {"format": "csv", "table": "nope"}).status_code == 404


def test_the_command_writes_json_xlsx_and_a_multipage_pdf(world, tmp_path):
    output = tmp_path / "report.json"
    call_command(
        "impact_report", "--year", "2026-2027", "--format", "json", "--output", output
    )
    data = json.loads(output.read_text())
    expected = compute_report(ReportParams(year=world.year))
    data["meta"].pop("generated_at")
    expected["meta"].pop("generated_at")
    assert data == expected

    pdf = tmp_path / "report.pdf"
    call_command(
        "impact_report",
        "--year",
        "2026-2027",
        "--format",
        "pdf",
        "--language",
        "nl",
        "--output",
        pdf,
    )
    pages, text = pdf_text(pdf.read_bytes())
    assert pages > 16  # a page per faculty and more
    assert "Impactrapport 2026-2027" in text
    assert "service_learning.students_placed = 3" in text
    assert "pathway.faculties_with_pathway = 2" in text

    xlsx = tmp_path / "report.xlsx"
    call_command(
        "impact_report",
        "--year",
        "2026-2027",
        "--faculty",
        "ARTS",
        "--format",
        "xlsx",
        "--output",
        xlsx,
    )
    assert load_workbook(xlsx, read_only=True).sheetnames[0] == "Key figures"


def test_the_command_refuses_unknown_years_and_faculties(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no academic year"):
        call_command("impact_report", "--year", "1999-2000")
    with pytest.raises(CommandError, match="no faculty"):
        call_command("impact_report", "--year", "2026-2027", "--faculty", "XX")


def test_a_pdf_is_queued_made_and_downloaded(
    client, coordinator, world, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("impact_reports:generate"),
            {"year": "2026-2027", "faculty": "ARTS", "language": "en"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    # htmx gets the status as queued; the fragment polls the status URL.
    assert 'data-status="queued"' in html and "hx-trigger" in html
    report = ImpactReport.objects.get()
    assert report.status == ImpactReport.Status.READY
    assert report.finished_at is not None
    assert report.figures["service_learning"]["students_placed"] == 3
    status = client.get(reverse("impact_reports:status", args=[report.pk]))
    assert 'data-status="ready"' in status.content.decode()
    assert "hx-trigger" not in status.content.decode()  # polling stops
    download = client.get(reverse("impact_reports:download", args=[report.pk]))
    pages, text = pdf_text(b"".join(download.streaming_content))
    assert pages > 3 and "Arts" in text
    listing = client.get(reverse("impact_reports:index"))
    assert "2026-2027 · Arts" in listing.content.decode()


def test_a_faculty_coordinator_must_choose_a_faculty_and_sees_only_theirs(
    client, coordinator, world, django_capture_on_commit_callbacks
):
    arts = Faculty.objects.get(code="ARTS")
    law = Faculty.objects.get(code="LAW")
    user = FacultyCoordinatorFactory(faculties=[arts])
    client.force_login(user)
    response = client.post(
        reverse("impact_reports:generate"), {"year": "2026-2027", "language": "nl"}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not ImpactReport.objects.exists()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("impact_reports:generate"),
            {"year": "2026-2027", "faculty": "LAW", "language": "en"},
        )
    law_report = ImpactReport.objects.get(faculty=law)
    client.force_login(user)
    for name in ("detail", "status", "download"):
        url = reverse(f"impact_reports:{name}", args=[law_report.pk])
        assert client.get(url).status_code == 404
    listing = client.get(reverse("impact_reports:index")).content.decode()
    assert "2026-2027 · Law and Criminology" not in listing


def test_a_failed_report_says_why(world, monkeypatch):
    from engage.impact import services

    def broken(*args, **kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("engage.impact.rendering.report_pdf", broken)
    report = ImpactReport.objects.create(academic_year=world.year)
    services.make_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ImpactReport.Status.FAILED
    assert "fonts missing" in report.error


def test_the_dashboard_shows_headlines_coverage_and_pipeline(
    client, coordinator, world_is_current
):
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    shown = figures_on_page(html)
    assert shown["students_engaged"] == "5"
    assert "up 1 on last year" in html  # students engaged: 5 against 4
    assert "A service-learning pathway in every faculty" in html
    assert 'data-pipeline="science_shop.published">1<' in html
    # Placements of this year's courses: s1 (twice), s2 and s8 are active.
    assert 'data-pipeline="placements.active">4<' in html


def test_the_dashboard_of_a_faculty_coordinator_is_scoped(client, world_is_current):
    user = FacultyCoordinatorFactory(faculties=[Faculty.objects.get(code="LAW")])
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert figures_on_page(html)["service_learning.students_placed"] == "1"
    assert "Theology and Religious Studies" not in html  # not in their matrix


def test_admin_pages_keep_a_constant_number_of_queries(
    client, coordinator, world_is_current, count_queries
):
    client.force_login(coordinator)
    urls = [
        reverse("impact_admin:index") + "?year=2026-2027",
        reverse("wagtailadmin_home"),
        reverse("impact_admin:export") + "?format=json",
    ]

    def counts():
        from django.core.cache import cache

        cache.clear()
        return [count_queries(lambda url=url: client.get(url)) for url in urls]

    counts()  # settings rows are created on the first visit
    small = counts()
    add_volume(world_is_current, 5)
    assert counts() == small


def test_the_public_page_shows_small_counts_as_less_than_five(
    client, site_pages, world_is_current
):
    from engage.impact.demo import _seed_page

    _seed_page(None)
    for path, heading in (
        ("/en/impact/", "Our impact"),
        ("/nl/impact/", "Onze impact"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert heading in html
        cells = {
            key: unescape(value)
            for key, value in re.findall(r'data-figure="([a-z_.]+)">([^<]*)</td>', html)
        }
        # 5 students engaged is shown; 3 placed and 2 volunteers are not;
        # partner organisations and questions are not people: shown as they are.
        assert cells["students_engaged"] == "5"
        assert cells["service_learning.students_placed"] == "<5"
        assert cells["volunteering.volunteers"] == "<5"
        assert cells["partners.active"] == "4"
        matrix = unescape(html.split('class="impact-matrix"', 1)[1])
        assert "Students: <5" in matrix or "Studenten: <5" in matrix
        assert "Students: 3" not in matrix and "Studenten: 3" not in matrix
    assert "/en/impact/" in client.get("/en/").content.decode()  # in the navigation


def test_the_public_page_is_cached(client, site_pages, world_is_current, count_queries):
    from engage.impact.demo import _seed_page

    _seed_page(None)
    client.get("/en/impact/")
    cached = count_queries(lambda: client.get("/en/impact/"))
    from django.core.cache import cache

    cache.clear()
    fresh = count_queries(lambda: client.get("/en/impact/"))
    assert cached < fresh - 20


def test_a_partner_downloads_their_own_report_only(client, partner_user, world):
    organisation = world.orgs["a"]
    ContactFactory(
        organisation=organisation, user=partner_user, email=partner_user.email
    )
    client.force_login(partner_user)
    portal = client.get(reverse("partners:portal_organisation", args=[organisation.pk]))
    assert reverse("impact:partner_report", args=[organisation.pk]) in (
        portal.content.decode()
    )
    response = client.get(
        reverse("impact:partner_report", args=[organisation.pk]), {"year": "2026-2027"}
    )
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Org A" in text
    # 3 students, 2 placed, 2 volunteers: all shown as "<5"; hours are not counts.
    assert "<5" in text and "5.5" in text
    assert not re.search(r"(?m)^[1-4]$", text)
    other = world.orgs["b"]
    response = client.get(reverse("impact:partner_report", args=[other.pk]))
    assert response.status_code == 404


def test_the_partner_360_view_offers_the_partner_report(client, coordinator, world):
    organisation = world.orgs["b"]
    client.force_login(coordinator)
    html = client.get(
        reverse("partners_organisations:overview", args=[organisation.pk])
    ).content.decode()
    url = reverse("impact_admin:partner_report", args=[organisation.pk])
    assert url in html
    response = client.get(url, {"year": "2026-2027"})
    pages, text = pdf_text(response.content)
    assert pages == 1 and "Org B" in text


def test_dutch_report_page_and_pdf(client, coordinator, world):
    coordinator.preferred_language = "nl"
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(
        reverse("impact_admin:index"), {"year": "2026-2027"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200


def test_query_count_of_the_partner_report_is_constant(
    client, coordinator, world, count_queries
):
    client.force_login(coordinator)
    url = reverse("impact_admin:partner_report", args=[world.orgs["a"].pk])
    small = count_queries(lambda: client.get(url, {"year": "2026-2027"}))
    add_volume(world, 4)
    assert count_queries(lambda: client.get(url, {"year": "2026-2027"})) == small

"""One rule names the asking organisation in public: the open question, the results
page and the impact report PDF agree, and the admin says why."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from cms.models import ScienceShopResultsPage, StandardPage
from engage.impact.metrics import ReportParams, compute_report
from engage.impact.rendering import report_context
from engage.university.models import AcademicYear
from partners.models import Organisation
from science_shop.factories import question_in_state
from science_shop.models import ResearchQuestion

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
UNNAMED = "A non-profit organisation"


@pytest.fixture
def results_page(site_pages):
    parent = StandardPage.objects.get(slug="science-shop", locale__language_code="en")
    page = parent.add_child(
        instance=ScienceShopResultsPage(
            title="Results", slug="results", locale=parent.locale
        )
    )
    page.save_revision().publish()
    return page


def _outputs(client, question, results_page):
    """What the open listing, the open question, the results page and the PDF say."""
    ResearchQuestion.objects.filter(pk=question.pk).update(status=S.OPEN)
    listing = client.get(reverse("science_shop:open_questions")).content.decode()
    detail = client.get(
        reverse("science_shop:open_question", args=[question.pk])
    ).content.decode()
    ResearchQuestion.objects.filter(pk=question.pk).update(status=S.PUBLISHED)
    results = client.get(results_page.url).content.decode()
    year = AcademicYear.objects.current()
    pdf_html = render_to_string(
        "impact/pdf/report.html",
        report_context(compute_report(ReportParams(year=year))),
    )
    return {
        "listing": listing,
        "detail": detail,
        "results": results,
        "pdf": pdf_html,
    }


@pytest.mark.parametrize("listed_in_directory", [False, True])
def test_open_question_results_page_and_pdf_name_the_organisation_alike(
    client, results_page, listed_in_directory
):
    question = question_in_state(
        S.PUBLISHED,
        publication_consent=True,
        confidentiality=ResearchQuestion.Confidentiality.PUBLIC,
        academic_year=AcademicYear.objects.current(),
    )
    organisation = question.organisation
    organisation.name = "Buurtwerk Het Lampeke"
    organisation.status = Organisation.Status.ACTIVE
    organisation.public_listing_consent = listed_in_directory
    organisation.save()
    question.refresh_from_db()
    assert question.public_organisation_name == (
        "Buurtwerk Het Lampeke" if listed_in_directory else UNNAMED
    )
    for where, content in _outputs(client, question, results_page).items():
        named = "Buurtwerk Het Lampeke" in content
        assert named is listed_in_directory, where
        if not listed_in_directory:
            assert UNNAMED in content, where


def test_the_admin_explains_the_rule_where_it_is_set(client, coordinator):
    question = question_in_state(S.ARTICULATED)
    client.force_login(coordinator)
    url = reverse("science_shop_questions:edit", args=[question.pk])
    content = client.get(url).content.decode()
    assert "consented to be listed publicly" in content
    inspect = client.get(
        reverse("science_shop_questions:inspect", args=[question.pk])
    ).content.decode()
    assert "Named in public as" in inspect
    assert question.public_organisation_name in inspect


def test_anonymous_questions_are_never_named(client):
    question = question_in_state(
        S.OPEN, confidentiality=ResearchQuestion.Confidentiality.ANONYMOUS
    )
    organisation = question.organisation
    organisation.status = Organisation.Status.ACTIVE
    organisation.public_listing_consent = True
    organisation.save()
    question.refresh_from_db()
    assert question.public_organisation_name == UNNAMED
    detail = client.get(
        reverse("science_shop:open_question", args=[question.pk])
    ).content.decode()
    assert organisation.name not in detail

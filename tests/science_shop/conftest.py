"""Science Shop fixtures: the network and disciplines (reloaded after a flush)."""

import pytest

from science_shop.models import ResearchQuestion


@pytest.fixture(autouse=True)
def _english_by_default():
    """Requests leave their language active in the thread: start each test in
    English so reverse() and labels do not depend on the test before."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def science_shop_reference(reference_data):
    from science_shop import reference_data as data
    from science_shop.models import ScienceShop

    if not ScienceShop.objects.filter(is_home=True).exists():
        data.load()


@pytest.fixture
def submission_data():
    """The public form filled in as a Dutch submitter would."""
    return {
        "organisation_name": "Buurtwerk 't Lampeke",
        "legal_form": "vzw",
        "enterprise_number": "",
        "street": "Kapucijnenvoer 10",
        "postcode": "3000",
        "city": "Leuven",
        "website": "https://www.lampeke.be",
        "contact_first_name": "Els",
        "contact_last_name": "Vermeulen",
        "contact_function": "Coördinator",
        "contact_email": "els@lampeke.be",
        "contact_phone": "+32 16 00 00 00",
        "language": "nl",
        "title": "Waarom komen oudere buurtbewoners niet meer?",
        "question": "Welke drempels ervaren 65-plussers om naar het buurthuis te gaan?",
        "background": "Ons buurthuis wil alle buurtbewoners bereiken.",
        "intended_use": "We passen ons aanbod en onze communicatie aan.",
        "desired_timing": "Volgend academiejaar",
        "is_nonprofit": "yes",
        "nonprofit_explanation": "",
        "has_no_research_budget": "yes",
        "budget_explanation": "",
        "has_no_commercial_aim": "yes",
        "commercial_explanation": "",
        "privacy_consent": "on",
        "publication_consent": "on",
        "homepage": "",
    }


@pytest.fixture
def S():
    return ResearchQuestion.Status


@pytest.fixture
def bulk_questions():
    """`bulk_questions(n, status)`: n questions, each with its own organisation."""
    from science_shop.factories import bulk_create_questions

    return bulk_create_questions


@pytest.fixture
def form_page(site_pages):
    """The public submission page, in English and Dutch."""
    from cms.models import ScienceShopSubmissionPage, StandardPage
    from cms.setup import translate_page

    parent = StandardPage.objects.get(slug="science-shop", locale__language_code="en")
    page = parent.add_child(
        instance=ScienceShopSubmissionPage(
            title="Ask a question", slug="ask", locale=parent.locale
        )
    )
    page.save_revision().publish()
    translate_page(page, "nl", title="Stel een vraag", slug="vraag")
    page.refresh_from_db()
    return page

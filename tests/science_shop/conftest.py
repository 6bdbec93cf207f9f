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
    """`bulk_questions(n, status)`: n questions, each with its own organisation and
    disciplines, SDGs, target groups and languages, created in a few queries."""
    from django.utils import timezone

    from engage.taxonomy.models import SDG, Language, TargetGroup
    from engage.university.models import AcademicYear, Faculty
    from partners.models import Contact, Organisation
    from science_shop.models import Discipline

    def make(n, status=ResearchQuestion.Status.OPEN, **fields):
        now = timezone.now()
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Bulk vzw {i}", postcode="3000", status="active")
                for i in range(n)
            ]
        )
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    organisation=o, first_name="A", last_name=str(i), email=f"{i}@x.be"
                )
                for i, o in enumerate(organisations)
            ]
        )
        faculty = Faculty.objects.get(code="SOC")
        year = AcademicYear.objects.current()
        defaults = {
            "status": status,
            "faculty": faculty,
            "academic_year": year,
            "form": ResearchQuestion.Form.MASTER_THESIS,
            "articulated_question": "Een onderzoeksvraag.",
            "lay_summary_en": "Summary.",
            "lay_summary_nl": "Samenvatting.",
            "published_at": now,
        }
        defaults.update(fields)
        questions = ResearchQuestion.objects.bulk_create(
            [
                ResearchQuestion(
                    organisation=o,
                    contact=c,
                    reference=f"WW-BULK-{o.pk}",
                    title=f"Vraag {i}",
                    question="Q",
                    background="B",
                    intended_use="U",
                    is_nonprofit=True,
                    has_no_research_budget=True,
                    has_no_commercial_aim=True,
                    privacy_consent=True,
                    publication_consent=True,
                    status_changed_at=now,
                    **defaults,
                )
                for i, (o, c) in enumerate(zip(organisations, contacts, strict=True))
            ]
        )
        disciplines = list(Discipline.objects.all()[:2])
        sdg, group, language = (
            SDG.objects.first(),
            TargetGroup.objects.first(),
            Language.objects.first(),
        )
        through = ResearchQuestion.disciplines.through
        through.objects.bulk_create(
            [
                through(researchquestion=q, discipline=d)
                for q in questions
                for d in disciplines
            ]
        )
        for manager, value, field in (
            (ResearchQuestion.sdgs.through, sdg, "sdg"),
            (ResearchQuestion.target_groups.through, group, "targetgroup"),
            (ResearchQuestion.languages.through, language, "language"),
        ):
            manager.objects.bulk_create(
                [manager(researchquestion=q, **{field: value}) for q in questions]
            )
        return questions

    return make

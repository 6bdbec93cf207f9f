"""Demo data: the question form and results pages, and ~80 questions in every state.

Idempotent: pages are created or updated; questions are added only once. Reuses the
organisations the partners seeder made, else makes its own with partners' factories.
"""

import datetime
import itertools
import random

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from engage.accounts.factories import (
    DEFAULT_PASSWORD,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.accounts.models import User
from engage.taxonomy.models import SDG, Language, TargetGroup
from engage.university.models import AcademicYear, Faculty
from partners.factories import ContactFactory, OrganisationFactory
from partners.models import Contact, Organisation
from science_shop import reference_data
from science_shop.factories import SupervisorFactory, question_in_state
from science_shop.models import Discipline, ResearchQuestion, ScienceShop, Supervisor

S = ResearchQuestion.Status

# How many questions of each state the demo shows (80 in all).
SPREAD = [
    (S.SUBMITTED, 8),
    (S.INTAKE, 8),
    (S.ACCEPTED, 5),
    (S.DECLINED, 5),
    (S.REFERRED, 5),
    (S.ARTICULATED, 6),
    (S.OPEN, 12),
    (S.MATCHED, 5),
    (S.IN_PROGRESS, 10),
    (S.DELIVERED, 5),
    (S.PUBLISHED, 6),
    (S.CLOSED, 5),
]

# title, research title, question, disciplines, faculty, SDGs, target groups,
# lay summary (en), lay summary (nl)
TOPICS = [
    (
        "Waarom komen oudere buurtbewoners niet meer naar ons buurthuis?",
        "Drempels voor oudere buurtbewoners naar het buurthuis",
        "Welke drempels ervaren 65-plussers om naar activiteiten in het buurthuis te "
        "komen, en welke communicatie bereikt hen?",
        ["sociology", "social-work"],
        "SOC",
        [10, 11],
        ["older-people"],
        "Older residents mostly stay away because they do not hear about activities. "
        "A printed newsletter and personal invitations work best.",
        "Oudere buurtbewoners blijven vooral weg omdat ze niet van de activiteiten "
        "horen. Een papieren nieuwsbrief en persoonlijke uitnodigingen werken het "
        "best.",
    ),
    (
        "Hoe toegankelijk is onze website voor laaggeletterden?",
        "Een website voor laaggeletterde bezoekers",
        "Welke onderdelen van onze website begrijpen laaggeletterde bezoekers niet, "
        "en hoe herschrijven we ze?",
        ["linguistics", "communication"],
        "ARTS",
        [4, 10],
        ["low-literacy"],
        "Short sentences, pictograms and a read-aloud button made the site usable for "
        "most test readers; forms remained the hardest part.",
        "Korte zinnen, pictogrammen en een voorleesknop maakten de site bruikbaar voor "
        "de meeste testlezers; formulieren bleven het moeilijkst.",
    ),
    (
        "Wat levert onze voedselbedeling op voor de gezinnen?",
        "Wat een voedselbedeling betekent voor gezinnen",
        "Welk verschil maakt de wekelijkse voedselbedeling voor het budget en de "
        "gezondheid van de gezinnen die ze gebruiken?",
        ["economics", "public-health"],
        "FEB",
        [1, 2],
        ["poverty"],
        "Families save on average a fifth of their food budget; the fresh vegetables "
        "matter most for children's diets.",
        "Gezinnen besparen gemiddeld een vijfde van hun voedingsbudget; de verse "
        "groenten maken het grootste verschil voor wat kinderen eten.",
    ),
    (
        "Welke rechten hebben huurders van sociale woningen bij renovatie?",
        "Rechten van sociale huurders bij renovatie",
        "Welke rechten en plichten hebben huurders van een sociale woning wanneer de "
        "verhuurder renoveert, en hoe informeren we hen?",
        ["law"],
        "LAW",
        [11, 16],
        ["poverty"],
        "Tenants may stay or be rehoused at the same rent; most did not know. A "
        "one-page leaflet now explains their rights.",
        "Huurders mogen blijven of worden herhuisvest aan dezelfde huur; de meesten "
        "wisten dat niet. Een folder van één pagina legt hun rechten nu uit.",
    ),
    (
        "Hoe meten we de luchtkwaliteit rond onze school?",
        "Luchtkwaliteit meten rond een basisschool",
        "Hoe kunnen leerlingen en ouders met goedkope sensoren de luchtkwaliteit rond "
        "de school betrouwbaar meten?",
        ["environment", "engineering"],
        "BIO",
        [3, 11],
        ["children-youth"],
        "Low-cost sensors, calibrated against an official station, gave reliable "
        "trends; traffic at drop-off time doubled the fine dust.",
        "Goedkope sensoren, geijkt tegen een officieel meetstation, gaven betrouwbare "
        "trends; het verkeer bij het afzetten verdubbelde het fijn stof.",
    ),
    (
        "Waarom haken jonge vrijwilligers af?",
        "Waarom jonge vrijwilligers afhaken",
        "Waarom stoppen jongeren na enkele maanden als vrijwilliger, en wat houdt hen "
        "betrokken?",
        ["psychology", "sociology"],
        "PPW",
        [4, 17],
        ["children-youth"],
        "Young volunteers stay when they get responsibility early and a buddy; "
        "unclear tasks are the main reason to leave.",
        "Jonge vrijwilligers blijven als ze snel verantwoordelijkheid en een buddy "
        "krijgen; onduidelijke taken zijn de grootste reden om te stoppen.",
    ),
    (
        "Hoe ervaren nieuwkomers onze taalcafés?",
        "Taalcafés door de ogen van nieuwkomers",
        "Wat leren nieuwkomers in onze taalcafés, en wat zou hen helpen om vaker te "
        "komen?",
        ["education", "linguistics"],
        "PPW",
        [4, 10],
        ["refugees-newcomers"],
        "Newcomers value the informal talk most; childcare and evening sessions would "
        "let more mothers take part.",
        "Nieuwkomers waarderen vooral het informele gesprek; kinderopvang en "
        "avondsessies zouden meer moeders laten deelnemen.",
    ),
    (
        "Kunnen we ons archief van de vakbondsafdeling ontsluiten?",
        "Een lokaal vakbondsarchief ontsluiten",
        "Hoe ordenen en beschrijven we het archief van onze afdeling (1920-1990) zodat "
        "onderzoekers en leden het kunnen gebruiken?",
        ["history"],
        "ARTS",
        [8, 16],
        [],
        "The archive is now described in 312 files; the strikes of 1960-61 turned out "
        "to be documented in unusual detail.",
        "Het archief is nu beschreven in 312 dossiers; de stakingen van 1960-61 "
        "blijken "
        "uitzonderlijk goed gedocumenteerd.",
    ),
    (
        "Hoe maken we onze ontmoetingsruimte rolstoeltoegankelijk?",
        "Een ontmoetingsruimte rolstoeltoegankelijk maken",
        "Welke aanpassingen aan ons gebouw zijn nodig en haalbaar om het toegankelijk "
        "te maken voor rolstoelgebruikers?",
        ["architecture", "rehabilitation"],
        "ARCH",
        [10, 11],
        ["disabilities"],
        "A ramp, a wider door and one adapted toilet make the ground floor accessible "
        "at a quarter of the feared cost.",
        "Een helling, een bredere deur en één aangepast toilet maken de "
        "benedenverdieping "
        "toegankelijk aan een kwart van de gevreesde kost.",
    ),
    (
        "Welke ondersteuning hebben mantelzorgers van mensen met dementie nodig?",
        "Wat mantelzorgers van mensen met dementie nodig hebben",
        "Waar lopen mantelzorgers van thuiswonende mensen met dementie vast, en welke "
        "ondersteuning missen ze?",
        ["nursing", "social-work"],
        "MED",
        [3],
        ["sick-people", "older-people"],
        "Carers lack short breaks and one contact person; a respite rota run by "
        "volunteers was tried and kept.",
        "Mantelzorgers missen korte adempauzes en één aanspreekpunt; een "
        "respijtrooster met vrijwilligers werd uitgetest en behouden.",
    ),
]

FORMS = list(ResearchQuestion.Form.values)


def _paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _cards(language, form_page, results_page):
    from django.conf import settings

    open_url = (
        f"{settings.ENGAGE_BASE_URL.rstrip('/')}/{language}/science-shop/questions/"
    )
    if language == "nl":
        return {
            "type": "cards",
            "value": {
                "heading": "Aan de slag met de Wetenschapswinkel",
                "cards": [
                    {
                        "title": "Een vraag stellen",
                        "text": "Voor vzw's en burgergroepen zonder onderzoeksbudget.",
                        "link": {"page": form_page.pk, "url": "", "label": ""},
                    },
                    {
                        "title": "Open onderzoeksvragen",
                        "text": "Voor studenten die een thesis of project zoeken.",
                        "link": {
                            "page": None,
                            "url": open_url,
                            "label": "Bekijk de open vragen",
                        },
                    },
                    {
                        "title": "Resultaten",
                        "text": "Samenvattingen van afgerond onderzoek.",
                        "link": {"page": results_page.pk, "url": "", "label": ""},
                    },
                ],
            },
        }
    return {
        "type": "cards",
        "value": {
            "heading": "Working with the Science Shop",
            "cards": [
                {
                    "title": "Ask a question",
                    "text": "For non-profits and citizens' groups without a research "
                    "budget.",
                    "link": {"page": form_page.pk, "url": "", "label": ""},
                },
                {
                    "title": "Open research questions",
                    "text": "For students looking for a thesis or project.",
                    "link": {
                        "page": None,
                        "url": open_url,
                        "label": "See the open questions",
                    },
                },
                {
                    "title": "Results",
                    "text": "Summaries of finished research.",
                    "link": {"page": results_page.pk, "url": "", "label": ""},
                },
            ],
        },
    }


def seed_pages():
    """The question form and the results page, in English and Dutch."""
    from cms.models import (
        HomePage,
        ScienceShopResultsPage,
        ScienceShopSubmissionPage,
        StandardPage,
    )
    from cms.setup import ensure_site, translate_page

    home = ensure_site()
    parent = StandardPage.objects.filter(
        slug="science-shop", locale=home.locale
    ).first() or HomePage.objects.get(pk=home.pk)
    specs = [
        (
            ScienceShopSubmissionPage,
            "ask-a-question",
            {
                "title": "Ask the Science Shop a question",
                "intro": "Are you a non-profit organisation or a citizens' group with "
                "a research question, and no budget to commission research? Students "
                "can answer it in a thesis or project, under a supervisor.",
                "privacy_notice": "<p>The Science Shop of KU Leuven uses these details "
                "only to handle your question: to contact you, to work out the "
                "question with students and supervisors and, if it fits another "
                "Flemish Science Shop better, to pass it on to them. We keep them for "
                "as long as the question runs and five years after.</p>",
                "thank_you": "<p>A coordinator will contact you within two weeks.</p>",
            },
            {
                "title": "Stel de Wetenschapswinkel een vraag",
                "slug": "stel-een-vraag",
                "intro": "Ben je een vzw of burgergroep met een onderzoeksvraag, en "
                "zonder budget om onderzoek te laten doen? Studenten kunnen ze "
                "beantwoorden in een thesis of project, onder begeleiding.",
                "privacy_notice": "<p>De Wetenschapswinkel van KU Leuven gebruikt deze "
                "gegevens alleen om je vraag te behandelen: om je te contacteren, de "
                "vraag met studenten en begeleiders uit te werken en, als ze beter "
                "past bij een andere Vlaamse wetenschapswinkel, om ze aan hen door te "
                "geven. "
                "We bewaren ze zolang de vraag loopt en vijf jaar daarna.</p>",
                "thank_you": "<p>Een coördinator neemt binnen twee weken contact met "
                "je op.</p>",
            },
        ),
        (
            ScienceShopResultsPage,
            "results",
            {
                "title": "Science Shop results",
                "intro": "What students found out for non-profit organisations, in a "
                "few sentences.",
            },
            {
                "title": "Resultaten van de Wetenschapswinkel",
                "slug": "resultaten",
                "intro": "Wat studenten uitzochten voor middenveldorganisaties, in een "
                "paar zinnen.",
            },
        ),
    ]
    pages = []
    for model, slug, en, nl in specs:
        page = model.objects.filter(slug=slug, locale=home.locale).first()
        if page is None:
            page = parent.add_child(instance=model(slug=slug, locale=home.locale, **en))
            page.save_revision().publish()
        translate_page(page, "nl", **nl)
        pages.append(page)
    form_page, results_page = pages
    if isinstance(parent, StandardPage):
        parent = parent.specific
        body = list(parent.body.raw_data)
        if not any(block.get("type") == "cards" for block in body):
            parent.body = [*body, _cards("en", form_page, results_page)]
            parent.save_revision().publish()
        from wagtail.models import Locale

        translated = parent.get_translation_or_none(
            Locale.objects.get(language_code="nl")
        )
        if translated is not None:
            translated = translated.specific
            body = list(translated.body.raw_data)
            if not any(block.get("type") == "cards" for block in body):
                translate_page(
                    parent,
                    "nl",
                    body=[*body, _cards("nl", form_page, results_page)],
                )
    return form_page, results_page


def _organisations(count):
    """Organisations the partners seeder made, topped up with our own."""
    existing = list(Organisation.objects.order_by("pk")[:count])
    for n in range(len(existing), count):
        existing.append(
            OrganisationFactory(
                name=f"Vzw Wetenschapswinkel Demo {n + 1}",
                status=Organisation.Status.ACTIVE,
            )
        )
    return existing


def _contact(organisation):
    contact = organisation.contacts.filter(is_active=True).exclude(email="").first()
    return contact or ContactFactory(organisation=organisation)


def seed_questions():
    rng = random.Random(2026)
    organisations = _organisations(30)
    contacts = {o.pk: _contact(o) for o in organisations}
    disciplines = {d.code: d for d in Discipline.objects.all()}
    faculties = {f.code: f for f in Faculty.objects.all()}
    sdgs = {s.number: s for s in SDG.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    languages = list(Language.objects.filter(code__in=["nl", "en"]))
    year = AcademicYear.objects.current()
    other_shops = list(ScienceShop.objects.filter(is_home=False))

    # One password hash for every demo person (hashing each costs a third of a second).
    password = factory.Transformer.Force(make_password(DEFAULT_PASSWORD))
    lecturer = User.objects.filter(email="lecturer@engage.example").first()
    student = User.objects.filter(email="student@engage.example").first()
    supervisors = [
        SupervisorFactory(
            user=LecturerFactory(
                email=f"supervisor{n}@engage.example", password=password
            ),
            disciplines=list(disciplines.values())[n * 3 : n * 3 + 5],
        ).user
        for n in range(5)
    ]
    if lecturer is not None:
        profile = Supervisor.objects.filter(user=lecturer).first()
        if profile is None:
            SupervisorFactory(
                user=lecturer,
                faculty=faculties.get("SOC"),
                disciplines=[disciplines["sociology"], disciplines["social-work"]],
            )
        supervisors.insert(0, lecturer)
    students = [StudentFactory(password=password) for _ in range(25)]
    supervisor_cycle = itertools.cycle(supervisors)
    student_cycle = itertools.cycle(students)

    now = timezone.now()
    created = []
    number = 0
    for status, count in SPREAD:
        for i in range(count):
            topic = TOPICS[number % len(TOPICS)]
            organisation = organisations[number % len(organisations)]
            number += 1
            (
                title,
                research_title,
                research_question,
                codes,
                faculty_code,
                sdg_numbers,
                group_slugs,
                summary_en,
                summary_nl,
            ) = topic
            if status in (S.SUBMITTED, S.INTAKE):
                # Two of each wait too long: the board shows them as overdue.
                age = rng.randint(16, 30) if i < 2 else rng.randint(1, 12)
            else:
                age = rng.randint(5, 60)
            when = now - datetime.timedelta(days=age)
            extra = {}
            if number % 13 == 0 and status not in (S.REFERRED,):
                extra["referred_from"] = rng.choice(other_shops)
                extra["external_reference"] = f"WW-EXT-{number:03d}"
                extra["referral_note"] = "Past beter bij de expertise in Leuven."
            if status == S.REFERRED:
                extra["referred_to"] = other_shops[i % len(other_shops)]
            matched = status in (
                S.MATCHED,
                S.IN_PROGRESS,
                S.DELIVERED,
                S.PUBLISHED,
                S.CLOSED,
            )
            team = [next(student_cycle)]
            if number % 4 == 0:
                team.append(next(student_cycle))
            if student is not None and status == S.IN_PROGRESS and i == 0:
                team = [student]
            articulated = status not in (S.SUBMITTED, S.INTAKE, S.DECLINED, S.REFERRED)
            if articulated:
                extra.update(
                    articulated_title=research_title,
                    articulated_question=research_question,
                    faculty=faculties.get(faculty_code),
                    academic_year=year,
                    form=FORMS[number % len(FORMS)],
                )
            if status in (S.PUBLISHED, S.CLOSED):
                extra.update(lay_summary_en=summary_en, lay_summary_nl=summary_nl)
            question = question_in_state(
                status,
                when=when,
                organisation=organisation,
                contact=contacts[organisation.pk],
                title=title,
                question=research_question,
                background="We merken dit in ons dagelijkse werk en willen onze "
                "aanpak op onderzoek baseren. Wie er baat bij heeft: de mensen met "
                "wie we werken.",
                intended_use="We sturen onze werking bij en gebruiken de resultaten "
                "in gesprekken met de gemeente.",
                language="nl" if number % 5 else "en",
                disciplines=[disciplines[c] for c in codes if c in disciplines],
                preferred_disciplines=[
                    disciplines[c] for c in codes if c in disciplines
                ],
                publication_consent=status != S.DELIVERED or i % 2 == 0,
                students=team if matched else None,
                supervisor=next(supervisor_cycle) if matched else None,
                **extra,
            )
            # Received when its history starts.
            first = question.status_changes.order_by("created_at").first()
            ResearchQuestion.objects.filter(pk=question.pk).update(
                created_at=first.created_at
            )
            question.sdgs.set([sdgs[n] for n in sdg_numbers if n in sdgs])
            question.target_groups.set([groups[g] for g in group_slugs if g in groups])
            question.languages.set(languages[: 1 + number % 2])
            created.append(question)

    # Students' interest in open questions (the demo student among them).
    open_questions = [q for q in created if q.status == S.OPEN]
    for index, question in enumerate(open_questions):
        for interested in students[index % 5 : index % 5 + 2]:
            question.interests.get_or_create(
                student=interested,
                defaults={"motivation": "Dit sluit aan bij mijn opleiding."},
            )
    if student is not None and open_questions:
        open_questions[0].interests.get_or_create(
            student=student,
            defaults={"motivation": "Ik zoek een onderwerp voor mijn masterproef."},
        )
    _link_demo_partner(created)
    return created


def _link_demo_partner(questions):
    """The demo partner account follows its organisation's questions on the portal."""
    user = User.objects.filter(email="partner@engage.example").first()
    if user is None:
        user = PartnerContactUserFactory(email="partner@engage.example")
    if Contact.objects.filter(user=user).exists():
        return
    organisation = questions[0].organisation
    contact = organisation.contacts.filter(user__isnull=True).first()
    if contact is None:
        ContactFactory(organisation=organisation, user=user, email=user.email)
    else:
        contact.user = user
        contact.save(update_fields=["user"])


def seed(stdout=None) -> None:
    reference_data.load()
    seed_pages()
    if ResearchQuestion.objects.exists():
        if stdout:
            stdout.write("  science shop: questions exist, pages updated")
        return
    questions = seed_questions()
    if stdout:
        referred_in = sum(1 for q in questions if q.referred_from_id)
        referred_out = sum(1 for q in questions if q.referred_to_id)
        stdout.write(
            f"  science shop: {len(questions)} questions in {len(SPREAD)} states "
            f"({referred_in} referred in, {referred_out} referred out), form and "
            "results pages in English and Dutch"
        )

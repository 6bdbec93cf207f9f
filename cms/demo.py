"""Demo content for the public site: a few pages in English and Dutch and the menus."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import FooterSettings, NavigationSettings, StandardPage
from cms.setup import ensure_site, translate_page

PAGES = [
    {
        "slug": "about",
        "en": {
            "title": "About Engage",
            "intro": "Engage is KU Leuven's office for "
            "community engagement: service-learning, the Science Shop and KOTengage.",
            "body": "We connect students, lecturers and researchers with civil-"
            "society organisations, in every faculty and campus city.",
        },
        "nl": {
            "title": "Over Engage",
            "intro": "Engage is de dienst van KU Leuven voor "
            "maatschappelijk engagement: service-learning, de Wetenschapswinkel en "
            "KOTengage.",
            "body": "We brengen studenten, docenten en onderzoekers samen met "
            "middenveldorganisaties, in elke faculteit en campusstad.",
        },
    },
    {
        "slug": "service-learning",
        "en": {
            "title": "Service-learning",
            "intro": "Courses in which students learn "
            "by working with organisations for people in vulnerable situations.",
            "body": "Find the courses with a service-learning placement in your "
            "programme, and the partners who host students.",
        },
        "nl": {
            "title": "Service-learning",
            "intro": "Opleidingsonderdelen waarin "
            "studenten leren door samen te werken met organisaties voor mensen in "
            "een kwetsbare situatie.",
            "body": "Vind de opleidingsonderdelen met een service-learningplaats in "
            "je opleiding, en de partners die studenten ontvangen.",
        },
    },
    {
        "slug": "science-shop",
        "en": {
            "title": "Science Shop",
            "intro": "Non-profit organisations ask, "
            "students research: research questions answered as a thesis or project.",
            "body": "Students and supervisors pick up questions that matter to the "
            "people who ask them; the results are public.",
        },
        "nl": {
            "title": "Wetenschapswinkel",
            "intro": "Middenveldorganisaties vragen, "
            "studenten onderzoeken: onderzoeksvragen beantwoord in een thesis of "
            "project.",
            "body": "Studenten en begeleiders nemen vragen op die ertoe doen voor wie"
            " ze stelt; de resultaten zijn openbaar.",
        },
    },
    {
        "slug": "kotengage",
        "en": {
            "title": "KOTengage",
            "intro": "Volunteer with local organisations "
            "near your campus, or start an initiative of your own.",
            "body": "Pick a shift that fits your week: homework support, repair "
            "cafés, soup rounds and more.",
        },
        "nl": {
            "title": "KOTengage",
            "intro": "Word vrijwilliger bij een organisatie "
            "in je campusstad, of start zelf een initiatief.",
            "body": "Kies een shift die in je week past: huiswerkbegeleiding, "
            "repaircafés, soeprondes en meer.",
        },
    },
]


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _fields(spec: dict) -> dict:
    """The page's fields: the body says more than the intro, never the intro again."""
    fields = {key: value for key, value in spec.items() if key != "body"}
    return {**fields, "body": _paragraph(spec["body"])}


def _repeats_its_intro(page) -> bool:
    """Pages seeded before the body had its own text repeated the intro there."""
    blocks = list(page.body.raw_data)
    return len(blocks) >= 1 and blocks[0]["value"] == f"<p>{page.intro}</p>"


def seed(stdout=None) -> None:
    home = ensure_site()
    nav_pages = []
    for spec in PAGES:
        page = StandardPage.objects.filter(
            slug=spec["slug"], locale=home.locale
        ).first()
        if page is None:
            page = home.add_child(
                instance=StandardPage(
                    slug=spec["slug"], locale=home.locale, **_fields(spec["en"])
                )
            )
            page.save_revision().publish()
        elif _repeats_its_intro(page):
            page.body[0] = ("paragraph", RichText(f"<p>{spec['en']['body']}</p>"))
            page.save_revision().publish()
        translate_page(page, "nl", **_fields(spec["nl"]))
        nav_pages.append(page)

    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    if not list(navigation.header_links):
        navigation.header_links = [
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}}
            for page in nav_pages
        ]
        navigation.save()
    footer = FooterSettings.for_site(site)
    if not footer.contact_email:
        footer.text_en = "<p>KU Leuven Engage, the office for community engagement.</p>"
        footer.text_nl = (
            "<p>KU Leuven Engage, de dienst voor maatschappelijk engagement.</p>"
        )
        footer.contact_email = "engage@kuleuven.be"
        footer.address = "Naamsestraat 22\n3000 Leuven"
        footer.footer_links = [
            {"type": "link", "value": {"page": nav_pages[0].pk, "url": "", "label": ""}}
        ]
        footer.save()
    if stdout:
        stdout.write(f"  site: {len(nav_pages)} pages in English and Dutch")


HOME_TEXT = {
    "en": {
        "cards_heading": "What you can do with Engage",
        "cards": [
            (
                "Find volunteering",
                "Homework support, visiting older people, language "
                "buddies, food banks: something near your campus that fits your week.",
            ),
            (
                "Ask the Science Shop",
                "Non-profit organisations submit a research "
                "question; students answer it as a thesis or project.",
            ),
            (
                "Partner organisations",
                "The civil-society organisations Engage works "
                "with, by theme, target group and city.",
            ),
            ("Science Shop results", "Lay summaries of research done for non-profits."),
        ],
        "cta_title": "Service-learning in every faculty",
        "cta_text": "Lecturers and faculties who want to start a service-learning "
        "course: the Engage office helps you find partners and set it up.",
    },
    "nl": {
        "cards_heading": "Wat je kunt doen met Engage",
        "cards": [
            (
                "Vind vrijwilligerswerk",
                "Huiswerkbegeleiding, ouderen bezoeken, "
                "taalbuddy's, voedselbanken: iets in je campusstad dat in je "
                "week past.",
            ),
            (
                "Stel een vraag aan de Wetenschapswinkel",
                "Middenveldorganisaties "
                "dienen een onderzoeksvraag in; studenten beantwoorden ze in een "
                "thesis of project.",
            ),
            (
                "Partnerorganisaties",
                "De middenveldorganisaties waarmee Engage "
                "samenwerkt, per thema, doelgroep en stad.",
            ),
            (
                "Resultaten van de Wetenschapswinkel",
                "Publieksvriendelijke "
                "samenvattingen van onderzoek voor middenveldorganisaties.",
            ),
        ],
        "cta_title": "Service-learning in elke faculteit",
        "cta_text": "Docenten en faculteiten die een service-learningvak willen "
        "starten: de Engage-dienst helpt je partners te vinden en het op te zetten.",
    },
}


def seed_home(stdout=None) -> None:
    """Runs last: the home page's cards link to the pages the modules created."""
    from cms.models import (
        OpportunityIndexPage,
        PartnerDirectoryPage,
        ScienceShopResultsPage,
        ScienceShopSubmissionPage,
    )

    home = ensure_site()
    if list(home.body):
        return
    targets = [
        OpportunityIndexPage.objects.filter(locale=home.locale).first(),
        ScienceShopSubmissionPage.objects.filter(locale=home.locale).first(),
        PartnerDirectoryPage.objects.filter(locale=home.locale).first(),
        ScienceShopResultsPage.objects.filter(locale=home.locale).first(),
    ]
    about = StandardPage.objects.filter(slug="about", locale=home.locale).first()

    def body(language):
        text = HOME_TEXT[language]
        cards = [
            {
                "title": title,
                "text": blurb,
                "link": {"page": target.pk, "url": "", "label": ""},
            }
            for (title, blurb), target in zip(text["cards"], targets, strict=True)
            if target is not None
        ]
        blocks = [
            {
                "type": "cards",
                "value": {"heading": text["cards_heading"], "cards": cards},
            }
        ]
        if about is not None:
            blocks.append(
                {
                    "type": "call_to_action",
                    "value": {
                        "title": text["cta_title"],
                        "text": text["cta_text"],
                        "link": {"page": about.pk, "url": "", "label": ""},
                    },
                }
            )
        return blocks

    home.body = body("en")
    home.save_revision().publish()
    translate_page(home, "nl", body=body("nl"))
    if stdout:
        stdout.write("  home page: cards to every module's public pages")

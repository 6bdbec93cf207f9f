"""Demo content for the public site: a few pages in English and Dutch and the menus."""

from wagtail.models import Site

from cms.models import FooterSettings, NavigationSettings, StandardPage
from cms.setup import ensure_site, translate_page

PAGES = [
    {
        "slug": "about",
        "en": {
            "title": "About Engage",
            "intro": "Engage is KU Leuven's office for "
            "community engagement: service-learning, the Science Shop and KOTengage.",
        },
        "nl": {
            "title": "Over Engage",
            "intro": "Engage is de dienst van KU Leuven voor "
            "maatschappelijk engagement: service-learning, de Wetenschapswinkel en "
            "KOTengage.",
        },
    },
    {
        "slug": "service-learning",
        "en": {
            "title": "Service-learning",
            "intro": "Courses in which students learn "
            "by working with organisations for people in vulnerable situations.",
        },
        "nl": {
            "title": "Service-learning",
            "intro": "Opleidingsonderdelen waarin "
            "studenten leren door samen te werken met organisaties voor mensen in "
            "een kwetsbare situatie.",
        },
    },
    {
        "slug": "science-shop",
        "en": {
            "title": "Science Shop",
            "intro": "Non-profit organisations ask, "
            "students research: research questions answered as a thesis or project.",
        },
        "nl": {
            "title": "Wetenschapswinkel",
            "intro": "Middenveldorganisaties vragen, "
            "studenten onderzoeken: onderzoeksvragen beantwoord in een thesis of "
            "project.",
        },
    },
    {
        "slug": "kotengage",
        "en": {
            "title": "KOTengage",
            "intro": "Volunteer with local organisations "
            "near your campus, or start an initiative of your own.",
        },
        "nl": {
            "title": "KOTengage",
            "intro": "Word vrijwilliger bij een organisatie "
            "in je campusstad, of start zelf een initiatief.",
        },
    },
]


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


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
                    slug=spec["slug"],
                    locale=home.locale,
                    body=_paragraph(spec["en"]["intro"]),
                    **spec["en"],
                )
            )
            page.save_revision().publish()
        translate_page(page, "nl", body=_paragraph(spec["nl"]["intro"]), **spec["nl"])
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

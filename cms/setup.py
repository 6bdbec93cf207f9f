"""The site skeleton: locales, the home page in English and Dutch, the default Site.

Idempotent: `load_reference_data`, `seed_demo` and test fixtures all call it.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage

HOME_CONTENT = {
    "en": {
        "title": "KU Leuven Engage",
        "hero_title": "Learning by engaging with society",
        "intro": (
            "Engage connects students, lecturers and civil-society organisations: "
            "service-learning in every faculty, research questions answered by the "
            "Science Shop, and KOTengage volunteering."
        ),
    },
    "nl": {
        "title": "KU Leuven Engage",
        "hero_title": "Leren door je te engageren in de samenleving",
        "intro": (
            "Engage verbindt studenten, docenten en middenveldorganisaties: "
            "service-learning in elke faculteit, onderzoeksvragen beantwoord door de "
            "Wetenschapswinkel, en vrijwilligerswerk met KOTengage."
        ),
    },
}


def _locale(code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=code)
    return locale


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@transaction.atomic
def ensure_site() -> HomePage:
    """Make sure `/`, `/en/` and `/nl/` serve a home page; return the English one."""
    en, nl = _locale("en"), _locale("nl")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", locale=en)

    home = HomePage.objects.filter(locale=en).first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page.
        for placeholder in root.get_children().exact_type(Page):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(**HOME_CONTENT["en"], slug="home", locale=en)
        )
        home = _publish(home)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="KU Leuven Engage",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    if not HomePage.objects.filter(locale=nl).exists():
        home_nl = home.copy_for_translation(nl, copy_parents=False)
        for field, value in HOME_CONTENT["nl"].items():
            setattr(home_nl, field, value)
        home_nl.slug = "home-nl"
        home_nl.save()
        _publish(home_nl)
    return home


def translate_page(page: Page, language: str, **fields) -> Page:
    """Create or update the `language` translation of `page` and publish it."""
    locale = _locale(language)
    existing = page.get_translation_or_none(locale)
    if existing is None:
        existing = page.copy_for_translation(locale, copy_parents=True)
    existing = existing.specific
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save()
    return _publish(existing)

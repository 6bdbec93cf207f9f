"""Resolving navigation links from site settings in the reader's language."""

from django.apps import apps
from wagtail.models import Page, Site


def resolve_links(request, setting: str, field: str) -> list[dict]:
    model = apps.get_model("cms", setting)
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    settings_obj = model.for_site(site)
    blocks = list(getattr(settings_obj, field))
    page_ids = [b.value["page"].pk for b in blocks if b.value.get("page")]
    # One query for the pages in the active locale, whatever the number of links.
    localized = {}
    if page_ids:
        from wagtail.models import Locale

        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            locale = None
        source = Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "translation_key"
        )
        keys = {key: pk for pk, key in source}
        if locale is not None:
            for page in (
                Page.objects.live()
                .filter(translation_key__in=keys, locale=locale)
                .specific(defer=True)
            ):
                localized[keys[page.translation_key]] = page
    path = request.path if request is not None else ""
    links = []
    for block in blocks:
        value = block.value
        page = value.get("page")
        if page:
            target = localized.get(page.pk, page)
            url = target.get_url(request=request)
            # The page's own title in the reader's language; labels are for URLs.
            label = target.title
        else:
            url = value.get("url")
            label = value.get("label") or url
        if url:
            links.append(
                {
                    "label": label,
                    "url": url,
                    "active": bool(url)
                    and path.startswith(url)
                    and url not in ("/", "/en/", "/nl/"),
                }
            )
    return links

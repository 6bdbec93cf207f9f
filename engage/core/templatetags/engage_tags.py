from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from engage.core.models import localized as localized_value

register = template.Library()


@register.filter
def localized(obj, field):
    """`{{ faculty|localized:"name" }}`: the field in the active language."""
    if obj is None:
        return ""
    return localized_value(obj, field)


@register.filter
def small_count(value):
    """Counts of 1 to 4 shown as "<5" so that nobody is identifiable."""
    from engage.core.privacy import suppress_small

    return suppress_small(value)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to this page in each language: a page's translation, else the same path."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if page is not None and getattr(page, "locale_id", None):
        for item in page.get_translations(inclusive=True).select_related("locale"):
            translations[item.locale.language_code] = item
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request=request)
        elif page is not None and translations:
            url = f"/{code}/"
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def navigation(context, setting="NavigationSettings", field="header_links"):
    """Resolved header or footer links: page links follow the reader's language."""
    from cms.navigation import resolve_links

    request = context.get("request")
    return resolve_links(request, setting, field)


@register.filter
def add_class(field, css):
    return field.as_widget(attrs={"class": css})

"""Templated, translated emails: rendered now, sent by the task worker after commit."""

import re
from functools import partial
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from engage.core.tasks import send_email


def absolute_url(path: str) -> str:
    """An absolute URL on the public site for links in emails and PDFs."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.ENGAGE_BASE_URL.rstrip("/") + path


def _language_of(path: str) -> str | None:
    prefix = path.split("/", 2)[1] if path.startswith("/") else ""
    return prefix if prefix in dict(settings.LANGUAGES) else None


def _translate_page_path(path: str, source: str, language: str) -> str | None:
    """The path of the same Wagtail page in `language`, or None if it has none."""
    from wagtail.models import Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    try:
        source_locale = Locale.objects.get(language_code=source)
        target_locale = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist:
        return None
    root = site.root_page.get_translation_or_none(source_locale) or site.root_page
    rest = path[len(source) + 2 :]  # after "/<source>/"
    page = Page.objects.filter(
        url_path=root.url_path + rest, locale=source_locale
    ).first()
    translated = page and page.get_translation_or_none(target_locale)
    if not translated or not translated.live:
        return None
    with translation.override(language):
        return translated.get_url()


def translate_path(path: str, language: str) -> str:
    """The same page of the site in `language` (`/en/x/` becomes `/nl/y/`).

    Works for the site's own views (their prefixes are translated) and for Wagtail
    pages (through the page's translation); anything else is returned unchanged.
    """
    source = _language_of(path)
    if source is None or source == language:
        return path
    with translation.override(source):
        try:
            match = resolve(path)
        except Resolver404:
            return path
    if match.url_name == "wagtail_serve":
        return _translate_page_path(path, source, language) or path
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path


def translate_url(url: str, language: str) -> str:
    """An absolute or relative link to the site, pointing at its `language` version."""
    parts = urlsplit(url)
    base = urlsplit(settings.ENGAGE_BASE_URL)
    if parts.netloc and parts.netloc != base.netloc:
        return url
    return urlunsplit(parts._replace(path=translate_path(parts.path, language)))


def localise_links(text: str, language: str) -> str:
    """Every link to the site in `text` points at its `language` version."""
    base = re.escape(settings.ENGAGE_BASE_URL.rstrip("/"))
    pattern = re.compile(base + r"/[^\s\"'<>]*")
    return pattern.sub(lambda m: translate_url(m.group(0), language), text)


def render_email(template: str, context: dict, language: str) -> dict:
    """Render `<template>_subject.txt`, `.txt` and (optional) `.html` in `language`."""
    language = (language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        ctx = {"base_url": settings.ENGAGE_BASE_URL, "language": language, **context}
        subject = render_to_string(f"{template}_subject.txt", ctx)
        # Links computed before (in the sender's language) follow the recipient's.
        body = localise_links(render_to_string(f"{template}.txt", ctx), language)
        try:
            html = localise_links(render_to_string(f"{template}.html", ctx), language)
        except TemplateDoesNotExist:
            html = None
    return {
        "subject": " ".join(subject.split()),
        "body": body,
        "html_body": html,
    }


def queue_email(
    *,
    to: list[str] | str,
    template: str,
    context: dict | None = None,
    language: str = "en",
    reply_to: list[str] | None = None,
) -> None:
    """Queue one email for sending once the surrounding transaction commits.

    Rendering happens now (in the recipient's language); the worker only sends.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    message = render_email(template, context or {}, language)
    transaction.on_commit(
        partial(
            send_email.enqueue,
            to=recipients,
            reply_to=reply_to or [],
            **message,
        )
    )

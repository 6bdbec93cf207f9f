"""Templated, translated emails: rendered now, sent by the task worker after commit."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from engage.core.tasks import send_email


def absolute_url(path: str) -> str:
    """An absolute URL on the public site for links in emails and PDFs."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.ENGAGE_BASE_URL.rstrip("/") + path


def render_email(template: str, context: dict, language: str) -> dict:
    """Render `<template>_subject.txt`, `.txt` and (optional) `.html` in `language`."""
    language = (language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        ctx = {"base_url": settings.ENGAGE_BASE_URL, "language": language, **context}
        subject = render_to_string(f"{template}_subject.txt", ctx)
        body = render_to_string(f"{template}.txt", ctx)
        try:
            html = render_to_string(f"{template}.html", ctx)
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

"""Every PDF in Engage is HTML rendered by WeasyPrint, with no network access."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def _local_path(url: str):
    path = urlparse(url).path
    if path.startswith(settings.STATIC_URL):
        relative = path.removeprefix(settings.STATIC_URL)
        found = finders.find(relative)
        if found:
            return Path(found)
        candidate = Path(settings.STATIC_ROOT) / relative
        return candidate if candidate.exists() else None
    if path.startswith(settings.MEDIA_URL):
        candidate = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
        return candidate if candidate.exists() else None
    return None


def _local_url_fetcher():
    """A WeasyPrint fetcher that serves /static/ and /media/ from disk, nothing else."""
    from weasyprint.urls import URLFetcher

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(("data:", "file:")):
                return super().fetch(url, headers)
            local = _local_path(url)
            if local is None:
                raise ValueError(f"Not fetched (outside static and media): {url}")
            return super().fetch(local.resolve().as_uri(), headers)

    return LocalURLFetcher(
        allowed_protocols=("data", "file", "http"), fail_on_errors=True
    )


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render `template` to PDF bytes in `language` (default: the active one)."""
    from weasyprint import HTML

    with translation.override(language or translation.get_language() or "en"):
        html = render_to_string(template, context)
    return HTML(
        string=html, base_url="http://engage.local/", url_fetcher=_local_url_fetcher()
    ).write_pdf()


WARM_UP_HTML = (
    '<html lang="en"><head><link rel="stylesheet" href="/static/engage/css/pdf.css">'
    "</head><body><h1>Engage</h1><p>Warm-up: fonts, layout, subsetting "
    "(Ééñ 0123456789).</p><table><tr><th>a</th><td>b</td></tr></table></body></html>"
)


def warm_up() -> float:
    """Render a one-line PDF so that the first real one is fast; returns seconds.

    The first PDF in a process pays for importing WeasyPrint (its C bindings are
    declared and parsed at import), for Pango/fontconfig finding the fonts of
    pdf.css, and for the HarfBuzz subsetter's bindings, parsed on first use.
    Gunicorn workers call this when they start (gunicorn.conf.py).
    """
    import time

    from weasyprint import HTML

    started = time.perf_counter()
    HTML(
        string=WARM_UP_HTML,
        base_url="http://engage.local/",
        url_fetcher=_local_url_fetcher(),
    ).write_pdf()
    return time.perf_counter() - started


def pdf_response(
    content: bytes, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

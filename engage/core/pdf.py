"""Every PDF in Engage is HTML rendered by WeasyPrint, with no network access and
no access to the file system beyond the project's own static files."""

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

BASE_URL = "http://engage.local/"


def _safe_relative(path: str) -> str | None:
    """`path` below a root, or None when it tries to climb out of it."""
    relative = unquote(path).lstrip("/")
    parts = PurePosixPath(relative).parts
    if not relative or ".." in parts or "\\" in relative or "\x00" in relative:
        return None
    return relative


def _within(root, relative: str) -> Path | None:
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def _static_path(relative: str) -> Path | None:
    found = finders.find(relative)
    if found:
        return Path(found)
    return _within(settings.STATIC_ROOT, relative) if settings.STATIC_ROOT else None


def local_path(url: str, *, media: Iterable[str] = ()) -> Path | None:
    """The file a PDF may read for `url`: a static file of the project, or one of
    the media files the caller passed explicitly. Anything else is None."""
    parsed = urlparse(url)
    if f"{parsed.scheme}://{parsed.netloc}/" != BASE_URL:
        return None  # file:, ftp:, and http(s) to any real host
    path = parsed.path
    if path.startswith(settings.STATIC_URL):
        relative = _safe_relative(path.removeprefix(settings.STATIC_URL))
        return _static_path(relative) if relative else None
    if path.startswith(settings.MEDIA_URL):
        relative = _safe_relative(path.removeprefix(settings.MEDIA_URL))
        if relative and relative in set(media):
            return _within(settings.MEDIA_ROOT, relative)
    return None


def url_fetcher(*, media: Iterable[str] = ()):
    """A WeasyPrint fetcher for `data:` URLs, our static files and the given
    media files; it refuses file:, ftp: and every network address."""
    from weasyprint.urls import URLFetcher

    media = tuple(media)

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            local = local_path(url, media=media)
            if local is None:
                raise ValueError(f"Not fetched (not a static or given file): {url}")
            return super().fetch(local.as_uri(), headers)

    # Every URL of the document comes through `fetch` above; "file" is allowed
    # only for the paths it resolved itself.
    # A refused URL is left out (WeasyPrint logs it); the rest of the PDF renders.
    return LocalURLFetcher(allowed_protocols=("data", "file"))


def html_to_pdf(html: str, *, media: Iterable[str] = ()) -> bytes:
    """PDF bytes of `html`; `media` names the uploaded files it may show."""
    from weasyprint import HTML

    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=url_fetcher(media=media)
    ).write_pdf()


def render_pdf(
    template: str,
    context: dict,
    *,
    language: str | None = None,
    media: Iterable[str] = (),
) -> bytes:
    """Render `template` to PDF bytes in `language` (default: the active one)."""
    with translation.override(language or translation.get_language() or "en"):
        html = render_to_string(template, context)
    return html_to_pdf(html, media=media)


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

    started = time.perf_counter()
    html_to_pdf(WARM_UP_HTML)
    return time.perf_counter() - started


def pdf_response(
    content: bytes, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

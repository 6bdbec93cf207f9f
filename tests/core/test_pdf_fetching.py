"""The PDF renderer reads data: URLs and the project's own static files, nothing
else: no file: URLs, no network, no climbing out of the static folders."""

import io

import pytest
from pypdf import PdfReader

from engage.core.pdf import html_to_pdf, url_fetcher

HOSTILE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>t</title>
<link rel="stylesheet" href="/static/engage/css/pdf.css">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="/static/../../../../etc/passwd">
<link rel="attachment" href="/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
<link rel="attachment" href="http://example.org/secret.txt">
<link rel="attachment" href="/media/private/agreement.pdf">
<link rel="attachment" href="/static/engage/img/favicon.svg">
<style>body { background: url("file:///etc/passwd"); }</style>
</head><body><h1>Hello</h1>
<img src="file:///etc/passwd" alt="">
<img src="https://example.org/tracker.png" alt="">
<img src="ftp://example.org/x.png" alt="">
<img src="/static/engage/img/favicon.svg" alt="logo">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E" alt="">
</body></html>"""


def _attachments(content: bytes) -> dict:
    return dict(PdfReader(io.BytesIO(content)).attachments)


def test_a_pdf_embeds_only_our_static_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "agreement.pdf").write_bytes(b"%PDF-1.7 private")
    content = html_to_pdf(HOSTILE)
    attachments = _attachments(content)
    # Our own static file was fetched and embedded; nothing else was.
    assert list(attachments) == ["favicon.svg"]
    assert b"root:" not in b"".join(b"".join(v) for v in attachments.values())
    assert b"root:x:0:0" not in content
    assert "Hello" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_our_static_stylesheet_and_image_still_render():
    def page(head, body=""):
        html = f"<html><head>{head}</head><body><h1>Hello</h1>{body}</body></html>"
        reader = PdfReader(io.BytesIO(html_to_pdf(html)))
        return reader.pages[0]

    plain = page("")
    styled = page('<link rel="stylesheet" href="/static/engage/css/pdf.css">')
    # pdf.css colours the heading #00263a: the drawing operators change.
    assert styled.get_contents().get_data() != plain.get_contents().get_data()
    logo = page("", '<img src="/static/engage/img/favicon.svg" alt="logo">')
    assert len(logo["/Resources"].get("/XObject", {})) == 1
    refused = page("", '<img src="file:///etc/passwd" alt="x">')
    assert len(refused["/Resources"].get("/XObject", {})) == 0


def test_media_files_are_read_only_when_the_caller_names_them(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"
    )
    html = '<html><body><link rel="attachment" href="/media/logo.svg"></body></html>'
    assert _attachments(html_to_pdf(html)) == {}
    assert list(_attachments(html_to_pdf(html, media=["logo.svg"]))) == ["logo.svg"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.css",
        "https://engage.local.evil.example/static/engage/css/pdf.css",
        "ftp://example.org/x",
        "http://engage.local/static/../../etc/passwd",
        "http://engage.local/etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_but_static_and_data(url):
    with pytest.raises(ValueError, match="Not fetched"):
        url_fetcher().fetch(url)

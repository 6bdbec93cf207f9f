"""The shared ground: emails via tasks, PDFs, uploads by content, tables."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from engage.core.emails import queue_email
from engage.core.pdf import render_pdf
from engage.core.privacy import suppress_small
from engage.core.tabular import ImportFailed, read_table, write_csv, write_xlsx
from engage.core.uploads import detect_document_type, validate_document, validate_pdf


def _pdf_bytes():
    return render_pdf("core/test_pdf.html", {"title": "Engage test PDF"})


@pytest.mark.django_db
def test_queued_email_is_sent_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to="someone@example.org",
            template="accounts/emails/invitation",
            language="nl",
            context={
                "user_name": "Els",
                "email": "e@example.org",
                "set_password_url": "https://x/",
            },
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Je KU Leuven Engage-account"


def test_pdf_renders_real_pages_with_text():
    content = _pdf_bytes()
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 1
    assert "Engage test PDF" in reader.pages[0].extract_text()


def test_upload_checks_look_at_content_not_name():
    real = SimpleUploadedFile("agreement.pdf", _pdf_bytes(), "application/pdf")
    validate_pdf(real)
    fake = SimpleUploadedFile(
        "agreement.pdf", b"%PDF-1.7 not really", "application/pdf"
    )
    with pytest.raises(ValidationError):
        validate_pdf(fake)
    renamed = SimpleUploadedFile("notes.pdf", b"hello world", "application/pdf")
    with pytest.raises(ValidationError):
        validate_pdf(renamed)


def test_docx_and_odt_are_recognised():
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert detect_document_type(docx) == "docx"
    assert detect_document_type(odt) == "odt"
    validate_document(SimpleUploadedFile("q.docx", docx.getvalue()))
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("q.pdf", odt.getvalue()))


def test_upload_size_is_limited(settings):
    settings.ENGAGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        validate_pdf(SimpleUploadedFile("big.pdf", _pdf_bytes()))
    assert excinfo.value.code == "file_too_large"


def test_tables_read_csv_with_semicolons_and_xlsx_alike():
    csv_bytes = "Name;City\nVZW Een;Leuven\n;\nVZW Twee;Gent\n".encode("utf-8-sig")
    table = read_table(io.BytesIO(csv_bytes), "partners.csv")
    assert table.headers == ["name", "city"]
    assert table.rows == [
        (2, {"name": "VZW Een", "city": "Leuven"}),
        (4, {"name": "VZW Twee", "city": "Gent"}),
    ]
    xlsx = write_xlsx({"p": (["NAME", "City"], [["VZW Een", "Leuven"]])})
    table = read_table(io.BytesIO(xlsx), "partners.xlsx")
    assert table.rows == [(2, {"name": "VZW Een", "city": "Leuven"})]
    assert write_csv(["a"], [[1]]).decode("utf-8-sig").splitlines() == ["a", "1"]


def test_unreadable_files_fail_with_a_message():
    with pytest.raises(ImportFailed):
        read_table(io.BytesIO(b"\xff\xfe\x00bad"), "x.csv")
    with pytest.raises(ImportFailed):
        read_table(io.BytesIO(b"PK\x03\x04broken"), "x.xlsx")


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (120, "120")]
)
def test_small_counts_are_suppressed(value, shown):
    assert suppress_small(value) == shown


@pytest.mark.django_db
def test_unknown_admin_url_is_a_plain_404(admin_client):
    response = admin_client.get("/admin/no-such-screen/")
    assert response.status_code == 404


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    from engage.core.http import client_ip

    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.82.83.84"
    )
    settings.ENGAGE_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.ENGAGE_TRUSTED_PROXIES = 1
    assert client_ip(request) == "81.82.83.84"  # the spoofable first entry is ignored


def test_stashed_uploads_round_trip_and_stale_ones_are_purged(settings, tmp_path):
    import os
    import time

    from engage.core.tasks import purge_stale_uploads
    from engage.core.uploads import read_stashed_upload, stash_storage, stash_upload

    reference, path = stash_upload(
        SimpleUploadedFile("leden.csv", b"name\nA\n"), purpose="test-import"
    )
    assert read_stashed_upload(reference, purpose="test-import", max_age=60) == (
        path,
        "leden.csv",
    )
    assert read_stashed_upload(reference, purpose="other", max_age=60) is None
    long_ago = time.time() - 2 * 24 * 3600
    os.utime(stash_storage().path(path), (long_ago, long_ago))
    assert purge_stale_uploads.call() == 1
    assert read_stashed_upload(reference, purpose="test-import", max_age=60) is None

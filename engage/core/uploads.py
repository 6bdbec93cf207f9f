"""Upload checks by content, size and type: the extension alone proves nothing."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _head(file, size=8) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def detect_document_type(file) -> str | None:
    """'pdf', 'docx' or 'odt' when the content really is one, else None."""
    head = _head(file, 8)
    if head.startswith(b"%PDF-"):
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(_read_all(file)))
            len(reader.pages)
        except Exception:  # noqa: BLE001 - any parse failure means "not a PDF"
            return None
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(_read_all(file))) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return "docx"
                if (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == ODT_MIMETYPE
                ):
                    return "odt"
        except zipfile.BadZipFile:
            return None
    return None


@deconstructible
class DocumentValidator:
    """Validates an uploaded file's real type (by content) and size."""

    def __init__(self, allowed=("pdf",), max_bytes=None):
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes

    def __call__(self, file):
        max_bytes = self.max_bytes or settings.ENGAGE_UPLOAD_MAX_BYTES
        if file.size > max_bytes:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(max_bytes),
                },
                code="file_too_large",
            )
        kind = detect_document_type(file)
        if kind not in self.allowed:
            allowed = ", ".join(a.upper() for a in self.allowed)
            raise ValidationError(
                _("This file is not a valid %(allowed)s document.")
                % {"allowed": allowed},
                code="invalid_document",
            )
        expected_ext = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt"}[kind]
        name = getattr(file, "name", "") or ""
        if name and not name.lower().endswith(expected_ext):
            raise ValidationError(
                _("The file's name does not match its content (%(kind)s).")
                % {"kind": kind.upper()},
                code="extension_mismatch",
            )

    def __eq__(self, other):
        return (
            isinstance(other, DocumentValidator)
            and self.allowed == other.allowed
            and self.max_bytes == other.max_bytes
        )


validate_pdf = DocumentValidator(allowed=("pdf",))
validate_document = DocumentValidator(allowed=("pdf", "docx", "odt"))


# -- Keeping an upload between two requests ------------------------------------------
# A preview before an import, or a valid attachment kept while the rest of a form is
# corrected: the file waits in private storage (it may hold personal data; it has no
# URL) and the page carries a signed reference.

STASH_ROOT = "stash/"


def stash_storage():
    """Where kept uploads wait: private storage, never served by path."""
    from engage.core.storage import private_storage

    return private_storage()


def stash_folder(purpose: str) -> str:
    return f"{STASH_ROOT}{purpose}/"


class StashFull(Exception):
    """Keeping this upload would take the kept files over `ENGAGE_STASH_MAX_BYTES`."""


def stash_max_bytes() -> int:
    """The cap on all kept uploads together, every purpose (a setting)."""
    return getattr(settings, "ENGAGE_STASH_MAX_BYTES", 200 * 1024 * 1024)


def stash_total_bytes() -> int:
    """Bytes of every upload now kept between requests."""
    storage = stash_storage()

    def walk(folder: str) -> int:
        try:
            folders, files = storage.listdir(folder.rstrip("/"))
        except FileNotFoundError:
            return 0
        total = sum(storage.size(f"{folder}{name}") for name in files)
        return total + sum(walk(f"{folder}{sub}/") for sub in folders)

    return walk(STASH_ROOT)


def stash_upload(upload, *, purpose: str) -> tuple[str, str]:
    """Store `upload` for a later request; returns (signed reference, storage path).

    Raises StashFull, storing nothing, when the kept files would pass the cap."""
    import uuid

    from django.core import signing

    if stash_total_bytes() + (upload.size or 0) > stash_max_bytes():
        raise StashFull
    name = upload.name.rsplit("/", 1)[-1]
    path = stash_storage().save(
        f"{stash_folder(purpose)}{uuid.uuid4().hex}/{name}", upload
    )
    reference = signing.dumps({"p": path, "n": name}, salt=f"engage.stash.{purpose}")
    return reference, path


def read_stashed_upload(reference: str, *, purpose: str, max_age: int):
    """(path, original name) of a stashed upload, or None when the reference is bad,
    expired, for another purpose, or the file is gone."""
    from django.core import signing

    if not reference:
        return None
    try:
        data = signing.loads(reference, salt=f"engage.stash.{purpose}", max_age=max_age)
    except signing.BadSignature:
        return None
    path = data.get("p", "")
    if not path.startswith(stash_folder(purpose)) or not stash_storage().exists(path):
        return None
    return path, data.get("n", path.rsplit("/", 1)[-1])


def purge_stale_uploads(*, max_age: int, purpose: str | None = None) -> int:
    """Delete stashed uploads older than `max_age` seconds (abandoned forms and
    previews), for one purpose or all; returns how many files went."""
    from datetime import timedelta

    from django.utils import timezone

    storage = stash_storage()
    limit = timezone.now() - timedelta(seconds=max_age)
    roots = [stash_folder(purpose)] if purpose else []
    if purpose is None:
        try:
            purposes, _files = storage.listdir(STASH_ROOT.rstrip("/"))
        except FileNotFoundError:
            return 0
        roots = [stash_folder(p) for p in purposes]
    removed = 0
    for root in roots:
        try:
            folders, _files = storage.listdir(root.rstrip("/"))
        except FileNotFoundError:
            continue
        for folder in folders:
            _dirs, names = storage.listdir(f"{root}{folder}")
            for name in names:
                path = f"{root}{folder}/{name}"
                if storage.get_modified_time(path) < limit:
                    storage.delete(path)
                    removed += 1
    return removed

"""Reading and writing tables (CSV and XLSX) for imports and exports.

Imports are all-or-nothing: a module validates every row, collects `RowError`s,
and writes only when there are none (inside one transaction).

Every import reads its file here, so every import has the same caps: the file's
size, its number of rows and, for an XLSX (a zip), the unpacked size and the
compression ratio of its parts, checked before openpyxl sees a byte of it.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self):
        column = f" [{self.column}]" if self.column else ""
        return _("Row %(row)s%(column)s: %(message)s") % {
            "row": self.row,
            "column": column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """Nothing was written; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.row, e.column))
        super().__init__("\n".join(str(e) for e in self.errors))

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def missing(self, required) -> list[str]:
        return [name for name in required if name not in self.headers]


def _normalise_header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").lstrip("\ufeff")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# -- Caps ---------------------------------------------------------------------------


def size_problem(size: int, max_bytes: int | None = None) -> str | None:
    """Why a file of `size` bytes is too large to import, or None."""
    max_bytes = max_bytes or settings.ENGAGE_IMPORT_MAX_BYTES
    if size > max_bytes:
        return _("The file is %(size)s; an import takes at most %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(max_bytes),
        }
    return None


def zip_problem(data: bytes) -> str | None:
    """Why an XLSX (zip) must not be unpacked, or None: a decompression bomb shows
    in the sizes its directory declares (zipfile never unpacks more than those)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("The file is not a readable XLSX workbook.")
    limit = settings.ENGAGE_IMPORT_MAX_UNPACKED_BYTES
    ratio = settings.ENGAGE_IMPORT_MAX_COMPRESSION_RATIO
    unpacked = sum(member.file_size for member in members)
    too_packed = any(
        member.file_size > 1024 * 1024
        and member.file_size > ratio * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > 1000 or unpacked > limit or too_packed:
        return _(
            "The workbook unpacks to %(size)s, too much for an import (at most "
            "%(limit)s, compressed at most %(ratio)s times). Save it again as a "
            "plain workbook or CSV."
        ) % {
            "size": filesizeformat(unpacked),
            "limit": filesizeformat(limit),
            "ratio": ratio,
        }
    return None


def rows_problem(count: int) -> str | None:
    limit = settings.ENGAGE_IMPORT_MAX_ROWS
    if count > limit:
        return _(
            "The file has more than %(limit)s rows; split it into smaller files."
        ) % {"limit": limit}
    return None


def _is_xlsx(head: bytes, filename: str) -> bool:
    return head[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")


def _upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        position = upload.tell()
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(position)
    return size


def validate_table_upload(upload) -> None:
    """The caps as a form check, for the message at the file field (ValidationError).

    The importers check again when they read: a command has no form.
    """
    problem = size_problem(_upload_size(upload))
    if problem is None:
        upload.seek(0)
        head = upload.read(4)
        if _is_xlsx(head, getattr(upload, "name", "") or ""):
            upload.seek(0)
            problem = zip_problem(upload.read())
        upload.seek(0)
    if problem:
        raise ValidationError(problem, code="import_too_large")


def _refuse(message: str):
    raise ImportFailed([RowError(0, "", message)])


def read_table(source, filename: str | None = None) -> Table:
    """Read a CSV (UTF-8, comma or semicolon) or XLSX file into a Table, within
    the import caps (ImportFailed naming the cap otherwise).

    `source` is a path or a binary file object. Header names are case-insensitive.
    """
    if isinstance(source, (str, Path)):
        filename = filename or str(source)
        path = Path(source)
        if problem := size_problem(path.stat().st_size):
            _refuse(problem)
        data = path.read_bytes()
    else:
        filename = filename or getattr(source, "name", "") or ""
        if problem := size_problem(_upload_size(source)):
            _refuse(problem)
        source.seek(0)
        data = source.read()
    if problem := size_problem(len(data)):
        _refuse(problem)
    if _is_xlsx(data, filename):
        if problem := zip_problem(data):
            _refuse(problem)
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [RowError(0, "", _("The file is not UTF-8 encoded text: %s") % exc)]
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for values in reader:
        rows.append(values)
        if problem := rows_problem(len(rows) - 1):
            _refuse(problem)
    if not rows:
        raise ImportFailed([RowError(0, "", _("The file is empty."))])
    headers = [_normalise_header(h) for h in rows[0]]
    table = Table(headers=headers)
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        padded = list(values) + [""] * (len(headers) - len(values))
        table.rows.append(
            (number, {h: _cell(v) for h, v in zip(headers, padded, strict=False) if h})
        )
    return table


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means an unreadable workbook
        raise ImportFailed(
            [RowError(0, "", _("The file is not a readable XLSX workbook."))]
        ) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        headers = [_normalise_header(h) for h in next(iterator)]
    except StopIteration:
        raise ImportFailed([RowError(0, "", _("The file is empty."))]) from None
    table = Table(headers=headers)
    for number, values in enumerate(iterator, start=2):
        if problem := rows_problem(number - 1):
            workbook.close()
            _refuse(problem)
        if not any(_cell(v) for v in values):
            continue
        padded = list(values) + [None] * (len(headers) - len(values))
        table.rows.append(
            (number, {h: _cell(v) for h, v in zip(headers, padded, strict=False) if h})
        )
    workbook.close()
    return table


# Text a spreadsheet would read as a formula (or a DDE call), per OWASP's
# "CSV injection" advice: = + - @, and a leading tab or carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell a spreadsheet shows as typed: text starting with a formula
    character gets a leading single quote. Numbers (a real -3) stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_cell(sheet, value):
    """An XLSX cell whose text is stored as text, never as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_csv(headers: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(str(h)) for h in headers])
    for row in rows:
        writer.writerow([csv_safe("" if v is None else v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(sheets: dict[str, tuple[list[str], list]]) -> bytes:
    """One worksheet per `{title: (headers, rows)}`."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([xlsx_cell(sheet, str(h)) for h in headers])
        for row in rows:
            sheet.append([xlsx_cell(sheet, "" if v is None else v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def neutralise_admin_exports():
    """Make every Wagtail `list_export` (CSV and XLSX) write cells the way
    `write_csv` and `write_xlsx` do, so no admin listing can export a formula.

    Wagtail's SpreadsheetExportMixin is the one path every admin export takes
    (our viewsets, Wagtail's own users listing, any viewset added later); it
    already turns "=" formulas into text in XLSX but writes CSV cells as they are.
    Called once from CoreConfig.ready().
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_engage_neutralised", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return csv_safe(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        import datetime

        for name, value in row_dict.items():
            cell = xlsx_cell(
                worksheet, self.preprocess_field_value(name, value, self.FORMAT_XLSX)
            )
            if date_format and isinstance(value, datetime.datetime):
                cell.number_format = date_format
            yield cell

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._engage_neutralised = True


def table_response(filename: str, headers, rows, fmt: str = "csv") -> HttpResponse:
    """A download of one table as CSV or XLSX."""
    if fmt == "xlsx":
        content = write_xlsx({filename: (headers, list(rows))})
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        fmt = "csv"
        content = write_csv(headers, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response

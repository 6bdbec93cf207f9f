"""Every import has a size cap, a row cap and, for XLSX, an unpacked-size check
made before openpyxl reads the file (issue 10, finding 12: a 32 KB XLSX took
30 s and 187 MB to read)."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from engage.core.tabular import ImportFailed, read_table, write_xlsx
from placements.factories import CourseFactory
from science_shop.viewsets import QUESTIONS

pytestmark = pytest.mark.django_db


def xlsx_bomb() -> bytes:
    """A real workbook whose sheet XML is 40 MB of repetition, ~40 KB compressed."""
    good = write_xlsx({"s": (["name"], [["Vzw De Brug"]])})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", row * 650_000 + b"</sheetData>")
            target.writestr(item.filename, data)
    return out.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """The bomb must be refused before openpyxl is asked to open it."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_the_bomb_is_small_on_disk():
    bomb = xlsx_bomb()
    assert len(bomb) < 200 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 40_000_000


def test_the_reader_refuses_a_zip_bomb_unparsed(no_openpyxl):
    with pytest.raises(ImportFailed) as failed:
        read_table(io.BytesIO(xlsx_bomb()), "bomb.xlsx")
    assert "unpacks to" in failed.value.errors[0].message


def test_the_reader_refuses_a_highly_compressed_part_under_the_size_limit(
    settings, no_openpyxl
):
    settings.ENGAGE_IMPORT_MAX_UNPACKED_BYTES = 500 * 1024 * 1024
    with pytest.raises(ImportFailed, match="compressed at most 100 times"):
        read_table(io.BytesIO(xlsx_bomb()), "bomb.xlsx")


def test_the_reader_caps_the_file_size(settings, tmp_path):
    settings.ENGAGE_IMPORT_MAX_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_text("name\n" + "Vzw De Brug\n" * 200, encoding="utf-8")
    with pytest.raises(ImportFailed, match="an import takes at most 1.0"):
        read_table(path)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_reader_caps_the_rows(settings, kind):
    settings.ENGAGE_IMPORT_MAX_ROWS = 50
    rows = [[f"Vzw {n}"] for n in range(51)]
    if kind == "csv":
        data = ("name\n" + "".join(f"{r[0]}\n" for r in rows)).encode()
    else:
        data = write_xlsx({"s": (["name"], rows)})
    with pytest.raises(ImportFailed, match="more than 50 rows"):
        read_table(io.BytesIO(data), f"many.{kind}")
    settings.ENGAGE_IMPORT_MAX_ROWS = 51
    assert len(read_table(io.BytesIO(data), f"many.{kind}").rows) == 51


def test_the_partner_import_form_says_it_at_the_field(admin_client, no_openpyxl):
    response = admin_client.post(
        reverse("partners_organisations:import"),
        {"file": SimpleUploadedFile("bomb.xlsx", xlsx_bomb())},
    )
    assert response.status_code == 200
    assert "unpacks to" in " ".join(response.context["form"].errors["file"])


def test_the_enrolment_import_form_says_it_at_the_field(
    admin_client, reference_data, no_openpyxl
):
    course = CourseFactory()
    response = admin_client.post(
        reverse("sl_courses:import", args=[course.pk]),
        {"file": SimpleUploadedFile("bomb.xlsx", xlsx_bomb())},
    )
    assert response.status_code == 200
    assert "unpacks to" in " ".join(response.context["form"].errors["file"])
    assert not course.enrolments.exists()


def test_the_commands_refuse_the_bomb(tmp_path, reference_data, no_openpyxl):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bomb())
    with pytest.raises(CommandError):
        call_command("import_partners", str(path))
    course = CourseFactory()
    with pytest.raises(CommandError):
        call_command(
            "import_enrolments",
            str(path),
            "--course",
            course.code,
            "--year",
            course.academic_year.label,
        )


def test_the_referral_packet_has_a_size_cap(settings, admin_client):
    from science_shop import packets

    settings.ENGAGE_REFERRAL_PACKET_MAX_BYTES = 1024
    raw = json.dumps({"format": packets.PACKET_FORMAT, "pad": "x" * 2000}).encode()
    with pytest.raises(packets.PacketInvalid) as failed:
        packets.parse_packet(raw)
    assert "an import takes at most" in failed.value.errors[0][1]
    response = admin_client.post(
        reverse(f"{QUESTIONS}:import"),
        {"packet": SimpleUploadedFile("p.json", raw, "application/json")},
    )
    assert response.status_code == 200
    assert "an import takes at most" in " ".join(
        response.context["form"].errors["packet"]
    )


def test_a_deeply_nested_packet_is_refused_not_crashed():
    from science_shop import packets

    with pytest.raises(packets.PacketInvalid):
        packets.parse_packet(b"[" * 100_000 + b"]" * 100_000)

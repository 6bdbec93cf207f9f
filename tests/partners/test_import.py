"""import_partners: all or nothing, every bad row named, no duplicates on re-import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from engage.core.tabular import ImportFailed
from partners import services
from partners.factories import OrganisationFactory, valid_enterprise_number
from partners.importing import COLUMNS
from partners.models import Contact, Organisation

pytestmark = pytest.mark.django_db

CITIES = [
    ("3000", "Leuven"),
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("8500", "Kortrijk"),
]
KINDS = ["Jeugdhuis", "Buurtwerk", "Woonzorgcentrum", "Sociaal Restaurant", "Taalcafé"]


def partner_rows(count=200):
    """`count` good rows, as a spreadsheet would hold them (mixed number formats)."""
    rows = []
    for n in range(count):
        postcode, city = CITIES[n % len(CITIES)]
        number = valid_enterprise_number(10_000 + n)
        written = [number, f"BE{number}", f"{number[:4]}.{number[4:7]}.{number[7:]}"][
            n % 3
        ]
        rows.append(
            {
                "name": f"{KINDS[n % len(KINDS)]} Nummer {n}",
                "legal_form": ["vzw", "VZW", "asbl", "Foundation", "school"][n % 5],
                "enterprise_number": written if n % 10 else "",
                "street": f"Kerkstraat {n + 1}",
                "postcode": postcode,
                "city": city,
                "country": "BE" if n % 2 else "",
                "website": f"www.partner{n}.be",
                "email": f"info@partner{n}.be",
                "phone": "+32 16 00 00 00",
                "target_groups": "Children and youth; Mensen in armoede"
                if n % 4 == 0
                else "",
                "themes": "Education; Welzijn" if n % 3 == 0 else "",
                "contact_first_name": "An" if n % 2 == 0 else "",
                "contact_last_name": f"Peeters{n}" if n % 2 == 0 else "",
                "contact_email": f"an{n}@partner{n}.be" if n % 2 == 0 else "",
                "contact_phone": "",
                "contact_function": "Coordinator" if n % 2 == 0 else "",
            }
        )
    return rows


def spoil(rows):
    """Three bad rows (spreadsheet rows 13, 78 and 151): one bad cell each."""
    rows[11]["enterprise_number"] = "0123.456.748"  # wrong check digits
    rows[76]["name"] = ""  # required
    rows[149]["themes"] = "Education; Knitting"  # unknown theme
    return rows


def write_csv(path, rows, delimiter=",", headers=None):
    headers = headers or COLUMNS
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=headers, delimiter=delimiter, extrasaction="ignore"
        )
        handle.write(delimiter.join(headers) + "\n")
        for row in rows:
            writer.writerow({h: row.get(h.lower(), "") for h in headers})
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    headers = list(reversed(COLUMNS))  # order free
    sheet.append([h.upper() for h in headers])  # case-insensitive
    for row in rows:
        sheet.append([row[h] for h in headers])
    workbook.save(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_200_rows_with_3_bad_write_nothing_and_name_the_rows(
    reference_data, tmp_path, capsys, fmt
):
    rows = spoil(partner_rows())
    path = tmp_path / f"partners.{fmt}"
    (write_csv if fmt == "csv" else write_xlsx)(path, rows)

    with pytest.raises(CommandError) as excinfo:
        call_command("import_partners", str(path))

    assert "3 bad row(s) (13, 78, 151)" in str(excinfo.value)
    errors = capsys.readouterr().err
    assert "Row 13 [enterprise_number]: This enterprise number is not valid" in errors
    assert "Row 78 [name]: The name is required." in errors
    assert "Row 151 [themes]: Unknown theme “Knitting”." in errors
    assert Organisation.objects.count() == 0
    assert Contact.objects.count() == 0


def test_the_command_exits_non_zero(reference_data, tmp_path, capsys, monkeypatch):
    """As run from a shell: `manage.py import_partners FILE` exits with status 1."""
    from django.core.management import ManagementUtility
    from django.db import connections

    # The command closes its connections at exit; the test database must stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = write_csv(tmp_path / "bad.csv", spoil(partner_rows(200)))
    with pytest.raises(SystemExit) as excinfo:
        ManagementUtility(["manage.py", "import_partners", str(path)]).execute()
    assert excinfo.value.code == 1
    assert "(13, 78, 151)" in capsys.readouterr().err
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_corrected_file_imports_200_and_a_second_import_creates_no_duplicates(
    reference_data, tmp_path, capsys, fmt
):
    rows = partner_rows()
    path = tmp_path / f"partners.{fmt}"
    (write_csv if fmt == "csv" else write_xlsx)(path, rows)

    call_command("import_partners", str(path))
    assert "Created 200 and updated 0 organisations" in capsys.readouterr().out
    assert Organisation.objects.count() == 200
    assert Contact.objects.count() == 100
    sample = Organisation.objects.get(name="Jeugdhuis Nummer 0")
    assert sample.enterprise_number is None
    assert sample.website == "https://www.partner0.be"
    assert {t.slug for t in sample.target_groups.all()} == {"children-youth", "poverty"}
    assert {t.slug for t in sample.themes.all()} == {"education", "welfare"}
    assert sample.contacts.get().is_primary
    assert Organisation.objects.get(name="Buurtwerk Nummer 1").enterprise_number == (
        valid_enterprise_number(10_001)
    )
    assert Organisation.objects.get(name="Taalcafé Nummer 4").legal_form == "school"

    call_command("import_partners", str(path))
    assert "Created 0 and updated 200 organisations" in capsys.readouterr().out
    assert Organisation.objects.count() == 200
    assert Contact.objects.count() == 100


def test_dry_run_writes_nothing(reference_data, tmp_path, capsys):
    path = write_csv(tmp_path / "p.csv", partner_rows(5))
    call_command("import_partners", str(path), "--dry-run")
    assert "Would create 5" in capsys.readouterr().out
    assert Organisation.objects.count() == 0


def test_semicolons_and_free_header_order(reference_data, tmp_path):
    headers = ["Name", "City", "Postcode", "THEMES", "Enterprise_Number"]
    rows = [
        {
            "name": "Jeugdhuis De Kroon",
            "city": "Leuven",
            "postcode": "3000",
            "themes": "Onderwijs",
            "enterprise_number": "0123.456.749",
        }
    ]
    path = write_csv(tmp_path / "semi.csv", rows, delimiter=";", headers=headers)
    report = services.import_partners(source=path, filename="semi.csv", actor=None)
    assert report.created == 1
    organisation = Organisation.objects.get()
    assert organisation.enterprise_number == "0123456749"
    assert [t.slug for t in organisation.themes.all()] == ["education"]


def test_rows_match_existing_organisations_by_number_else_name_and_postcode(
    reference_data, tmp_path
):
    by_number = OrganisationFactory(
        name="Old Name", enterprise_number=valid_enterprise_number(1)
    )
    by_name = OrganisationFactory(
        name="Buurtwerk De Brug vzw", postcode="9000", enterprise_number=None
    )
    rows = [
        {"name": "New Name", "enterprise_number": valid_enterprise_number(1)},
        {"name": "BUURTWERK DE BRUG", "postcode": "9000", "phone": "09 123 45 67"},
        {"name": "Buurtwerk De Brug", "postcode": "3000"},  # another town: new
    ]
    path = write_csv(tmp_path / "match.csv", rows)
    report = services.import_partners(source=path, filename="match.csv", actor=None)
    assert (report.created, report.updated) == (1, 2)
    by_number.refresh_from_db()
    assert by_number.name == "New Name"
    assert by_number.aliases == ["Old Name"]
    by_name.refresh_from_db()
    assert by_name.phone == "09 123 45 67"
    assert by_name.name == "Buurtwerk De Brug vzw"  # same name key: spelling kept
    new = Organisation.objects.get(postcode="3000")
    assert new.name == "Buurtwerk De Brug"
    assert report.plan.warnings == [
        (4, "Looks like “Buurtwerk De Brug vzw” (same name, other postcode).")
    ]


def test_two_rows_for_one_organisation_are_refused(reference_data, tmp_path):
    number = valid_enterprise_number(3)
    rows = [
        {"name": "De Kroon", "enterprise_number": number, "postcode": "3000"},
        {"name": "Jeugdhuis De Kroon", "enterprise_number": number},
        {"name": "de kroon vzw", "postcode": "3000"},
    ]
    path = write_csv(tmp_path / "twice.csv", rows)
    with pytest.raises(ImportFailed) as excinfo:
        services.import_partners(source=path, filename="twice.csv", actor=None)
    assert excinfo.value.bad_rows == [3, 4]
    assert "Row 2 already describes this organisation." in str(excinfo.value)


def test_missing_and_unknown_columns_are_reported(reference_data, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("naam,city\nDe Kroon,Leuven\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        services.import_partners(source=path, filename="odd.csv", actor=None)
    messages = str(excinfo.value)
    assert "The column “name” is missing." in messages
    assert "Unknown column “naam”" in messages


def test_admin_import_preview_then_confirm(admin_client, tmp_path):
    OrganisationFactory(name="Kinderwerking Nummer 3")
    path = write_csv(tmp_path / "p.csv", partner_rows(6))
    upload = SimpleUploadedFile("p.csv", path.read_bytes(), "text/csv")

    preview = admin_client.post(
        "/admin/partners/organisations/import/", {"file": upload}
    )
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "6 organisations will be created" in content
    assert "Looks like “Kinderwerking Nummer 3”" not in content  # another name
    assert Organisation.objects.count() == 1
    token = preview.context["token"]

    done = admin_client.post(
        "/admin/partners/organisations/import/",
        {"token": token, "fingerprint": preview.context["plan"].fingerprint},
    )
    assert done.status_code == 302
    assert Organisation.objects.count() == 7


def test_admin_import_lists_every_bad_row(admin_client, tmp_path):
    path = write_csv(tmp_path / "p.csv", spoil(partner_rows(200)))
    upload = SimpleUploadedFile("p.csv", path.read_bytes(), "text/csv")
    response = admin_client.post(
        "/admin/partners/organisations/import/", {"file": upload}
    )
    assert [e.row for e in response.context["errors"]] == [13, 78, 151]
    assert "Nothing was imported" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_faculty_coordinators_cannot_import(client, faculty_coordinator):
    from tests.partners.helpers import assert_refused

    client.force_login(faculty_coordinator)
    assert_refused(client.get("/admin/partners/organisations/import/"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_exactly_the_import_columns_and_round_trips(
    admin_client, tmp_path, fmt
):
    path = write_csv(tmp_path / "p.csv", partner_rows(8))
    services.import_partners(source=path, filename="p.csv", actor=None)

    response = admin_client.get(f"/admin/partners/organisations/?export={fmt}")
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        table = [[c if c is not None else "" for c in row] for row in sheet.values]
    assert table[0] == COLUMNS
    assert len(table) == 9
    exported = tmp_path / f"exported.{fmt}"
    exported.write_bytes(content)
    report = services.import_partners(
        source=exported, filename=exported.name, actor=None
    )
    assert (report.created, report.updated) == (0, 8)
    assert Organisation.objects.count() == 8
    assert Contact.objects.count() == 4

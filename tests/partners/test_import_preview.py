"""The partner import says what each row matched and every value it will change
(issue 11, item 12: "Repair Cafe Leuven" silently renamed "Repair Café Leuven"
and overwrote its address)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from partners import services
from partners.factories import OrganisationFactory, valid_enterprise_number
from partners.importing import COLUMNS
from partners.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/admin/partners/organisations/import/"


@pytest.fixture
def repair_cafe(reference_data):
    return OrganisationFactory(
        name="Repair Café Leuven",
        street="Naamsestraat 12",
        postcode="3000",
        city="Leuven",
        phone="",
        enterprise_number=None,
    )


def csv_file(text: str, name="p.csv"):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


REPAIR_ROW = (
    "name,street,postcode,city,phone\n"
    "Repair Cafe Leuven,naamsestraat  12,3000,LEUVEN,016 12 34 56\n"
)


def test_the_repair_cafe_row_keeps_the_official_name_and_address(
    admin_client, repair_cafe
):
    preview = admin_client.post(URL, {"file": csv_file(REPAIR_ROW)})
    content = preview.content.decode()
    [row] = preview.context["plan"].rows
    assert row.organisation == repair_cafe
    # Which organisation, and why.
    assert "Repair Café Leuven" in content
    assert reverse("partners_organisations:overview", args=[repair_cafe.pk]) in content
    assert "same name key “repair cafe leuven” and postcode 3000" in content
    # What changes: only the phone; name and street are kept, and it says so.
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("phone", "", "016 12 34 56")
    ]
    assert {c.field for c in row.kept} == {"name", "street", "city"}
    assert "the existing spelling is kept" in content

    done = admin_client.post(
        URL,
        {
            "token": preview.context["token"],
            "fingerprint": preview.context["plan"].fingerprint,
        },
    )
    assert done.status_code == 302
    repair_cafe.refresh_from_db()
    assert repair_cafe.name == "Repair Café Leuven"
    assert repair_cafe.street == "Naamsestraat 12"
    assert repair_cafe.city == "Leuven"
    assert repair_cafe.phone == "016 12 34 56"
    assert repair_cafe.aliases == []


def test_a_real_change_is_listed_old_to_new_and_applied_as_shown(
    admin_client, repair_cafe
):
    text = "name,street,postcode\nRepair Café Leuven,Tiensestraat 5,3000\n"
    preview = admin_client.post(URL, {"file": csv_file(text)})
    content = preview.content.decode()
    [row] = preview.context["plan"].rows
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("street", "Naamsestraat 12", "Tiensestraat 5")
    ]
    assert "Naamsestraat 12" in content and "Tiensestraat 5" in content
    admin_client.post(
        URL,
        {
            "token": preview.context["token"],
            "fingerprint": preview.context["plan"].fingerprint,
        },
    )
    repair_cafe.refresh_from_db()
    assert repair_cafe.street == "Tiensestraat 5"


def test_an_empty_cell_never_replaces_a_value(reference_data, tmp_path):
    organisation = OrganisationFactory(
        name="Vzw De Brug", postcode="3000", email="info@debrug.be", phone="016 1"
    )
    path = tmp_path / "p.csv"
    path.write_text("name,postcode,email,phone\nVzw De Brug,3000,,\n")
    report = services.import_partners(source=path, filename="p.csv", actor=None)
    assert report.plan.rows[0].changes == []
    organisation.refresh_from_db()
    assert (organisation.email, organisation.phone) == ("info@debrug.be", "016 1")


def test_a_match_by_enterprise_number_says_so(reference_data, tmp_path):
    number = valid_enterprise_number(7)
    organisation = OrganisationFactory(name="De Brug", enterprise_number=number)
    path = tmp_path / "p.csv"
    path.write_text(f"name,enterprise_number\nBuurtwerk De Brug,{number}\n")
    report = services.import_partners(
        source=path, filename="p.csv", actor=None, dry_run=True
    )
    [row] = report.plan.rows
    assert row.organisation == organisation
    assert row.match_reason == "enterprise_number"
    assert row.match_text.startswith("same enterprise number ")
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("name", "De Brug", "Buurtwerk De Brug")
    ]


def test_the_confirmation_refuses_when_engage_changed_since_the_preview(
    admin_client, repair_cafe
):
    text = "name,street,postcode\nRepair Café Leuven,Tiensestraat 5,3000\n"
    preview = admin_client.post(URL, {"file": csv_file(text)})
    Organisation.objects.filter(pk=repair_cafe.pk).update(street="Bondgenotenlaan 1")
    again = admin_client.post(
        URL,
        {
            "token": preview.context["token"],
            "fingerprint": preview.context["plan"].fingerprint,
        },
    )
    assert again.status_code == 200
    assert "changed since the preview" in again.content.decode()
    [row] = again.context["plan"].rows
    assert row.changes[0].old == "Bondgenotenlaan 1"
    repair_cafe.refresh_from_db()
    assert repair_cafe.street == "Bondgenotenlaan 1"


def test_the_command_prints_the_match_and_the_changes(repair_cafe, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text(REPAIR_ROW, encoding="utf-8")
    call_command("import_partners", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert (
        "Row 2: update “Repair Café Leuven” "
        "(same name key “repair cafe leuven” and postcode 3000)"
    ) in out
    assert "phone: “” → “016 12 34 56”" in out
    assert "name kept “Repair Café Leuven” (file: “Repair Cafe Leuven”" in out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_file_has_the_header_and_an_example_row(admin_client, fmt):
    response = admin_client.get(
        reverse("partners_organisations:import_template") + f"?format={fmt}"
    )
    assert response.status_code == 200
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].split(",") == COLUMNS
        assert len(lines) == 2
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == COLUMNS and len(rows) == 2


def test_the_template_imports_cleanly(admin_client, reference_data):
    response = admin_client.get(
        reverse("partners_organisations:import_template") + "?format=csv"
    )
    preview = admin_client.post(
        URL, {"file": SimpleUploadedFile("t.csv", response.content, "text/csv")}
    )
    assert preview.context["plan"].creates


def test_the_import_page_lists_the_accepted_codes(admin_client, reference_data):
    content = admin_client.get(URL).content.decode()
    for code in Organisation.LegalForm.values:
        assert f"<code>{code}</code>" in content
    assert reverse("partners_organisations:import_template") in content

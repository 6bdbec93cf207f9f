"""Every CSV and XLSX export neutralises cells a spreadsheet would run as a formula.

The admin exports are found from Wagtail's viewset registry, so a listing added
later with a `list_export` is checked without touching this file.
"""

import csv
import io
import zipfile

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets as viewset_registry

from engage.accounts.factories import UserFactory
from engage.core.tabular import table_response, write_csv, write_xlsx
from engage.university.models import AcademicYear
from partners.models import Organisation

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_csv_neutralised(content: bytes, where: str):
    cells = _csv_cells(content)
    assert any(cell.startswith("'=") for cell in cells), f"{where}: poison not exported"
    running = [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert running == [], f"{where}: cells a spreadsheet would run: {running[:3]}"


def _assert_xlsx_neutralised(content: bytes, where: str):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"{where}: formula in {name}"
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula at {cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(text.startswith("=") for text in texts), f"{where}: poison not exported"


def _text_fields(model, path: str) -> list:
    """The (model, text field) pairs behind a `list_export` entry: the field
    itself, or for a relation shown by its name, the related model's text."""
    parts = path.split(".")
    for part in parts[:-1]:
        try:
            relation = model._meta.get_field(part)
        except FieldDoesNotExist:  # a property or method
            return []
        if not relation.is_relation or relation.many_to_many:
            return []
        model = relation.related_model
    try:
        field = model._meta.get_field(parts[-1])
    except FieldDoesNotExist:
        return []
    if field.is_relation and field.many_to_one:
        related = field.related_model
        return [
            (related, f.name)
            for f in related._meta.concrete_fields
            if _is_text(f) and f.name != "password"
        ]
    return [(model, field.name)] if _is_text(field) else []


def _is_text(field) -> bool:
    return isinstance(field, (models.CharField, models.TextField)) and not (
        field.choices
    )


def _poison(model, field_name):
    """Put "=" before the field's text in every row that has some (unique values
    stay unique, lengths stay within max_length)."""
    max_length = model._meta.get_field(field_name).max_length
    text = Substr(F(field_name), 1, max_length - 1) if max_length else F(field_name)
    model.objects.exclude(**{f"{field_name}__isnull": True}).exclude(
        **{field_name: ""}
    ).update(**{field_name: Concat(Value("="), text)})


def _exporting_viewsets():
    reverse("wagtailadmin_home")  # loads the admin URLs, which fills the registry
    found = []
    for viewset in viewset_registry.viewsets:
        if not hasattr(viewset, "index_view_class") or not hasattr(viewset, "model"):
            continue
        view = viewset.index_view  # as the admin URL serves it
        list_export = view.view_initkwargs.get("list_export")
        if not isinstance(list_export, (list, tuple)):
            list_export = getattr(view.view_class, "list_export", None)
        if list_export:
            found.append((viewset, list(list_export)))
    return found


def _listing_url(viewset) -> str:
    try:
        return reverse(viewset.get_url_name("index"))
    except NoReverseMatch:  # snippets name their listing "list"
        return reverse(viewset.get_url_name("list"))


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_every_csv_and_xlsx_export_neutralises_formula_cells(
    client, superuser, tmp_path
):
    call_command("seed_demo", quiet_logins=True)
    _check_admin_listing_exports(client, superuser)
    _check_impact_exports(client, superuser, tmp_path)


def _check_admin_listing_exports(client, superuser):
    exporting = _exporting_viewsets()
    assert len(exporting) >= 15  # the registry was really read
    poisoned = set()
    for viewset, list_export in exporting:
        targets = [t for path in list_export for t in _text_fields(viewset.model, path)]
        assert targets, f"{viewset.name}: no text column to check"
        for model, field_name in targets:
            if (model, field_name) not in poisoned:
                _poison(model, field_name)
                poisoned.add((model, field_name))
    client.force_login(superuser)
    for viewset, _list_export in exporting:
        url = _listing_url(viewset)
        assert viewset.model.objects.exists(), f"{viewset.name}: no demo rows"
        for fmt, check in (
            ("csv", _assert_csv_neutralised),
            ("xlsx", _assert_xlsx_neutralised),
        ):
            response = client.get(url, {"export": fmt})
            assert response.status_code == 200, f"{url} {fmt}"
            content = b"".join(response) if response.streaming else response.content
            check(content, f"{viewset.name} {fmt}")


def _check_impact_exports(client, superuser, tmp_path):
    # A partner renamed their organisation in the portal; the anonymous form
    # brings the same kind of text into research questions.
    Organisation.objects.update(name=Concat(Value("=1+2 "), F("name")))
    Organisation.objects.filter(pk=Organisation.objects.first().pk).update(
        name="@SUM(A1:A9)"
    )
    client.force_login(superuser)
    url = reverse("impact_admin:export")
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    _assert_xlsx_neutralised(response.content, "impact xlsx")
    response = client.get(url, {"format": "csv", "table": "partners"})
    assert response.status_code == 200
    _assert_csv_neutralised(response.content, "impact csv")

    output = tmp_path / "impact.xlsx"
    call_command(
        "impact_report",
        year=AcademicYear.objects.current().label,
        fmt="xlsx",
        output=str(output),
        stdout=io.StringIO(),
    )
    _assert_xlsx_neutralised(output.read_bytes(), "impact_report command")


def test_the_writers_neutralise_text_but_keep_negative_numbers_numeric():
    rows = [["=1+1", "+32 16", "-2+3", "@SUM(A1)", "\tx", "\rx", -3, 2.5, "plain"]]
    cells = _csv_cells(write_csv(["a"] * 9, rows))[9:]
    assert cells == ["'=1+1", "'+32 16", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"] + [
        "-3",
        "2.5",
        "plain",
    ]
    workbook = load_workbook(io.BytesIO(write_xlsx({"t": (["a"] * 9, rows)})))
    values = list(next(workbook.active.iter_rows(min_row=2)))
    assert [cell.data_type for cell in values[:6]] == ["s"] * 6
    assert values[0].value == "=1+1"
    assert values[6].value == -3 and values[6].data_type == "n"
    response = table_response("t", ["=h"], [["=x"]], "csv")
    assert _csv_cells(response.content) == ["'=h", "'=x"]

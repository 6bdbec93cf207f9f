"""Every table of the impact report as plain rows: one XLSX workbook (a sheet per
table) and a CSV per table. Values are raw numbers (no grouping, no suppression):
the exports are for coordinators, like the admin page."""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from engage.core.tabular import write_csv, write_xlsx
from engage.impact.definitions import FIGURES, figure_value, has_figure
from science_shop.models import UNNAMED_ORGANISATION


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _yes(value) -> str:
    return _("yes") if value else _("no")


def report_tables(report: dict) -> dict[str, Table]:
    """{slug: Table} for every table of the report, in reading order."""
    years = [row["year"] for row in report["trends"]]
    tables = [
        Table(
            "figures",
            _("Key figures"),
            [_("Figure"), _("Key"), report["meta"]["year"]],
            [
                [str(figure.label), key, figure_value(report, key)]
                for key, figure in FIGURES.items()
            ],
        ),
        Table(
            "trends",
            _("Trends"),
            [_("Figure"), _("Key"), *years],
            [
                [
                    str(figure.label),
                    key,
                    *[figure_value(row, key) for row in report["trends"]],
                ]
                for key, figure in FIGURES.items()
                if has_figure(report["trends"][-1], key)
            ],
        ),
    ]
    matrix_headers = [_("Group"), _("Code"), _("Faculty")]
    for year in report["pathway"]["matrix"]["years"]:
        matrix_headers += [
            _("%(year)s pathway") % {"year": year},
            _("%(year)s courses") % {"year": year},
            _("%(year)s students") % {"year": year},
        ]
    matrix_rows = []
    for group in report["pathway"]["matrix"]["groups"]:
        for row in group["rows"]:
            line = [group["label"], row["code"], row["name"]]
            for cell in row["cells"]:
                line += [_yes(cell["has_pathway"]), cell["courses"], cell["students"]]
            matrix_rows.append(line)
    tables.append(Table("matrix", _("Coverage matrix"), matrix_headers, matrix_rows))
    tables.append(
        Table(
            "faculties",
            _("Faculties"),
            [
                _("Code"),
                _("Faculty"),
                _("Group"),
                _("Pathway"),
                _("Courses with a pathway"),
                _("Students placed"),
                _("Approved placement hours"),
                _("Programmes"),
                _("Programmes with a pathway"),
                _("Share of programmes (%)"),
                _("Questions received"),
                _("Questions answered"),
            ],
            [
                [
                    row["code"],
                    row["name"],
                    row["group_label"],
                    _yes(row["has_pathway"]),
                    row["courses"],
                    row["students"],
                    row["approved_hours"],
                    row["programmes_total"],
                    row["programmes_with_pathway"],
                    row["programmes_share"],
                    row["questions_received"],
                    row["questions_delivered"],
                ]
                for row in report["pathway"]["faculties"]
            ],
        )
    )
    tables.append(
        Table(
            "programmes",
            _("Programmes with a pathway"),
            [_("Code"), _("Programme"), _("Faculty"), _("Courses"), _("Students")],
            [
                [
                    row["code"],
                    row["name"],
                    row["faculty"],
                    row["courses"],
                    row["students"],
                ]
                for row in report["pathway"]["programmes_covered"]
            ],
        )
    )
    tables.append(
        Table(
            "campuses",
            _("Campuses"),
            [_("Code"), _("Campus"), _("Pathway"), _("Courses"), _("Students")],
            [
                [
                    row["code"],
                    row["name"],
                    _yes(row["has_pathway"]),
                    row["courses"],
                    row["students"],
                ]
                for row in report["pathway"]["campuses"]
            ],
        )
    )
    breakdown_headers = [
        _("Students placed"),
        _("Science Shop questions"),
        _("Volunteers"),
    ]
    tables.append(
        Table(
            "target_groups",
            _("Target groups"),
            [_("Target group"), *breakdown_headers],
            [
                [
                    row["name"],
                    row["service_learning_students"],
                    row["science_shop_questions"],
                    row["volunteers"],
                ]
                for row in report["breakdowns"]["target_groups"]
            ],
        )
    )
    tables.append(
        Table(
            "sdgs",
            _("SDGs"),
            [_("Number"), _("Goal"), *breakdown_headers],
            [
                [
                    row["number"],
                    row["name"],
                    row["service_learning_students"],
                    row["science_shop_questions"],
                    row["volunteers"],
                ]
                for row in report["breakdowns"]["sdgs"]
            ],
        )
    )
    tables.append(
        Table(
            "results",
            _("Science Shop results published"),
            [
                _("Reference"),
                _("Title"),
                _("Faculty"),
                _("Organisation"),
                _("Published on"),
                _("Thesis"),
            ],
            [
                [
                    row["reference"],
                    row["title"],
                    row["faculty"],
                    row["organisation"] or str(UNNAMED_ORGANISATION),
                    row["published_on"],
                    row["thesis_url"],
                ]
                for row in report["highlights"]["published_results"]
            ],
        )
    )
    tables.append(
        Table(
            "partners",
            _("Partner highlights"),
            [
                _("Organisation"),
                _("Students"),
                _("Students placed"),
                _("Volunteers"),
                _("Approved placement hours"),
                _("Questions answered"),
            ],
            [
                [
                    row["name"],
                    row["students"],
                    row["students_placed"],
                    row["volunteers"],
                    row["approved_hours"],
                    row["questions_answered"],
                ]
                for row in report["highlights"]["partners"]
            ],
        )
    )
    return {table.slug: table for table in tables}


def report_json(report: dict) -> str:
    return json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def report_xlsx(report: dict) -> bytes:
    return write_xlsx(
        {
            table.title: (table.headers, table.rows)
            for table in report_tables(report).values()
        }
    )


def table_csv(report: dict, slug: str) -> bytes:
    table = report_tables(report)[slug]
    return write_csv(table.headers, table.rows)

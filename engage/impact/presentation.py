"""From a report dict to what people read: key figures with last year's, charts
with their data tables, and number formatting. Shared by the admin report page,
the dashboard, the PDF and the public page, so all of them say the same."""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from engage.core.privacy import suppress_group, suppress_small
from engage.impact import charts
from engage.impact.definitions import FIGURES, Figure, figure_value

KEY_FIGURES = [
    "students_engaged",
    "pathway.faculties_with_pathway",
    "service_learning.courses",
    "service_learning.students_placed",
    "service_learning.approved_hours",
    "science_shop.received",
    "science_shop.delivered",
    "science_shop.published",
    "volunteering.volunteers",
    "volunteering.volunteer_hours",
    "partners.active",
]

# What the public page and the dashboard show (counts, not hours, on the public page).
PUBLIC_FIGURES = [
    "students_engaged",
    "service_learning.students_placed",
    "service_learning.courses",
    "science_shop.delivered",
    "volunteering.volunteers",
    "partners.active",
]


def format_number(value, unit: str = "count") -> str:
    """A figure as people read it: grouped digits, hours with up to one decimal,
    "n/a" for a figure that does not apply to the report's filters."""
    if value is None:
        return _("n/a")
    if unit == "hours":
        rounded = round(float(value), 1)
        decimals = 0 if rounded.is_integer() else 1
        return number_format(rounded, decimal_pos=decimals, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def format_public(value, unit: str = "people") -> str:
    """Like `format_number`, with counts of people from 1 to 4 shown as "<5"
    (courses, questions and organisations are not about people: shown as is)."""
    if value is None:
        return _("n/a")
    if unit == "people":
        suppressed = suppress_small(value)
        if suppressed != str(int(value)):
            return suppressed
    return format_number(value, unit)


@dataclass
class KeyFigure:
    figure: Figure
    value: object
    previous: object = None
    total: object = None  # "N of 16 faculties"

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def label(self) -> str:
        return str(self.figure.label)

    @property
    def display(self) -> str:
        text = format_number(self.value, self.figure.unit)
        if self.total is not None and self.value is not None:
            return _("%(n)s of %(total)s") % {"n": text, "total": self.total}
        return text

    @property
    def previous_display(self) -> str:
        return format_number(self.previous, self.figure.unit)

    @property
    def change(self) -> str:
        """The change on last year in words (never colour alone)."""
        if self.value is None or self.previous is None:
            return ""
        difference = float(self.value) - float(self.previous)
        if difference == 0:
            return _("same as last year")
        amount = format_number(abs(difference), self.figure.unit)
        if difference > 0:
            return _("up %(amount)s on last year") % {"amount": amount}
        return _("down %(amount)s on last year") % {"amount": amount}

    @property
    def direction(self) -> str:
        if self.value is None or self.previous is None:
            return "none"
        difference = float(self.value) - float(self.previous)
        return "up" if difference > 0 else "down" if difference < 0 else "same"


def key_figures(report: dict, keys=KEY_FIGURES) -> list[KeyFigure]:
    previous = report["trends"][-2] if len(report["trends"]) > 1 else None
    result = []
    for key in keys:
        total = None
        if key == "pathway.faculties_with_pathway":
            total = report["pathway"]["faculties_total"]
        result.append(
            KeyFigure(
                figure=FIGURES[key],
                value=figure_value(report, key),
                previous=figure_value(previous, key) if previous else None,
                total=total,
            )
        )
    return result


def all_figures(report: dict) -> list[tuple[Figure, object]]:
    """Every defined figure with its value in this report (the methods page)."""
    return [(figure, figure_value(report, key)) for key, figure in FIGURES.items()]


@dataclass
class Chart:
    slug: str
    title: str
    svg: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def report_charts(report: dict) -> list[Chart]:
    """The charts of the report, each with the data table that says the same."""
    result = []
    trends = report["trends"]
    years = [row["year"] for row in trends]
    na = set(report["meta"]["not_applicable"])

    series = [
        charts.Series(
            _("Students engaged"), [row["students_engaged"] for row in trends]
        ),
        charts.Series(
            _("Students placed"),
            [row["service_learning"]["students_placed"] for row in trends],
        ),
    ]
    if "volunteering" not in na:
        series.append(
            charts.Series(
                _("Volunteers"), [row["volunteering"]["volunteers"] for row in trends]
            )
        )
    if "science_shop" not in na:
        series.append(
            charts.Series(
                _("Science Shop students"),
                [row["science_shop"]["students"] for row in trends],
            )
        )
    series.append(
        charts.Series(
            _("Active partners"), [row["partners"]["active"] for row in trends]
        )
    )
    title = _("Students and partners per academic year")
    result.append(
        Chart(
            "trends",
            title,
            charts.line_chart(years, series, title=title),
            [_("Academic year"), *[s.name for s in series]],
            [[year, *[s.values[i] for s in series]] for i, year in enumerate(years)],
        )
    )

    title = _("Faculties with a service-learning pathway per academic year")
    items = [(row["year"], row["pathway"]["faculties_with_pathway"]) for row in trends]
    result.append(
        Chart(
            "pathway_trend",
            title,
            charts.bar_chart(items, title=title),
            [_("Academic year"), _("Faculties with a pathway")],
            [list(item) for item in items],
        )
    )

    faculties = report["pathway"]["faculties"]
    title = _("Students placed per faculty (%(year)s)") % {
        "year": report["meta"]["year"]
    }
    items = [(row["name"], row["students"]) for row in faculties]
    result.append(
        Chart(
            "faculties",
            title,
            charts.bar_chart(items, title=title),
            [_("Faculty"), _("Students placed"), _("Courses with a pathway")],
            [[row["name"], row["students"], row["courses"]] for row in faculties],
        )
    )

    for slug, rows, label, name_of in (
        (
            "target_groups",
            report["breakdowns"]["target_groups"],
            _("Students per target group (%(year)s)"),
            lambda row: row["name"],
        ),
        (
            "sdgs",
            report["breakdowns"]["sdgs"],
            _("Students per sustainable development goal (%(year)s)"),
            lambda row: f"{row['number']}. {row['name']}",
        ),
    ):
        title = label % {"year": report["meta"]["year"]}
        labels = [name_of(row) for row in rows]
        stacked = [
            charts.Series(
                _("Students placed"), [row["service_learning_students"] for row in rows]
            )
        ]
        if "volunteering" not in na:
            stacked.append(
                charts.Series(_("Volunteers"), [row["volunteers"] for row in rows])
            )
        headers = [_("Name"), _("Students placed")]
        if "volunteering" not in na:
            headers.append(_("Volunteers"))
        if "science_shop" not in na:
            headers.append(_("Science Shop questions"))
        table = []
        for row, name in zip(rows, labels, strict=True):
            line = [name, row["service_learning_students"]]
            if "volunteering" not in na:
                line.append(row["volunteers"])
            if "science_shop" not in na:
                line.append(row["science_shop_questions"])
            table.append(line)
        result.append(
            Chart(
                slug,
                title,
                charts.stacked_bar_chart(labels, stacked, title=title, width=720),
                headers,
                table,
            )
        )

    if "science_shop" not in na:
        ss = report["science_shop"]
        title = _("Science Shop questions (%(year)s)") % {
            "year": report["meta"]["year"]
        }
        items = [
            (str(FIGURES[f"science_shop.{key}"].label), ss[key])
            for key in (
                "received",
                "accepted",
                "referred_in",
                "referred_out",
                "delivered",
                "published",
            )
        ]
        result.append(
            Chart(
                "science_shop",
                title,
                charts.bar_chart(items, title=title),
                [_("Step"), _("Questions")],
                [list(item) for item in items],
            )
        )
    return result


def public_matrix(matrix: dict) -> dict:
    """The coverage matrix as the public page shows it: newest year first (on a
    phone the current year is what fits), students per faculty suppressed per
    year column, whose total is the headline figure of that year."""
    order = list(range(len(matrix["years"])))[::-1]
    rows = [row for group in matrix["groups"] for row in group["rows"]]
    students = {
        i: suppress_group([row["cells"][i]["students"] for row in rows]) for i in order
    }
    position = {id(row): n for n, row in enumerate(rows)}
    groups = []
    for group in matrix["groups"]:
        group_rows = []
        for row in group["rows"]:
            n = position[id(row)]
            cells = [
                {**row["cells"][i], "students_display": students[i][n]} for i in order
            ]
            group_rows.append({**row, "cells": cells})
        groups.append({**group, "rows": group_rows})
    return {**matrix, "years": [matrix["years"][i] for i in order], "groups": groups}


def partner_people(report: dict) -> dict:
    """The partner report's counts of students, suppressed as one group: the
    students engaged are those placed, volunteering or on a Science Shop
    question (the last not shown), so no small count follows from the others."""
    placed, volunteers, _science_shop = suppress_group(
        [
            report["service_learning"]["students_placed"],
            report["volunteering"]["volunteers"],
            report["science_shop"]["students"],
        ]
    )
    return {
        "students_engaged": format_public(report["students_engaged"]),
        "students_placed": placed,
        "volunteers": volunteers,
    }

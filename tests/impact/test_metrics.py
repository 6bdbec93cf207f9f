"""Every figure of the report on the known data set (tests/impact/conftest.py),
worked out by hand, and the query count at two data sizes."""

import pytest

from engage.impact.definitions import FIGURES, figure_value
from engage.impact.metrics import ReportParams, compute_report
from engage.university.models import Campus, Faculty, Programme
from tests.impact.conftest import add_volume

pytestmark = pytest.mark.django_db

NO_SCIENCE_SHOP = dict.fromkeys(
    [
        "received",
        "accepted",
        "referred_out",
        "referred_in",
        "delivered",
        "published",
        "students",
    ]
)
NO_VOLUNTEERING = dict.fromkeys(
    ["volunteers", "volunteer_hours", "opportunities", "shifts", "student_initiatives"]
)


def year_headline():
    return {
        "year": "2026-2027",
        # s1, s2, s3 (placed), ss1 and s1 (Science Shop), v1 and s2 (volunteers).
        "students_engaged": 5,
        "service_learning": {
            "courses": 3,  # c1, c2 (Arts), c3 (Law); c4 has no started placement
            "students_placed": 3,  # s1 (twice), s2, s3 (withdrawn later: counts)
            "placements": 4,
            "approved_hours": 6.5,  # 3 + 2.5 + 1; pending, rejected, P-dated out
        },
        "science_shop": {
            "received": 3,
            "accepted": 1,
            "referred_out": 1,
            "referred_in": 1,
            "delivered": 1,
            "published": 1,
            "students": 2,
        },
        "volunteering": {
            "volunteers": 2,  # v1 (two shifts), s2; v2 did not show up
            "volunteer_hours": 7.5,  # 2 + 2 + 2 for shifts, 1.5 extra approved
            "opportunities": 2,  # opp1, opp2 (a cancelled shift does not count)
            "shifts": 2,
            "student_initiatives": 1,
        },
        "partners": {
            "active": 4,  # A and B (placements, A volunteering), C (questions), D
            "service_learning": 2,
            "science_shop": 1,
            "volunteering": 1,
            "interactions": 1,
        },
        "pathway": {"faculties_with_pathway": 2, "faculties_total": 16},
    }


def previous_headline():
    return {
        "year": "2025-2026",
        "students_engaged": 4,  # s6, s8 (placed), ss2 (Science Shop), v4
        "service_learning": {
            "courses": 1,  # c5; s8's course is of Y
            "students_placed": 2,
            "placements": 2,
            "approved_hours": 9.0,  # 5 (s6) + 4 (s1's hours dated in P)
        },
        "science_shop": {
            "received": 1,
            "accepted": 1,
            "referred_out": 0,
            "referred_in": 0,
            "delivered": 1,
            "published": 0,
            "students": 1,
        },
        "volunteering": {
            "volunteers": 1,
            "volunteer_hours": 2.0,
            "opportunities": 1,
            "shifts": 1,
            "student_initiatives": 0,
        },
        "partners": {
            "active": 3,  # B (placements), F (question), A (volunteering)
            "service_learning": 1,
            "science_shop": 1,
            "volunteering": 1,
            "interactions": 0,
        },
        "pathway": {"faculties_with_pathway": 1, "faculties_total": 16},
    }


def empty_headline(label):
    return {
        "year": label,
        "students_engaged": 0,
        "service_learning": {
            "courses": 0,
            "students_placed": 0,
            "placements": 0,
            "approved_hours": 0.0,
        },
        "science_shop": dict.fromkeys(NO_SCIENCE_SHOP, 0),
        "volunteering": {
            "volunteers": 0,
            "volunteer_hours": 0.0,
            "opportunities": 0,
            "shifts": 0,
            "student_initiatives": 0,
        },
        "partners": {
            "active": 0,
            "service_learning": 0,
            "science_shop": 0,
            "volunteering": 0,
            "interactions": 0,
        },
        "pathway": {"faculties_with_pathway": 0, "faculties_total": 16},
    }


def test_every_headline_figure_and_the_trends(world):
    report = compute_report(ReportParams(year=world.year))
    expected = year_headline()
    assert report["students_engaged"] == expected["students_engaged"]
    for section in ("service_learning", "science_shop", "volunteering", "partners"):
        assert report[section] == expected[section], section
    assert report["meta"]["years"] == [
        "2022-2023",
        "2023-2024",
        "2024-2025",
        "2025-2026",
        "2026-2027",
    ]
    assert report["trends"] == [
        empty_headline("2022-2023"),
        empty_headline("2023-2024"),
        empty_headline("2024-2025"),
        previous_headline(),
        expected,
    ]


def test_the_pathway_a_faculty_without_one_and_the_gap(world):
    report = compute_report(ReportParams(year=world.year))
    pathway = report["pathway"]
    assert pathway["faculties_with_pathway"] == 2
    assert pathway["faculties_total"] == 16
    rows = {row["code"]: row for row in pathway["faculties"]}
    assert len(rows) == 16
    programmes = {
        code: Programme.objects.filter(faculty__code=code, is_active=True).count()
        for code in rows
    }
    assert rows["ARTS"] == {
        "code": "ARTS",
        "name": "Arts",
        "group": "hss",
        "group_label": "Humanities and Social Sciences",
        "has_pathway": True,
        "courses": 2,
        "students": 3,
        "approved_hours": 6.5,
        "programmes_total": programmes["ARTS"],
        "programmes_with_pathway": 1,
        "programmes_share": round(100 / programmes["ARTS"]),
        "questions_received": 0,
        "questions_delivered": 0,
    }
    assert rows["LAW"]["has_pathway"] and (
        rows["LAW"]["courses"],
        rows["LAW"]["students"],
        rows["LAW"]["approved_hours"],
    ) == (1, 1, 0.0)
    # Social Sciences has a course, but no placement started: no pathway.
    assert rows["SOC"]["has_pathway"] is False
    assert (rows["SOC"]["courses"], rows["SOC"]["students"]) == (0, 0)
    assert (rows["SOC"]["questions_received"], rows["SOC"]["questions_delivered"]) == (
        1,
        1,
    )
    gap = [faculty["code"] for faculty in pathway["gap"]]
    assert "SOC" in gap and "ARTS" not in gap and "LAW" not in gap
    assert len(gap) == 14

    cells = {
        row["code"]: row["cells"]
        for group in pathway["matrix"]["groups"]
        for row in group["rows"]
    }
    assert [g["group"] for g in pathway["matrix"]["groups"]] == ["hss", "set", "bms"]
    assert [c["has_pathway"] for c in cells["LAW"]] == [False, False, False, True, True]
    assert cells["ARTS"][-1] == {
        "year": "2026-2027",
        "courses": 2,
        "students": 3,
        "has_pathway": True,
    }
    # s8 started in P in a course of Y: Arts has no pathway in P.
    assert cells["ARTS"][-2]["has_pathway"] is False

    assert pathway["programmes_with_pathway"] == 2
    assert (
        pathway["programmes_total"] == Programme.objects.filter(is_active=True).count()
    )
    assert {p["faculty"] for p in pathway["programmes_covered"]} == {"ARTS", "LAW"}
    campuses = {row["code"]: row for row in pathway["campuses"]}
    assert pathway["campuses_total"] == Campus.objects.count()
    assert pathway["campuses_with_pathway"] == 2
    assert (campuses["LEU"]["courses"], campuses["LEU"]["students"]) == (2, 3)
    assert (campuses["BXL"]["courses"], campuses["BXL"]["students"]) == (1, 1)
    assert campuses["ANT"]["has_pathway"] is False


def test_breakdowns_results_and_partner_highlights(world):
    report = compute_report(ReportParams(year=world.year))
    groups = {row["slug"]: row for row in report["breakdowns"]["target_groups"]}
    assert groups["children-youth"] == {
        "slug": "children-youth",
        "name": "Children and youth",
        "service_learning_students": 2,
        "science_shop_questions": 0,
        "volunteers": 2,
    }
    assert (
        groups["detainees"]["service_learning_students"],
        groups["older-people"]["science_shop_questions"],
        groups["poverty"]["service_learning_students"],
    ) == (1, 1, 0)
    sdgs = {row["number"]: row for row in report["breakdowns"]["sdgs"]}
    assert len(sdgs) == 17
    assert sdgs[1]["service_learning_students"] == 2  # Org A's goal: s1, s2
    assert sdgs[10]["service_learning_students"] == 2  # Org B's goal: s3, s1
    assert sdgs[3]["science_shop_questions"] == 1
    assert sdgs[4]["volunteers"] == 2

    results = report["highlights"]["published_results"]
    assert [r["reference"] for r in results] == [world.questions["q1"].reference]
    assert results[0]["organisation"] == "Org C"
    assert results[0]["faculty"] == "Social Sciences"

    assert report["highlights"]["partners"] == [
        {
            "id": world.orgs["a"].pk,
            "name": "Org A",
            "students": 3,  # s1, s2 placed; v1, s2 volunteered
            "students_placed": 2,
            "volunteers": 2,
            "approved_hours": 5.5,
            "questions_answered": 0,
        },
        {
            "id": world.orgs["b"].pk,
            "name": "Org B",
            "students": 2,
            "students_placed": 2,
            "volunteers": 0,
            "approved_hours": 1.0,
            "questions_answered": 0,
        },
    ]


def test_every_row_of_every_table_exactly(world):
    """The rows not worked out above are all zero: nothing is counted twice or
    somewhere it does not belong."""
    report = compute_report(ReportParams(year=world.year))
    pathway = report["pathway"]
    nonzero = {"ARTS": (2, 3), "LAW": (1, 1)}
    for row in pathway["faculties"]:
        assert (row["courses"], row["students"]) == nonzero.get(row["code"], (0, 0))
        hours = 6.5 if row["code"] == "ARTS" else 0.0
        assert row["approved_hours"] == hours
        covered = 1 if row["code"] in nonzero else 0
        assert row["programmes_with_pathway"] == covered
        received, delivered = (1, 1) if row["code"] == "SOC" else (0, 0)
        assert (row["questions_received"], row["questions_delivered"]) == (
            received,
            delivered,
        )
    expected_cells = {
        ("ARTS", "2026-2027"): (2, 3),
        ("LAW", "2026-2027"): (1, 1),
        ("LAW", "2025-2026"): (1, 1),
    }
    for group in pathway["matrix"]["groups"]:
        for row in group["rows"]:
            for cell in row["cells"]:
                courses, students = expected_cells.get(
                    (row["code"], cell["year"]), (0, 0)
                )
                assert (cell["courses"], cell["students"], cell["has_pathway"]) == (
                    courses,
                    students,
                    courses > 0,
                ), (row["code"], cell["year"])
    assert sum(len(g["rows"]) for g in pathway["matrix"]["groups"]) == 16
    for row in pathway["campuses"]:
        expected = {"LEU": (2, 3), "BXL": (1, 1)}.get(row["code"], (0, 0))
        assert (row["courses"], row["students"]) == expected

    groups = {
        "children-youth": (2, 0, 2),
        "detainees": (1, 0, 0),
        "older-people": (0, 1, 0),
    }
    for row in report["breakdowns"]["target_groups"]:
        assert (
            row["service_learning_students"],
            row["science_shop_questions"],
            row["volunteers"],
        ) == groups.get(row["slug"], (0, 0, 0)), row["slug"]
    goals = {1: (2, 0, 0), 10: (2, 0, 0), 3: (0, 1, 0), 4: (0, 0, 2)}
    for row in report["breakdowns"]["sdgs"]:
        assert (
            row["service_learning_students"],
            row["science_shop_questions"],
            row["volunteers"],
        ) == goals.get(row["number"], (0, 0, 0)), row["number"]


def test_a_faculty_report_leaves_volunteering_out(world):
    arts = Faculty.objects.get(code="ARTS")
    report = compute_report(ReportParams(year=world.year, faculty=arts))
    assert report["meta"]["not_applicable"] == ["volunteering", "interactions"]
    assert report["students_engaged"] == 3
    assert report["service_learning"] == {
        "courses": 2,
        "students_placed": 3,
        "placements": 3,
        "approved_hours": 6.5,
    }
    assert report["volunteering"] == NO_VOLUNTEERING
    assert report["science_shop"]["received"] == 0
    assert report["trends"][-2]["science_shop"]["delivered"] == 1  # q4, Arts, in P
    assert report["partners"] == {
        "active": 2,
        "service_learning": 2,
        "science_shop": 0,
        "volunteering": None,
        "interactions": None,
    }
    assert report["pathway"]["faculties_total"] == 1
    assert [row["code"] for row in report["pathway"]["faculties"]] == ["ARTS"]


def test_a_coordinators_scope_and_a_faculty_outside_it(world):
    law = Faculty.objects.get(code="LAW")
    arts = Faculty.objects.get(code="ARTS")
    scoped = compute_report(
        ReportParams(year=world.year, faculty_ids=frozenset([law.pk]))
    )
    assert scoped["service_learning"]["students_placed"] == 1
    assert scoped["meta"]["scope"] == ["LAW"]
    outside = compute_report(
        ReportParams(year=world.year, faculty=arts, faculty_ids=frozenset([law.pk]))
    )
    assert outside["students_engaged"] == 0
    assert outside["pathway"]["faculties"] == []


def test_a_campus_and_a_partner_report(world):
    leuven = Campus.objects.get(code="LEU")
    report = compute_report(ReportParams(year=world.year, campus=leuven))
    assert report["science_shop"] == NO_SCIENCE_SHOP
    assert report["service_learning"]["students_placed"] == 3  # c1, c2 at Leuven
    assert report["volunteering"]["volunteers"] == 2
    assert report["students_engaged"] == 4  # s1, s2, s3, v1
    assert report["pathway"]["campuses_total"] == 1

    report = compute_report(ReportParams(year=world.year, organisation=world.orgs["a"]))
    assert report["students_engaged"] == 3
    assert report["service_learning"]["students_placed"] == 2
    assert report["service_learning"]["approved_hours"] == 5.5
    assert report["volunteering"]["volunteers"] == 2
    assert report["volunteering"]["volunteer_hours"] == 5.5  # 2 + 2 + 1.5
    assert report["science_shop"]["received"] == 0
    assert report["partners"]["active"] == 1


def test_every_figure_is_defined_and_every_definition_has_a_figure(world):
    report = compute_report(ReportParams(year=world.year))

    def leaves(value, prefix=""):
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, dict):
                yield from leaves(item, f"{name}.")
            elif not isinstance(item, list):
                yield name

    scalar = set(leaves({k: v for k, v in report.items() if k not in ("meta",)}))
    assert scalar == set(FIGURES)
    for key in FIGURES:
        assert figure_value(report, key) is not None


def test_the_number_of_queries_does_not_grow_with_the_data(world, count_queries):
    params = ReportParams(year=world.year)
    small = count_queries(lambda: compute_report(params))
    add_volume(world, 6)
    large = count_queries(lambda: compute_report(params))
    assert count_queries.last_result["service_learning"]["students_placed"] == 9
    assert small == large
    assert small <= 32

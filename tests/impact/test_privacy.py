"""No count of people suppressed as "<5" can be worked out from the other figures
on the same public page or partner report (by subtracting them from a total)."""

import datetime
import re
from html import unescape

from django.urls import reverse
from django.utils import timezone

from engage.core.privacy import suppress_group
from engage.impact.demo import _seed_page
from partners.factories import ContactFactory
from placements.factories import EnrolmentFactory
from placements.models import Placement
from tests.impact.conftest import add_volume
from tests.impact.test_views import pdf_text

SUPPRESSED = ("<5", "hidden", "verborgen")


def assert_nothing_derivable(groups: dict[str, list[str]]):
    """Every group of cells and the total they add up to (its last item) hides
    none of them or at least two, so subtraction gives back no single value."""
    for name, cells in groups.items():
        if cells[-1] is None:
            continue  # the total is not shown: nothing to subtract from
        hidden = [cell for cell in cells if cell in SUPPRESSED]
        assert len(hidden) != 1, f"{name}: {cells} gives back its one hidden cell"


def test_suppress_group_hides_a_second_cell_when_one_would_be_derivable():
    assert suppress_group([3, 12, 40, 0]) == ["<5", "hidden", "40", "0"]
    assert suppress_group([3, 2, 40]) == ["<5", "<5", "40"]
    # Two 1s are pinned by their sum (2 cells, each at least 1): hide one more.
    assert suppress_group([1, 1, 9, 40]) == ["<5", "<5", "hidden", "40"]
    assert suppress_group([12, 40, 0]) == ["12", "40", "0"]
    for values in ([4, 5], [1, 2, 3, 50, 60], [4, 4, 6], [0, 0, 7]):
        assert_nothing_derivable({str(values): [*suppress_group(values), "90"]})


def _matrix_columns(html: str) -> dict[str, list[str]]:
    table = html.split('class="impact-matrix"', 1)[1].split("</table>", 1)[0]
    years = re.findall(r'<th scope="col">(\d{4}-\d{4})</th>', table)
    columns = {year: [] for year in years}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        for year, cell in zip(years, cells, strict=True):
            found = re.search(r"(?:Students|Studenten): ([^<]*)</span>", cell)
            columns[year].append(unescape(found.group(1)).strip() if found else "0")
    return columns


def test_the_public_page_hides_enough_cells_per_year_column(
    client, site_pages, world_is_current
):
    add_volume(world_is_current, 12)  # one faculty above 5, another below
    _seed_page(None)
    for path in ("/en/impact/", "/nl/impact/"):
        html = client.get(path).content.decode()
        columns = _matrix_columns(html)
        current = columns[world_is_current.year.label]
        assert "<5" in current  # the situation of the issue is really there
        # The totals: the headline "students placed" of the two years it shows;
        # the older years' totals are not on the page.
        totals = dict.fromkeys(columns)
        for year, value in re.findall(
            r'data-figure="service_learning.students_placed"'
            r'(?: data-year="([0-9-]+)")?>([^<]*)</td>',
            html,
        ):
            totals[year or world_is_current.year.label] = unescape(value)
        assert totals[world_is_current.year.label] not in SUPPRESSED
        assert_nothing_derivable(
            {year: [*cells, totals[year]] for year, cells in columns.items()}
        )


def test_the_public_page_suppresses_people_only(client, site_pages, world_is_current):
    _seed_page(None)
    html = client.get("/en/impact/").content.decode()
    cells = {
        key: unescape(value)
        for key, value in re.findall(r'data-figure="([a-z_.]+)">([^<]*)</td>', html)
    }
    assert cells["service_learning.students_placed"] == "<5"
    assert cells["volunteering.volunteers"] == "<5"
    # Courses, partner organisations and questions are not people.
    assert re.fullmatch(r"[1-4]", cells["service_learning.courses"])
    assert re.fullmatch(r"[0-9]+", cells["partners.active"])
    matrix = unescape(html.split('class="impact-matrix"', 1)[1])
    assert "Courses: <5" not in matrix
    assert re.search(r"Courses: [1-4]<", matrix)


def test_the_partner_report_hides_enough_of_its_student_counts(
    client, partner_user, world
):
    organisation = world.orgs["a"]
    ContactFactory(
        organisation=organisation, user=partner_user, email=partner_user.email
    )
    # 12 more students placed with Org A; its 2 volunteers stay below 5.
    course, offer = world.courses["c1"], world.offers["o1"]
    for _ in range(12):
        enrolment = EnrolmentFactory(course=course)
        Placement.objects.create(
            enrolment=enrolment,
            course=course,
            student=enrolment.student,
            offer=offer,
            status=Placement.Status.ACTIVE,
            activated_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 9)),
        )
    client.force_login(partner_user)
    response = client.get(
        reverse("impact:partner_report", args=[organisation.pk]), {"year": "2026-2027"}
    )
    _pages, text = pdf_text(response.content)
    lines = [line.strip() for line in text.splitlines()]
    figures = {label[:20]: lines[i - 1] for i, label in enumerate(lines) if i}
    group = [
        figures["Students hosted in s"],
        figures["Volunteers"],
        figures["Students who worked "],  # the total
    ]
    assert "<5" in group, lines  # the situation of the issue is really there
    # No research questions: a reader knows there are no Science Shop students,
    # so the total is placed + volunteers (at most; students may do both).
    assert figures["Research questions r"] == "0"
    assert_nothing_derivable({"students": group})

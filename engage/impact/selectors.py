"""Reads for the dashboard: scoped to the user, a constant number of queries."""

import datetime

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from engage.impact.metrics import BRUSSELS, ReportParams, cached_report
from engage.impact.permissions import impact_scope
from engage.university.models import AcademicYear


def dashboard_report(user) -> dict | None:
    """This year's report in the user's scope (cached a few minutes)."""
    year = AcademicYear.objects.current()
    if year is None:
        return None
    return cached_report(ReportParams(year=year, faculty_ids=impact_scope(user)))


def week_bounds(now=None) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00, Brussels time."""
    today = timezone.localtime(now or timezone.now(), BRUSSELS).date()
    monday = today - datetime.timedelta(days=today.weekday())
    start = datetime.datetime.combine(monday, datetime.time.min, BRUSSELS)
    return start, start + datetime.timedelta(days=7)


def pipeline_counts(user, *, now=None) -> dict:
    """Science Shop questions per state, this year's placements per state and the
    shifts of this week: three queries."""
    from engage.volunteering.models import Shift
    from placements.models import Placement
    from science_shop.models import ResearchQuestion

    ids = impact_scope(user)
    questions = ResearchQuestion.objects.order_by()
    if ids is not None:
        questions = questions.filter(faculty_id__in=ids)
    by_status = dict(
        questions.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    questions_url = reverse("science_shop_questions:index")
    science_shop = [
        {
            "status": status,
            "label": label,
            "count": by_status.get(status, 0),
            "url": f"{questions_url}?status={status}",
        }
        for status, label in ResearchQuestion.Status.choices
    ]

    year = AcademicYear.objects.current()
    placements = Placement.objects.filter(course__academic_year=year).order_by()
    if ids is not None:
        placements = placements.filter(course__faculty_id__in=ids)
    by_status = dict(
        placements.values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    placements_url = reverse("sl_placements:index")
    year_query = f"academic_year={year.pk}&" if year else ""
    service_learning = [
        {
            "status": status,
            "label": label,
            "count": by_status.get(status, 0),
            "url": f"{placements_url}?{year_query}status={status}",
        }
        for status, label in Placement.Status.choices
    ]

    start, end = week_bounds(now)
    week = Shift.objects.filter(
        status=Shift.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end
    ).aggregate(shifts=Count("pk"), places=Sum("capacity"), taken=Sum("places_taken"))
    return {
        "science_shop": science_shop,
        "placements": service_learning,
        "year": year,
        "week": {
            "start": start.date(),
            "end": (end - datetime.timedelta(days=1)).date(),
            "shifts": week["shifts"],
            "places": week["places"] or 0,
            "taken": week["taken"] or 0,
            "url": reverse("volunteering_shifts:index"),
        },
    }

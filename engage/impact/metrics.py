"""The impact report: every figure for an academic year, computed with aggregates.

`compute_report(ReportParams(...))` returns one nested dict with stable keys (see
`definitions.py` for how each figure is counted). It runs a fixed number of
queries whatever the amount of data: each query aggregates one kind of activity for
all the years of the trend window at once, with one conditional aggregate per
year, and the students (and partners) counted once across modules come from one
SQL UNION grouped by year.

Years are half-open datetime ranges in Brussels time, computed in Python, so no
date truncation happens in the database (the same SQL on SQLite and PostgreSQL).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from engage.core.models import current_language
from engage.taxonomy.models import SDG, TargetGroup
from engage.university.models import AcademicYear, Campus, Faculty, Programme

BRUSSELS = ZoneInfo("Europe/Brussels")
TREND_YEARS = 5  # the report's year and the four before it
HIGHLIGHTED_PARTNERS = 10
LISTED_RESULTS = 25


@dataclass(frozen=True)
class ReportParams:
    """What a report covers. `faculty_ids` is a coordinator's scope (None = all)."""

    year: AcademicYear
    faculty: Faculty | None = None
    campus: Campus | None = None
    organisation: object = None  # partners.Organisation
    faculty_ids: frozenset | None = None

    @property
    def scoped_faculty_ids(self) -> frozenset | None:
        """The faculties the figures are restricted to; None means no restriction."""
        if self.faculty is not None:
            allowed = self.faculty_ids
            if allowed is not None and self.faculty.pk not in allowed:
                return frozenset()
            return frozenset([self.faculty.pk])
        return self.faculty_ids

    def cache_key(self) -> str:
        ids = self.scoped_faculty_ids
        scope = "all" if ids is None else "-".join(str(i) for i in sorted(ids))
        return ":".join(
            [
                "impact",
                self.year.label,
                scope,
                str(getattr(self.campus, "pk", "")),
                str(getattr(self.organisation, "pk", "")),
                current_language(),
            ]
        )


def year_bounds(year) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as [start, end) in Brussels time: its start date to its end date."""
    start = datetime.datetime.combine(year.start_date, datetime.time.min, BRUSSELS)
    end = datetime.datetime.combine(
        year.end_date + datetime.timedelta(days=1), datetime.time.min, BRUSSELS
    )
    return start, end


def trend_years(year) -> list:
    """The report's year and up to TREND_YEARS - 1 years before it, oldest first."""
    years = list(
        AcademicYear.objects.filter(start_date__lte=year.start_date).order_by(
            "-start_date"
        )[:TREND_YEARS]
    )
    return list(reversed(years))


def _in_year(field: str, year, *, is_date: bool = False) -> Q:
    if is_date:
        return Q(**{f"{field}__gte": year.start_date, f"{field}__lte": year.end_date})
    start, end = year_bounds(year)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _in_window(field: str, years, *, is_date: bool = False) -> Q:
    if is_date:
        return Q(
            **{
                f"{field}__gte": years[0].start_date,
                f"{field}__lte": years[-1].end_date,
            }
        )
    return Q(
        **{
            f"{field}__gte": year_bounds(years[0])[0],
            f"{field}__lt": year_bounds(years[-1])[1],
        }
    )


def _year_of(field: str, years, *, is_date: bool = False) -> Case:
    """An expression giving the pk of the year `field` falls in (NULL outside)."""
    return Case(
        *[When(_in_year(field, y, is_date=is_date), then=Value(y.pk)) for y in years],
        default=None,
        output_field=IntegerField(),
    )


def _hours(value) -> float:
    return float(round(Decimal(value or 0), 2))


def _name(row: dict, field: str = "name") -> str:
    language = current_language()
    return row.get(f"{field}_{language}") or row.get(f"{field}_en") or ""


def _union_rows(querysets, select: str, tail: str = "") -> list[tuple]:
    """`SELECT <select> FROM (<UNION of querysets>) u <tail>`: the UNION drops
    duplicate rows, the outer query aggregates them (one query)."""
    first, *rest = [qs.order_by() for qs in querysets]
    combined = first.union(*rest).order_by() if rest else first
    try:
        sql, params = combined.query.sql_with_params()
    except EmptyResultSet:  # every part filtered to nothing (an empty scope)
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({sql}) u {tail}", params)  # noqa: S608
        return cursor.fetchall()


class _Report:
    """Computes one report; each method runs one query (see the module docstring)."""

    def __init__(self, params: ReportParams):
        self.params = params
        self.year = params.year
        self.years = trend_years(params.year)
        self.faculty_ids = params.scoped_faculty_ids
        self.campus_id = getattr(params.campus, "pk", None)
        self.organisation_id = getattr(params.organisation, "pk", None)

    # -- Filters: one per module, relative to a lookup prefix --------------------

    def placement_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.faculty_ids is not None:
            q &= Q(**{f"{prefix}course__faculty_id__in": self.faculty_ids})
        if self.campus_id:
            q &= Q(**{f"{prefix}course__campus_id": self.campus_id})
        if self.organisation_id:
            q &= Q(**{f"{prefix}offer__organisation_id": self.organisation_id})
        return q

    @property
    def science_shop_applies(self) -> bool:
        """Questions are not tied to a campus."""
        return not self.campus_id

    def question_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.faculty_ids is not None:
            q &= Q(**{f"{prefix}faculty_id__in": self.faculty_ids})
        if self.organisation_id:
            q &= Q(**{f"{prefix}organisation_id": self.organisation_id})
        return q

    @property
    def volunteering_applies(self) -> bool:
        """Volunteering is not recorded per faculty."""
        return self.faculty_ids is None

    def opportunity_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.campus_id:
            q &= Q(**{f"{prefix}campus_id": self.campus_id})
        if self.organisation_id:
            q &= Q(**{f"{prefix}organisation_id": self.organisation_id})
        return q

    @property
    def interactions_apply(self) -> bool:
        return self.faculty_ids is None and not self.campus_id

    # -- Service-learning ---------------------------------------------------------

    def counted_placements(self):
        """Placements that became active in the window, within the filters."""
        from placements.models import Placement

        return Placement.objects.filter(
            _in_window("activated_at", self.years), self.placement_q()
        ).order_by()

    def service_learning_by_year(self) -> dict:
        aggregates = {}
        for y in self.years:
            started = _in_year("activated_at", y)
            aggregates[f"placements_{y.pk}"] = Count("pk", filter=started)
            aggregates[f"students_{y.pk}"] = Count(
                "student", distinct=True, filter=started
            )
            aggregates[f"courses_{y.pk}"] = Count(
                "course", distinct=True, filter=started & Q(course__academic_year=y)
            )
        totals = self.counted_placements().aggregate(**aggregates)
        return {
            y.pk: {
                "courses": totals[f"courses_{y.pk}"],
                "students_placed": totals[f"students_{y.pk}"],
                "placements": totals[f"placements_{y.pk}"],
            }
            for y in self.years
        }

    def pathway_cells(self) -> dict:
        """{faculty_id: {year_pk: (courses, students)}} for courses with a pathway."""
        annotations = {}
        for y in self.years:
            pathway = _in_year("activated_at", y) & Q(course__academic_year=y)
            annotations[f"c{y.pk}"] = Count("course", distinct=True, filter=pathway)
            annotations[f"s{y.pk}"] = Count("student", distinct=True, filter=pathway)
        rows = (
            self.counted_placements()
            .filter(course__academic_year__in=self.years)
            .values("course__faculty_id")
            .annotate(**annotations)
        )
        return {
            row["course__faculty_id"]: {
                y.pk: (row[f"c{y.pk}"], row[f"s{y.pk}"]) for y in self.years
            }
            for row in rows
        }

    def _pathway_placements(self):
        return self.counted_placements().filter(
            _in_year("activated_at", self.year), course__academic_year=self.year
        )

    def programme_cells(self) -> dict:
        rows = (
            self._pathway_placements()
            .filter(course__programmes__isnull=False)
            .values("course__programmes")
            .annotate(
                courses=Count("course", distinct=True),
                students=Count("student", distinct=True),
            )
        )
        return {
            row["course__programmes"]: (row["courses"], row["students"]) for row in rows
        }

    def campus_cells(self) -> dict:
        rows = (
            self._pathway_placements()
            .filter(course__campus__isnull=False)
            .values("course__campus_id")
            .annotate(
                courses=Count("course", distinct=True),
                students=Count("student", distinct=True),
            )
        )
        return {
            row["course__campus_id"]: (row["courses"], row["students"]) for row in rows
        }

    def approved_hours(self) -> dict:
        """{faculty_id: {year_pk: hours}}: sums per faculty, totals add up."""
        from placements.models import HourEntry

        rows = (
            HourEntry.objects.filter(
                _in_window("date", self.years, is_date=True),
                self.placement_q("placement__"),
                status=HourEntry.Status.APPROVED,
            )
            .order_by()
            .values("placement__course__faculty_id")
            .annotate(
                **{
                    f"h{y.pk}": Sum("hours", filter=_in_year("date", y, is_date=True))
                    for y in self.years
                }
            )
        )
        return {
            row["placement__course__faculty_id"]: {
                y.pk: Decimal(row[f"h{y.pk}"] or 0) for y in self.years
            }
            for row in rows
        }

    # -- Science Shop -----------------------------------------------------------

    def questions_by_faculty(self) -> dict:
        """{faculty_id or None: {year_pk: {received, referred_in, delivered,
        published}}}: each question is in one group, so totals add up."""
        from science_shop.models import ResearchQuestion

        annotations = {}
        for y in self.years:
            received = _in_year("created_at", y)
            annotations[f"r{y.pk}"] = Count("pk", filter=received)
            annotations[f"i{y.pk}"] = Count(
                "pk", filter=received & Q(referred_from__isnull=False)
            )
            annotations[f"d{y.pk}"] = Count("pk", filter=_in_year("delivered_at", y))
            annotations[f"p{y.pk}"] = Count("pk", filter=_in_year("published_at", y))
        rows = (
            ResearchQuestion.objects.filter(
                _in_window("created_at", self.years)
                | _in_window("delivered_at", self.years)
                | _in_window("published_at", self.years),
                self.question_q(),
            )
            .order_by()
            .values("faculty_id")
            .annotate(**annotations)
        )
        return {
            row["faculty_id"]: {
                y.pk: {
                    "received": row[f"r{y.pk}"],
                    "referred_in": row[f"i{y.pk}"],
                    "delivered": row[f"d{y.pk}"],
                    "published": row[f"p{y.pk}"],
                }
                for y in self.years
            }
            for row in rows
        }

    def question_transitions(self) -> dict:
        from science_shop.models import ResearchQuestion, StatusChange

        accepted, referred = ResearchQuestion.Status.ACCEPTED, "referred"
        aggregates = {}
        for y in self.years:
            during = _in_year("created_at", y)
            aggregates[f"a{y.pk}"] = Count(
                "question", distinct=True, filter=during & Q(to_status=accepted)
            )
            aggregates[f"o{y.pk}"] = Count(
                "question", distinct=True, filter=during & Q(to_status=referred)
            )
        totals = (
            StatusChange.objects.filter(
                _in_window("created_at", self.years),
                self.question_q("question__"),
                to_status__in=[accepted, referred],
            )
            .order_by()
            .aggregate(**aggregates)
        )
        return {
            y.pk: {
                "accepted": totals[f"a{y.pk}"],
                "referred_out": totals[f"o{y.pk}"],
            }
            for y in self.years
        }

    def _confirmed_matches(self):
        from science_shop.models import StudentMatch

        return StudentMatch.objects.filter(
            self.question_q("question__"),
            confirmed_at__isnull=False,
            question__academic_year__in=self.years,
        ).order_by()

    def science_shop_students(self) -> dict:
        totals = self._confirmed_matches().aggregate(
            **{
                f"s{y.pk}": Count(
                    "student", distinct=True, filter=Q(question__academic_year=y)
                )
                for y in self.years
            }
        )
        return {y.pk: totals[f"s{y.pk}"] for y in self.years}

    # -- Volunteering -----------------------------------------------------------

    def _attended(self):
        from engage.volunteering.models import SignUp

        return SignUp.objects.filter(
            _in_window("shift__starts_at", self.years),
            self.opportunity_q("shift__opportunity__"),
            status=SignUp.Status.ATTENDED,
        ).order_by()

    def _shifts(self):
        from engage.volunteering.models import Shift

        return Shift.objects.filter(
            _in_window("starts_at", self.years),
            self.opportunity_q("opportunity__"),
            status=Shift.Status.SCHEDULED,
        ).order_by()

    def volunteering_by_year(self) -> dict:
        from engage.volunteering.models import HoursLog

        aggregates = {}
        for y in self.years:
            during = _in_year("shift__starts_at", y)
            aggregates[f"v{y.pk}"] = Count("student", distinct=True, filter=during)
            aggregates[f"h{y.pk}"] = Sum("hours", filter=during)
        attended = self._attended().aggregate(**aggregates)
        extra = (
            HoursLog.objects.filter(
                _in_window("date", self.years, is_date=True),
                self.opportunity_q("opportunity__"),
                status=HoursLog.Status.APPROVED,
            )
            .order_by()
            .aggregate(
                **{
                    f"h{y.pk}": Sum("hours", filter=_in_year("date", y, is_date=True))
                    for y in self.years
                }
            )
        )
        aggregates = {}
        for y in self.years:
            during = _in_year("starts_at", y)
            aggregates[f"o{y.pk}"] = Count("opportunity", distinct=True, filter=during)
            aggregates[f"i{y.pk}"] = Count(
                "opportunity__initiative", distinct=True, filter=during
            )
            aggregates[f"s{y.pk}"] = Count("pk", filter=during)
        shifts = self._shifts().aggregate(**aggregates)
        return {
            y.pk: {
                "volunteers": attended[f"v{y.pk}"],
                "volunteer_hours": _hours(
                    Decimal(attended[f"h{y.pk}"] or 0) + Decimal(extra[f"h{y.pk}"] or 0)
                ),
                "opportunities": shifts[f"o{y.pk}"],
                "shifts": shifts[f"s{y.pk}"],
                "student_initiatives": shifts[f"i{y.pk}"],
            }
            for y in self.years
        }

    # -- Across modules: one UNION each ----------------------------------------

    def _student_sources(self):
        """(student, year, source) rows of every module that applies."""
        sources = [
            self.counted_placements().annotate(
                sid=F("student_id"),
                yr=_year_of("activated_at", self.years),
                src=Value("sl", output_field=CharField()),
            )
        ]
        if self.science_shop_applies:
            sources.append(
                self._confirmed_matches().annotate(
                    sid=F("student_id"),
                    yr=F("question__academic_year_id"),
                    src=Value("ss", output_field=CharField()),
                )
            )
        if self.volunteering_applies:
            sources.append(
                self._attended().annotate(
                    sid=F("student_id"),
                    yr=_year_of("shift__starts_at", self.years),
                    src=Value("vol", output_field=CharField()),
                )
            )
        return [qs.values_list("sid", "yr", "src") for qs in sources]

    def students_engaged(self) -> dict:
        rows = _union_rows(
            self._student_sources(), "u.yr, COUNT(DISTINCT u.sid)", "GROUP BY u.yr"
        )
        counts = dict(rows)
        return {y.pk: counts.get(y.pk, 0) for y in self.years}

    def _partner_sources(self):
        """(organisation, year, source) rows of every kind of partner activity."""
        from partners.models import Interaction
        from science_shop.models import ResearchQuestion

        def tag(queryset, organisation, year, source):
            return queryset.annotate(
                oid=F(organisation),
                yr=year,
                src=Value(source, output_field=CharField()),
            ).values_list("oid", "yr", "src")

        sources = [
            tag(
                self.counted_placements(),
                "offer__organisation_id",
                _year_of("activated_at", self.years),
                "sl",
            )
        ]
        if self.science_shop_applies:
            questions = ResearchQuestion.objects.filter(self.question_q()).order_by()
            for field in ("created_at", "delivered_at", "published_at"):
                sources.append(
                    tag(
                        questions.filter(_in_window(field, self.years)),
                        "organisation_id",
                        _year_of(field, self.years),
                        "ss",
                    )
                )
        if self.volunteering_applies:
            sources.append(
                tag(
                    self._shifts().filter(opportunity__organisation__isnull=False),
                    "opportunity__organisation_id",
                    _year_of("starts_at", self.years),
                    "vol",
                )
            )
        if self.interactions_apply:
            interactions = Interaction.objects.filter(
                _in_window("date", self.years, is_date=True)
            ).order_by()
            if self.organisation_id:
                interactions = interactions.filter(organisation_id=self.organisation_id)
            sources.append(
                tag(
                    interactions,
                    "organisation_id",
                    _year_of("date", self.years, is_date=True),
                    "crm",
                )
            )
        return sources

    def active_partners(self) -> dict:
        rows = _union_rows(
            self._partner_sources(),
            "u.yr, COUNT(DISTINCT u.oid), "
            "COUNT(DISTINCT CASE WHEN u.src = 'sl' THEN u.oid END), "
            "COUNT(DISTINCT CASE WHEN u.src = 'ss' THEN u.oid END), "
            "COUNT(DISTINCT CASE WHEN u.src = 'vol' THEN u.oid END), "
            "COUNT(DISTINCT CASE WHEN u.src = 'crm' THEN u.oid END)",
            "GROUP BY u.yr",
        )
        by_year = {row[0]: row[1:] for row in rows}
        result = {}
        for y in self.years:
            active, sl, ss, vol, crm = by_year.get(y.pk, (0, 0, 0, 0, 0))
            result[y.pk] = {
                "active": active,
                "service_learning": sl,
                "science_shop": ss if self.science_shop_applies else None,
                "volunteering": vol if self.volunteering_applies else None,
                "interactions": crm if self.interactions_apply else None,
            }
        return result

    def partner_highlights(self) -> list[dict]:
        """The partners that hosted the most students this year (placements and
        volunteers), with their hours and answered questions."""
        from partners.models import Organisation
        from placements.models import HourEntry
        from science_shop.models import ResearchQuestion

        year = self.year
        sources = [
            self.counted_placements()
            .filter(_in_year("activated_at", year))
            .annotate(
                oid=F("offer__organisation_id"),
                sid=F("student_id"),
                src=Value("sl", output_field=CharField()),
            )
            .values_list("oid", "sid", "src")
        ]
        if self.volunteering_applies:
            sources.append(
                self._attended()
                .filter(
                    _in_year("shift__starts_at", year),
                    shift__opportunity__organisation__isnull=False,
                )
                .annotate(
                    oid=F("shift__opportunity__organisation_id"),
                    sid=F("student_id"),
                    src=Value("vol", output_field=CharField()),
                )
                .values_list("oid", "sid", "src")
            )
        top = _union_rows(
            sources,
            "u.oid, COUNT(DISTINCT u.sid), "
            "COUNT(DISTINCT CASE WHEN u.src = 'sl' THEN u.sid END), "
            "COUNT(DISTINCT CASE WHEN u.src = 'vol' THEN u.sid END)",
            "GROUP BY u.oid ORDER BY COUNT(DISTINCT u.sid) DESC, u.oid "
            f"LIMIT {HIGHLIGHTED_PARTNERS}",
        )
        ids = [row[0] for row in top]
        if not ids:
            return []
        names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
        hours = dict(
            HourEntry.objects.filter(
                _in_year("date", year, is_date=True),
                self.placement_q("placement__"),
                status=HourEntry.Status.APPROVED,
                placement__offer__organisation_id__in=ids,
            )
            .order_by()
            .values("placement__offer__organisation_id")
            .annotate(total=Sum("hours"))
            .values_list("placement__offer__organisation_id", "total")
        )
        answered = {}
        if self.science_shop_applies:
            answered = dict(
                ResearchQuestion.objects.filter(
                    _in_year("delivered_at", year),
                    self.question_q(),
                    organisation_id__in=ids,
                )
                .order_by()
                .values("organisation_id")
                .annotate(n=Count("pk"))
                .values_list("organisation_id", "n")
            )
        return [
            {
                "id": oid,
                "name": names.get(oid, ""),
                "students": students,
                "students_placed": placed,
                "volunteers": volunteers if self.volunteering_applies else None,
                "approved_hours": _hours(hours.get(oid)),
                "questions_answered": (
                    answered.get(oid, 0) if self.science_shop_applies else None
                ),
            }
            for oid, students, placed, volunteers in top
        ]

    # -- Breakdowns (the report's year) ------------------------------------------

    def breakdown(self, model, sl_lookup, ss_lookup, vol_lookup) -> dict:
        """{pk: {"service_learning_students", "science_shop_questions",
        "volunteers"}} for target groups or SDGs."""
        from science_shop.models import ResearchQuestion

        year = self.year
        result = {}

        def put(rows, key):
            for pk, n in rows:
                if pk is not None:
                    result.setdefault(pk, {})[key] = n

        put(
            self.counted_placements()
            .filter(_in_year("activated_at", year))
            .values(sl_lookup)
            .annotate(n=Count("student", distinct=True))
            .values_list(sl_lookup, "n"),
            "service_learning_students",
        )
        if self.science_shop_applies:
            put(
                ResearchQuestion.objects.filter(
                    _in_year("created_at", year), self.question_q()
                )
                .order_by()
                .values(ss_lookup)
                .annotate(n=Count("pk", distinct=True))
                .values_list(ss_lookup, "n"),
                "science_shop_questions",
            )
        if self.volunteering_applies:
            put(
                self._attended()
                .filter(_in_year("shift__starts_at", year))
                .values(vol_lookup)
                .annotate(n=Count("student", distinct=True))
                .values_list(vol_lookup, "n"),
                "volunteers",
            )
        return result

    def published_results(self) -> list[dict]:
        from science_shop.models import ResearchQuestion

        published = ResearchQuestion.objects.published().filter(
            _in_year("published_at", self.year), self.question_q()
        )
        rows = list(
            published.select_related("organisation", "faculty").order_by(
                "-published_at", "-pk"
            )[:LISTED_RESULTS]
        )
        return [
            {
                "reference": q.reference,
                "title": q.display_title,
                "faculty": q.faculty.name if q.faculty_id else "",
                # Named only when the question and the organisation allow it.
                "organisation": (
                    q.organisation.name if q.names_organisation_publicly else None
                ),
                "lay_summary": q.lay_summary,
                "published_on": timezone.localdate(q.published_at).isoformat(),
                "thesis_url": q.thesis_url,
            }
            for q in rows
        ]

    # -- Assembly ------------------------------------------------------------------

    def compute(self) -> dict:  # noqa: C901 - one pass over every section
        years = self.years
        sl = self.service_learning_by_year()
        cells = self.pathway_cells()
        hours = self.approved_hours()
        questions = self.questions_by_faculty() if self.science_shop_applies else {}
        transitions = self.question_transitions() if self.science_shop_applies else {}
        ss_students = self.science_shop_students() if self.science_shop_applies else {}
        volunteering = self.volunteering_by_year() if self.volunteering_applies else {}
        engaged = self.students_engaged()
        partners = self.active_partners()

        faculties = list(
            Faculty.objects.filter(is_active=True).order_by("sort_order", "name_en")
        )
        if self.faculty_ids is not None:
            faculties = [f for f in faculties if f.pk in self.faculty_ids]
        faculty_ids = {f.pk for f in faculties}

        headlines = []
        for y in years:
            with_pathway = sum(
                1 for fid in faculty_ids if cells.get(fid, {}).get(y.pk, (0, 0))[0]
            )
            ss_year = {"received": 0, "referred_in": 0, "delivered": 0, "published": 0}
            for by_year in questions.values():
                for key, value in by_year[y.pk].items():
                    ss_year[key] += value
            headline = {
                "year": y.label,
                "students_engaged": engaged[y.pk],
                "service_learning": {
                    **sl[y.pk],
                    "approved_hours": _hours(
                        sum((h[y.pk] for h in hours.values()), Decimal(0))
                    ),
                },
                "science_shop": (
                    {
                        "received": ss_year["received"],
                        "accepted": transitions[y.pk]["accepted"],
                        "referred_out": transitions[y.pk]["referred_out"],
                        "referred_in": ss_year["referred_in"],
                        "delivered": ss_year["delivered"],
                        "published": ss_year["published"],
                        "students": ss_students[y.pk],
                    }
                    if self.science_shop_applies
                    else dict.fromkeys(
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
                ),
                "volunteering": (
                    volunteering[y.pk]
                    if self.volunteering_applies
                    else dict.fromkeys(
                        [
                            "volunteers",
                            "volunteer_hours",
                            "opportunities",
                            "shifts",
                            "student_initiatives",
                        ]
                    )
                ),
                "partners": partners[y.pk],
                "pathway": {
                    "faculties_with_pathway": with_pathway,
                    "faculties_total": len(faculties),
                },
            }
            headlines.append(headline)
        current = headlines[-1]

        # The pathway: faculties, the matrix, programmes and campuses.
        programme_cells = self.programme_cells()
        campus_cells = self.campus_cells()
        programmes = list(
            Programme.objects.filter(is_active=True, faculty_id__in=faculty_ids)
            .order_by()
            .values("pk", "code", "name_en", "name_nl", "faculty_id")
        )
        programmes_by_faculty = {}
        for programme in programmes:
            programmes_by_faculty.setdefault(programme["faculty_id"], []).append(
                programme
            )
        campuses = list(Campus.objects.order_by("sort_order", "name_en"))
        if self.campus_id:
            campuses = [c for c in campuses if c.pk == self.campus_id]

        group_labels = dict(Faculty.Group.choices)
        faculty_rows = []
        for faculty in faculties:
            courses, students = cells.get(faculty.pk, {}).get(self.year.pk, (0, 0))
            own = programmes_by_faculty.get(faculty.pk, [])
            covered = sum(1 for p in own if p["pk"] in programme_cells)
            ss = questions.get(faculty.pk, {}).get(self.year.pk, {})
            faculty_rows.append(
                {
                    "code": faculty.code,
                    "name": faculty.name,
                    "group": faculty.group,
                    "group_label": str(group_labels[faculty.group]),
                    "has_pathway": courses > 0,
                    "courses": courses,
                    "students": students,
                    "approved_hours": _hours(
                        hours.get(faculty.pk, {}).get(self.year.pk)
                    ),
                    "programmes_total": len(own),
                    "programmes_with_pathway": covered,
                    "programmes_share": round(100 * covered / len(own)) if own else 0,
                    "questions_received": (
                        ss.get("received", 0) if self.science_shop_applies else None
                    ),
                    "questions_delivered": (
                        ss.get("delivered", 0) if self.science_shop_applies else None
                    ),
                }
            )

        matrix_groups = []
        for group, label in Faculty.Group.choices:
            rows = []
            for faculty in faculties:
                if faculty.group != group:
                    continue
                row_cells = []
                for y in years:
                    courses, students = cells.get(faculty.pk, {}).get(y.pk, (0, 0))
                    row_cells.append(
                        {
                            "year": y.label,
                            "courses": courses,
                            "students": students,
                            "has_pathway": courses > 0,
                        }
                    )
                rows.append(
                    {"code": faculty.code, "name": faculty.name, "cells": row_cells}
                )
            if rows:
                matrix_groups.append(
                    {"group": group, "label": str(label), "rows": rows}
                )

        covered_programmes = [
            {
                "code": p["code"],
                "name": _name(p),
                "faculty": next(
                    (f.code for f in faculties if f.pk == p["faculty_id"]), ""
                ),
                "courses": programme_cells[p["pk"]][0],
                "students": programme_cells[p["pk"]][1],
            }
            for p in programmes
            if p["pk"] in programme_cells
        ]
        campus_rows = []
        for campus in campuses:
            courses, students = campus_cells.get(campus.pk, (0, 0))
            campus_rows.append(
                {
                    "code": campus.code,
                    "name": campus.name,
                    "has_pathway": courses > 0,
                    "courses": courses,
                    "students": students,
                }
            )

        pathway = {
            **current["pathway"],
            "faculties": faculty_rows,
            "gap": [
                {"code": row["code"], "name": row["name"]}
                for row in faculty_rows
                if not row["has_pathway"]
            ],
            "matrix": {"years": [y.label for y in years], "groups": matrix_groups},
            "programmes_with_pathway": len(covered_programmes),
            "programmes_total": len(programmes),
            "programmes": [
                {
                    "code": row["code"],
                    "name": row["name"],
                    "total": row["programmes_total"],
                    "with_pathway": row["programmes_with_pathway"],
                    "share": row["programmes_share"],
                }
                for row in faculty_rows
            ],
            "programmes_covered": covered_programmes,
            "campuses_with_pathway": sum(
                1 for row in campus_rows if row["has_pathway"]
            ),
            "campuses_total": len(campus_rows),
            "campuses": campus_rows,
        }

        target_groups = self.breakdown(
            TargetGroup,
            "offer__target_groups",
            "target_groups",
            "shift__opportunity__target_groups",
        )
        sdgs = self.breakdown(
            SDG, "offer__organisation__sdgs", "sdgs", "shift__opportunity__sdgs"
        )

        def breakdown_row(counts):
            return {
                "service_learning_students": counts.get("service_learning_students", 0),
                "science_shop_questions": (
                    counts.get("science_shop_questions", 0)
                    if self.science_shop_applies
                    else None
                ),
                "volunteers": (
                    counts.get("volunteers", 0) if self.volunteering_applies else None
                ),
            }

        results = self.published_results() if self.science_shop_applies else []
        organisation = self.params.organisation
        not_applicable = []
        if not self.science_shop_applies:
            not_applicable.append("science_shop")
        if not self.volunteering_applies:
            not_applicable.append("volunteering")
        if not self.interactions_apply:
            not_applicable.append("interactions")

        return {
            "meta": {
                "year": self.year.label,
                "year_start": self.year.start_date.isoformat(),
                "year_end": self.year.end_date.isoformat(),
                "faculty": (
                    {"code": self.params.faculty.code, "name": self.params.faculty.name}
                    if self.params.faculty
                    else None
                ),
                "campus": (
                    {"code": self.params.campus.code, "name": self.params.campus.name}
                    if self.params.campus
                    else None
                ),
                "partner": (
                    {"id": organisation.pk, "name": organisation.name}
                    if organisation is not None
                    else None
                ),
                "scope": (
                    sorted(f.code for f in faculties)
                    if self.params.faculty_ids is not None
                    else None
                ),
                "years": [y.label for y in years],
                "not_applicable": not_applicable,
                "language": current_language(),
                "generated_at": timezone.now().isoformat(timespec="seconds"),
            },
            "students_engaged": current["students_engaged"],
            "service_learning": current["service_learning"],
            "science_shop": current["science_shop"],
            "volunteering": current["volunteering"],
            "partners": current["partners"],
            "pathway": pathway,
            "breakdowns": {
                "target_groups": [
                    {
                        "slug": group.slug,
                        "name": group.name,
                        **breakdown_row(target_groups.get(group.pk, {})),
                    }
                    for group in TargetGroup.objects.order_by("sort_order", "name_en")
                ],
                "sdgs": [
                    {
                        "number": sdg.number,
                        "name": sdg.name,
                        **breakdown_row(sdgs.get(sdg.pk, {})),
                    }
                    for sdg in SDG.objects.order_by("number")
                ],
            },
            "trends": headlines,
            "highlights": {
                "published_results": results,
                "partners": self.partner_highlights(),
            },
        }


def compute_report(params: ReportParams) -> dict:
    """Every figure of the impact report for `params` (see the module docstring)."""
    return _Report(params).compute()


def cached_report(params: ReportParams, *, timeout: int = 300) -> dict:
    """`compute_report`, kept for a few minutes per year, scope and language."""
    from django.core.cache import cache

    key = params.cache_key()
    report = cache.get(key)
    if report is None:
        report = compute_report(params)
        cache.set(key, report, timeout)
    return report

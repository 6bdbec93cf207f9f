"""Impact report timings on ten academic years of data (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage \\
        .venv/bin/python tests/benchmarks/bench_impact.py [--placements 100000]

Creates a dedicated database (`engage_bench`, dropped afterwards unless --keep),
fills it with INSERT ... SELECT generate_series: ten academic years with about
100,000 placements, 100,000 sign-ups, 1,000,000 hour entries, research questions
and interactions, then prints the time of the JSON report (the figures) and the PDF
report (figures and rendering) and their query counts.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/engage")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, models  # noqa: E402

BENCH_DB = "engage_bench"


def say(*parts):
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def insert_select(model, count: int, exprs: dict) -> int:
    """INSERT `count` rows of `model` from generate_series (g = 1..count).

    Columns not in `exprs` get the field's default (as a parameter), NULL when
    nullable, now() for timestamps. Returns the id just before the first new row.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        base = cursor.fetchone()[0]
        columns, values, params = [], [], []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(f'"{field.column}"')
            if field.column in exprs:
                values.append(exprs[field.column].replace("%", "%%"))
            elif isinstance(field, models.DateTimeField) and (
                field.auto_now or field.auto_now_add or field.null is False
            ):
                values.append("now()")
            elif field.has_default():
                values.append("%s")
                params.append(field.get_db_prep_save(field.get_default(), connection))
            elif field.null:
                values.append("NULL")
            else:
                values.append("''")
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM generate_series(1, {count}) AS g",
            params,
        )
    return base


def array(values) -> str:
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]"


def fill(args):
    from engage.accounts.models import User
    from engage.taxonomy.models import SDG, TargetGroup
    from engage.university.models import AcademicYear, Campus, Faculty, Programme
    from engage.volunteering.models import Opportunity, Shift, SignUp
    from partners.models import Contact, Interaction, Organisation
    from placements.models import Course, Enrolment, HourEntry, Offer, Placement
    from science_shop.models import ResearchQuestion, StatusChange, StudentMatch

    current = AcademicYear.objects.current()
    years = list(
        AcademicYear.objects.filter(start_date__lte=current.start_date).order_by(
            "-start_date"
        )[:10]
    )[::-1]
    year_ids = array(y.pk for y in years)
    year_starts = "ARRAY[" + ",".join(f"'{y.start_date}'::date" for y in years) + "]"
    faculties = array(Faculty.objects.order_by("pk").values_list("pk", flat=True))
    campuses = array(Campus.objects.order_by("pk").values_list("pk", flat=True))
    programmes = array(Programme.objects.order_by("pk").values_list("pk", flat=True))
    groups = array(TargetGroup.objects.order_by("pk").values_list("pk", flat=True))
    sdgs = array(SDG.objects.order_by("pk").values_list("pk", flat=True))
    n_years = len(years)
    placements = args.placements
    courses_per_year = max(placements // 1000, 16)
    n_courses = courses_per_year * n_years
    per_course = placements // n_courses
    n_students = placements // 2
    n_orgs = 2000
    n_shifts = args.signups // 5
    n_opps = 500

    started = time.perf_counter()
    sbase = insert_select(
        User,
        n_students,
        {
            "email": "'bench' || g || '@student.example'",
            "student_number": "'b' || g",
            "password": "'!'",
            "first_name": "'Student'",
            "last_name": "g::text",
            "preferred_language": "'nl'",
            "is_active": "true",
        },
    )
    obase = insert_select(
        Organisation,
        n_orgs,
        {
            "name": "'Bench organisation ' || g",
            "status": "'active'",
            "enterprise_number": "NULL",
        },
    )
    with connection.cursor() as cursor:
        through = Organisation.sdgs.through._meta.db_table
        cursor.execute(
            f"INSERT INTO {through} (organisation_id, sdg_id) "  # noqa: S608
            f"SELECT {obase} + g, ({sdgs})[1 + g % 17] "
            f"FROM generate_series(1, {n_orgs}) g"
        )
    cbase_contact = insert_select(
        Contact,
        n_orgs,
        {
            "organisation_id": f"{obase} + g",
            "first_name": "'Contact'",
            "last_name": "g::text",
            "email": "'contact' || g || '@bench.example'",
        },
    )
    course_year = f"((g - 1) / {courses_per_year})"
    cbase = insert_select(
        Course,
        n_courses,
        {
            "code": "'BENCH' || g",
            "academic_year_id": f"({year_ids})[1 + {course_year}]",
            "title_en": "'Bench course ' || g",
            "title_nl": "'Benchvak ' || g",
            "faculty_id": f"({faculties})[1 + (g % 13)]",  # three faculties have none
            "campus_id": f"({campuses})[1 + (g % 11)]",
            "status": "'running'",
        },
    )
    with connection.cursor() as cursor:
        through = Course.programmes.through._meta.db_table
        cursor.execute(
            f"INSERT INTO {through} (course_id, programme_id) "  # noqa: S608
            f"SELECT {cbase} + g, ({programmes})[1 + g % 40] "
            f"FROM generate_series(1, {n_courses}) g"
        )
    offer_base = insert_select(
        Offer,
        n_courses,
        {
            "organisation_id": f"{obase} + 1 + (g % {n_orgs})",
            "academic_year_id": f"({year_ids})[1 + {course_year}]",
            "title_en": "'Bench offer ' || g",
            "title_nl": "''",
            "tasks_en": "'Tasks'",
            "tasks_nl": "''",
            "places": "500",
            "start_date": f"({year_starts})[1 + {course_year}] + 20",
            "end_date": f"({year_starts})[1 + {course_year}] + 200",
            "status": "'published'",
            "faculty_id": "NULL",
        },
    )
    with connection.cursor() as cursor:
        through = Offer.target_groups.through._meta.db_table
        cursor.execute(
            f"INSERT INTO {through} (offer_id, targetgroup_id) "  # noqa: S608
            f"SELECT {offer_base} + g, ({groups})[1 + g % 12] "
            f"FROM generate_series(1, {n_courses}) g"
        )
    # Enrolment g: course (g-1) % n_courses, the k-th student of that course.
    course_of = f"((g - 1) % {n_courses})"
    student_of = (
        f"{sbase} + 1 + ((((g - 1) / {n_courses}) * 997 + {course_of}) % {n_students})"
    )
    ebase = insert_select(
        Enrolment,
        n_courses * per_course,
        {"course_id": f"{cbase} + 1 + {course_of}", "student_id": student_of},
    )
    year_of_course = f"({course_of} / {courses_per_year})"
    pbase = insert_select(
        Placement,
        n_courses * per_course,
        {
            "enrolment_id": f"{ebase} + g",
            "course_id": f"{cbase} + 1 + {course_of}",
            "student_id": student_of,
            "offer_id": f"{offer_base} + 1 + {course_of}",
            "status": "CASE WHEN g % 10 = 0 THEN 'proposed' WHEN g % 3 = 0 "
            "THEN 'completed' ELSE 'active' END",
            "activated_at": f"CASE WHEN g % 10 = 0 THEN NULL ELSE "
            f"(({year_starts})[1 + {year_of_course}] + 20 + (g % 150))::timestamptz "
            "+ interval '9 hours' END",
            "allocation_run_id": "NULL",
        },
    )
    n_placements = n_courses * per_course
    insert_select(
        HourEntry,
        n_placements * 10,
        {
            "placement_id": f"{pbase} + 1 + ((g - 1) % {n_placements})",
            "date": f"({year_starts})[1 + ((((g - 1) % {n_placements}) % {n_courses})"
            f" / {courses_per_year})] + 30 + (g % 200)",
            "hours": "2.5",
            "activity": "'Bench hours'",
            "status": "CASE WHEN g % 5 = 0 THEN 'pending' ELSE 'approved' END",
        },
    )
    say(
        f"  service-learning: {n_courses} courses, {n_placements} placements, "
        f"{n_placements * 10} hour entries ({time.perf_counter() - started:.0f} s)"
    )

    opp_base = insert_select(
        Opportunity,
        n_opps,
        {
            "organisation_id": f"{obase} + 1 + (g % {n_orgs})",
            "initiative_id": "NULL",
            "title_en": "'Bench opportunity ' || g",
            "description_en": "'Help out'",
            "campus_id": f"({campuses})[1 + (g % 11)]",
            "contact_name": "'Organiser'",
            "contact_email": "'organiser@bench.example'",
            "status": "'published'",
            "publish_from": "NULL",
            "publish_until": "NULL",
        },
    )
    with connection.cursor() as cursor:
        for field, target, column in (
            ("target_groups", groups, "targetgroup_id"),
            ("sdgs", sdgs, "sdg_id"),
        ):
            through = getattr(Opportunity, field).through._meta.db_table
            modulo = 12 if field == "target_groups" else 17
            cursor.execute(
                f"INSERT INTO {through} (opportunity_id, {column}) "  # noqa: S608
                f"SELECT {opp_base} + g, ({target})[1 + g % {modulo}] "
                f"FROM generate_series(1, {n_opps}) g"
            )
    shifts_per_year = n_shifts // n_years
    shift_day = f"({year_starts})[1 + ((g - 1) / {shifts_per_year}) % {n_years}]"
    shift_base = insert_select(
        Shift,
        n_shifts,
        {
            "opportunity_id": f"{opp_base} + 1 + ((g - 1) % {n_opps})",
            "rule_id": "NULL",
            "starts_at": f"({shift_day}"
            " + (g % 360))::timestamptz + interval '18 hours' + (g % 60) * interval "
            "'1 minute'",
            "ends_at": f"({shift_day}"
            " + (g % 360))::timestamptz + interval '20 hours' + (g % 60) * interval "
            "'1 minute'",
            "capacity": "10",
            "places_taken": "5",
            "status": "'scheduled'",
        },
    )
    insert_select(
        SignUp,
        n_shifts * 5,
        {
            "shift_id": f"{shift_base} + 1 + ((g - 1) % {n_shifts})",
            "student_id": f"{sbase} + 1 + ((((g - 1) % {n_shifts}) * 5 + (g - 1) / "
            f"{n_shifts}) % {n_students})",
            "sequence": f"1 + (g - 1) / {n_shifts}",
            "status": "CASE WHEN g % 5 = 0 THEN 'confirmed' ELSE 'attended' END",
            "hours": "CASE WHEN g % 5 = 0 THEN 0 ELSE 2 END",
            "offer_expires_at": "NULL",
        },
    )
    say(
        f"  volunteering: {n_opps} opportunities, {n_shifts} shifts, "
        f"{n_shifts * 5} sign-ups ({time.perf_counter() - started:.0f} s)"
    )

    n_questions = 3000
    q_year = f"((g - 1) % {n_years})"
    qbase = insert_select(
        ResearchQuestion,
        n_questions,
        {
            "reference": "'BENCH-' || g",
            "organisation_id": f"{obase} + 1 + (g % {n_orgs})",
            "contact_id": f"{cbase_contact} + 1 + (g % {n_orgs})",
            "title": "'Bench question ' || g",
            "question": "'Q'",
            "background": "'B'",
            "intended_use": "'U'",
            "is_nonprofit": "true",
            "has_no_research_budget": "true",
            "has_no_commercial_aim": "true",
            "privacy_consent": "true",
            "publication_consent": "true",
            "status": "CASE WHEN g % 3 = 0 THEN 'published' ELSE 'in_progress' END",
            "faculty_id": f"({faculties})[1 + (g % 16)]",
            "academic_year_id": f"({year_ids})[1 + {q_year}]",
            "form": "'master_thesis'",
            "articulated_question": "'Q'",
            "lay_summary_en": "'Summary'",
            "lay_summary_nl": "'Samenvatting'",
            "created_at": f"(({year_starts})[1 + {q_year}] + (g % 100))::timestamptz",
            "delivered_at": f"CASE WHEN g % 3 = 0 THEN (({year_starts})[1 + {q_year}]"
            " + 250)::timestamptz END",
            "published_at": f"CASE WHEN g % 3 = 0 THEN (({year_starts})[1 + {q_year}]"
            " + 260)::timestamptz END",
            "referred_to_id": "NULL",
            "referred_from_id": "NULL",
            "supervisor_id": "NULL",
            "coordinator_id": "NULL",
        },
    )
    with connection.cursor() as cursor:
        for field, target, column, modulo in (
            ("target_groups", groups, "targetgroup_id", 12),
            ("sdgs", sdgs, "sdg_id", 17),
        ):
            through = getattr(ResearchQuestion, field).through._meta.db_table
            cursor.execute(
                f"INSERT INTO {through} (researchquestion_id, {column}) "  # noqa: S608
                f"SELECT {qbase} + g, ({target})[1 + g % {modulo}] "
                f"FROM generate_series(1, {n_questions}) g"
            )
    insert_select(
        StatusChange,
        n_questions * 2,
        {
            "question_id": f"{qbase} + 1 + ((g - 1) % {n_questions})",
            "from_status": "CASE WHEN g <= 3000 THEN 'intake' ELSE 'matched' END",
            "to_status": "CASE WHEN g <= 3000 THEN 'accepted' ELSE 'in_progress' END",
            "actor_id": "NULL",
            "created_at": f"(({year_starts})[1 + ((g - 1) % {n_questions}) % "
            f"{n_years}] + 30 + (g % 50))::timestamptz",
        },
    )
    insert_select(
        StudentMatch,
        n_questions,
        {
            "question_id": f"{qbase} + g",
            "student_id": f"{sbase} + 1 + ((g * 13) % {n_students})",
            "confirmed_at": "now()",
        },
    )
    insert_select(
        Interaction,
        10_000,
        {
            "organisation_id": f"{obase} + 1 + (g % {n_orgs})",
            "kind": "'meeting'",
            "date": f"({year_starts})[1 + (g % {n_years})] + (g % 300)",
            "summary": "'Met'",
            "follow_up_date": "NULL",
            "follow_up_assignee_id": "NULL",
            "created_by_id": "NULL",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(
        f"  Science Shop: {n_questions} questions; 10000 interactions "
        f"({time.perf_counter() - started:.0f} s in all)"
    )
    return current


def count_queries(func) -> int:
    calls = []

    def wrapper(execute, sql, params, many, context):
        calls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        func()
    return len(calls)


def timed(func, repeat):
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        func()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples), min(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--signups", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="Keep engage_bench.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL=postgres://...")

    connection.settings_dict["TEST"]["NAME"] = BENCH_DB
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connections.close_all()
        if args.keep:
            say(f"Kept the database {BENCH_DB}.")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from engage.impact.metrics import ReportParams, compute_report
    from engage.impact.rendering import report_pdf
    from engage.impact.tables import report_json
    from engage.university.models import Faculty

    say(f"Filling {BENCH_DB} (PostgreSQL) with ten academic years ...")
    year = fill(args)
    with connection.cursor() as cursor:
        for table in (
            "placements_placement",
            "placements_hourentry",
            "volunteering_signup",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            say(f"  {table}: {cursor.fetchone()[0]} rows")

    params = ReportParams(year=year)
    say("")
    say(f"Impact report for {year.label} (the whole university, five-year trends):")
    queries = count_queries(lambda: report_json(compute_report(params)))
    median, low, high = timed(lambda: report_json(compute_report(params)), args.repeat)
    say(
        f"  JSON report: {median:.2f} s (min {low:.2f}, max {high:.2f}), "
        f"{queries} queries"
    )

    def pdf():
        return report_pdf(compute_report(params), language="en")

    queries = count_queries(pdf)
    median, low, high = timed(pdf, args.repeat)
    say(
        f"  PDF report:  {median:.2f} s (min {low:.2f}, max {high:.2f}), "
        f"{queries} queries, {len(pdf()) // 1024} KiB"
    )

    arts = Faculty.objects.get(code="ARTS")
    faculty = ReportParams(year=year, faculty=arts)
    median, low, high = timed(lambda: report_json(compute_report(faculty)), args.repeat)
    say(f"  JSON report for one faculty: {median:.2f} s")


if __name__ == "__main__":
    main()

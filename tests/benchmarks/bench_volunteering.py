"""KOTengage figures: sign-up throughput, listing and feed render times, queries.

    DJANGO_SETTINGS_MODULE=engage.settings.test .venv/bin/python \\
        tests/benchmarks/bench_volunteering.py [--opportunities 500] [--signups 300]

Creates a throw-away test database (SQLite file or PostgreSQL via DATABASE_URL),
prints the figures and removes the database again.
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def say(*parts):
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")


def count_queries(func) -> int:
    """Queries run by `func` (an execute wrapper: immune to per-request resets)."""
    calls = []

    def wrapper(execute, sql, params, many, context):
        calls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        func()
    return len(calls)


def timed(func, repeat=5):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opportunities", type=int, default=500)
    parser.add_argument("--signups", type=int, default=300)
    parser.add_argument("--threads", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    # As in the test runner: keep one connection across requests (queries counted).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from cms.demo import seed as seed_site
    from cms.models import HomePage, OpportunityIndexPage
    from engage.accounts.factories import StudentFactory
    from engage.accounts.models import Role, User
    from engage.volunteering import services
    from engage.volunteering.demo import _demo_students
    from engage.volunteering.factories import (
        OpportunityFactory,
        ShiftFactory,
        brussels_time,
    )
    from engage.volunteering.models import Opportunity, Shift, SignUp
    from partners.factories import OrganisationFactory

    seed_site()
    home = HomePage.objects.get(locale__language_code="en")
    listing = home.add_child(
        instance=OpportunityIndexPage(title="Volunteer", slug="volunteer")
    )
    listing.save_revision().publish()
    organisation = OrganisationFactory()
    start = brussels_time(timezone.localdate() + datetime.timedelta(days=9), 18)
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation=organisation,
                title_en=f"Bench {n}",
                description_en="x",
                campus_id=OpportunityFactory.build().campus.pk,
                contact_name="A",
                contact_email="a@example.org",
                status=Opportunity.Status.PUBLISHED,
            )
            for n in range(args.opportunities)
        ]
    )
    Shift.objects.bulk_create(
        [
            Shift(
                opportunity=o,
                starts_at=start + datetime.timedelta(days=n % 60),
                ends_at=start + datetime.timedelta(days=n % 60, hours=2),
                capacity=5,
            )
            for n, o in enumerate(opportunities)
        ]
    )
    client = Client()
    client.get("/en/volunteer/")
    queries = count_queries(
        lambda: client.get("/en/volunteer/", {"weekday": start.weekday()})
    )
    listing_ms, _ = timed(lambda: client.get("/en/volunteer/", {"city": "LEU"}))
    htmx_ms, _ = timed(
        lambda: client.get(
            "/en/volunteer/",
            {"city": "LEU", "weekday": start.weekday()},
            headers={"HX-Request": "true", "HX-Target": "opportunity-results"},
        )
    )
    say(
        f"Listing, {args.opportunities} opportunities: {queries} queries, "
        f"full page {listing_ms:.0f} ms, htmx fragment {htmx_ms:.0f} ms (median)"
    )

    # Sequential sign-ups (one after another, like a busy evening).
    students = _demo_students(args.signups)
    later = start + datetime.timedelta(hours=3)
    shift = ShiftFactory(
        opportunity=opportunities[0],
        capacity=args.signups // 3,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
    )
    started = time.perf_counter()
    for student in students:
        services.sign_up(shift=shift, student=student, actor=student)
    elapsed = time.perf_counter() - started
    say(
        f"Sign-ups, sequential: {args.signups} in {elapsed:.2f} s "
        f"({args.signups / elapsed:.0f}/s, {1000 * elapsed / args.signups:.1f} ms each)"
    )

    # Concurrent sign-ups on one shift, each thread its own connection.
    crowd_shift = ShiftFactory(
        opportunity=opportunities[1],
        capacity=10,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
    )
    barrier = threading.Barrier(args.threads)

    def sign(student):
        barrier.wait()
        services.sign_up(shift=Shift(pk=crowd_shift.pk), student=student, actor=student)
        connection.close()

    crowd = students[: args.threads]
    threads = [threading.Thread(target=sign, args=(s,)) for s in crowd]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    confirmed = SignUp.objects.filter(shift=crowd_shift, status="confirmed").count()
    say(
        f"Sign-ups, {args.threads} at once for 10 places: {elapsed:.2f} s; "
        f"{confirmed} confirmed, {args.threads - confirmed} waitlisted"
    )

    # The personal iCal feed of a student with 100 confirmed shifts.
    busy = StudentFactory()
    shifts = Shift.objects.order_by("pk")[:100]
    for item in shifts:
        services.sign_up(shift=item, student=busy, actor=busy)
    feed = services.calendar_feed_for(busy)
    queries = count_queries(lambda: client.get(feed.get_absolute_url()))
    feed_ms, _ = timed(lambda: client.get(feed.get_absolute_url()))
    say(f"iCal feed, 100 events: {queries} queries, {feed_ms:.0f} ms (median)")
    say(
        f"Database: {connection.vendor}; students: "
        f"{User.objects.filter(groups__name=Role.STUDENT).count()}"
    )


if __name__ == "__main__":
    main()

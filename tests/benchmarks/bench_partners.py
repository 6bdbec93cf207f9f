"""Partner CRM figures: import, listing, 360° view, directory and merge at scale.

Run: .venv/bin/python tests/benchmarks/bench_partners.py [--rows 2000]
(uses a throw-away test database; DATABASE_URL=postgres://... to measure PostgreSQL;
background tasks are queued in the database as in production, not run).
Prints wall-clock times and query counts; nothing is asserted.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        settings.DATABASES["default"]["TEST"]["NAME"] = str(
            ROOT / ".bench-partners.sqlite3"
        )
    settings.ALLOWED_HOSTS = ["*"]
    # As in production: background work (emails, reference index) is queued in the
    # database for the worker, not run inside the request.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(label, func, repeat=1):
    """Best wall-clock time of `repeat` runs and the queries of the last one."""
    from django.db import connection

    best, result = None, None
    for _ in range(repeat):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<58} {best * 1000:9.1f} ms  {queries:6d} queries")  # noqa: T201
    return result


def run(rows):
    from django.test import Client

    from cms.demo import seed as seed_site
    from engage.accounts.factories import CoordinatorFactory
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )
    from partners import services
    from partners.demo import _seed_directory_page
    from partners.factories import (
        AgreementFactory,
        ContactFactory,
        InteractionFactory,
        OrganisationFactory,
        valid_enterprise_number,
    )
    from partners.importing import COLUMNS
    from partners.models import Organisation

    load_reference_data()
    seed_site()
    _seed_directory_page()
    coordinator = CoordinatorFactory()
    print(f"Partner CRM benchmark ({connection_vendor()}, {rows} rows)")  # noqa: T201

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "partners.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for n in range(rows):
                writer.writerow(
                    [
                        f"Organisatie {n}",
                        "vzw",
                        valid_enterprise_number(50_000 + n),
                        f"Kerkstraat {n}",
                        "3000",
                        "Leuven",
                        "BE",
                        f"www.org{n}.be",
                        f"info@org{n}.be",
                        "016 00 00 00",
                        "Children and youth; Mensen in armoede",
                        "Education",
                        "An",
                        f"Peeters {n}",
                        f"an{n}@org{n}.be",
                        "",
                        "Coordinator",
                    ]
                )

        def load(dry_run=False):
            return services.import_partners(
                source=path, filename=path.name, actor=coordinator, dry_run=dry_run
            )

        timed(f"import_partners --dry-run ({rows} rows)", lambda: load(True))
        timed(f"import_partners: create {rows} organisations", load)
        timed(f"import_partners again: update {rows} (no duplicates)", load)
    assert Organisation.objects.count() == rows

    client = Client()
    client.force_login(coordinator)
    timed(
        "admin listing, first page of 50",
        lambda: client.get("/admin/partners/organisations/"),
        repeat=3,
    )
    timed(
        "admin listing, search 'Peeters 19'",
        lambda: client.get("/admin/partners/organisations/?q=Peeters+19"),
        repeat=3,
    )
    timed(
        "admin listing, filter valid agreement + theme",
        lambda: client.get(
            "/admin/partners/organisations/?has_valid_agreement=false&themes=1"
        ),
        repeat=3,
    )

    def export():
        response = client.get("/admin/partners/organisations/?export=csv")
        return b"".join(response.streaming_content)

    timed(f"admin CSV export of {rows} organisations", export, repeat=2)
    timed(
        "public directory, first page of 24",
        lambda: client.get("/en/partner-organisations/"),
        repeat=3,
    )

    busy = OrganisationFactory(name="Busy Partner", account_owner=coordinator)
    duplicate = OrganisationFactory(name="Busy Partner vzw")
    for n in range(100):
        contact = ContactFactory(organisation=duplicate if n % 2 else busy)
        AgreementFactory(organisation=duplicate if n % 2 else busy, signed=n % 3 == 0)
        InteractionFactory(
            organisation=duplicate if n % 2 else busy, contacts=[contact]
        )
    timed(
        "partner 360° view (50 contacts, agreements, interactions)",
        lambda: client.get(f"/admin/partners/organisations/overview/{busy.pk}/"),
        repeat=3,
    )
    timed(
        "merge an organisation with 150 related records",
        lambda: services.merge_organisations(
            survivor=busy, duplicate=duplicate, actor=coordinator
        ),
    )


def connection_vendor():
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()

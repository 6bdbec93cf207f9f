"""Science Shop figures: submission throughput, listing latency, query counts.

Run: .venv/bin/python tests/benchmarks/bench_science_shop.py [--questions 1000]
(DATABASE_URL picks PostgreSQL; otherwise a throw-away SQLite file). It builds its
own test database, prints the figures and drops the database again.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _timed(func, repeat=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm caches
    durations = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = func()
            durations.append((time.perf_counter() - started) * 1000)
        assert getattr(response, "status_code", 200) == 200, response
    return statistics.median(durations), len(queries.captured_queries)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--submissions", type=int, default=50)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    # A database of its own: never the one a test run is using.
    if connection.vendor == "sqlite":
        name = str(ROOT / ".bench-science-shop.sqlite3")
    else:
        name = f"bench_{connection.settings_dict['NAME']}"
    connection.settings_dict["TEST"]["NAME"] = name
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0
        )


def run(args):
    from django.test import Client

    from cms.demo import seed as seed_site
    from engage.accounts.factories import CoordinatorFactory
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )
    from science_shop import packets, reference_data, services
    from science_shop.demo import seed_pages
    from science_shop.factories import bulk_create_questions, question_in_state
    from science_shop.forms import SubmissionForm
    from science_shop.models import ResearchQuestion, ScienceShop

    load_reference_data()
    reference_data.load()
    seed_site()
    seed_pages()
    coordinator = CoordinatorFactory()
    S = ResearchQuestion.Status
    data = {
        "organisation_name": "Vzw Bench",
        "legal_form": "vzw",
        "street": "Naamsestraat 1",
        "postcode": "3000",
        "city": "Leuven",
        "contact_first_name": "Bea",
        "contact_last_name": "Bench",
        "contact_email": "bea@bench.example",
        "language": "nl",
        "title": "Een vraag",
        "question": "Wat?",
        "background": "Waarom.",
        "intended_use": "Zo.",
        "is_nonprofit": "yes",
        "has_no_research_budget": "yes",
        "has_no_commercial_aim": "yes",
        "privacy_consent": "on",
    }
    say(f"Science Shop benchmark ({connection_vendor()}):")

    started = time.perf_counter()
    for n in range(args.submissions):
        form = SubmissionForm({**data, "submission_token": str(uuid.uuid4())})
        assert form.is_valid(), form.errors
        form.cleaned_data["organisation_name"] = f"Vzw Bench {n}"
        services.submit_question(submission=form.to_submission(), address=f"10.0.{n}.1")
    per = (time.perf_counter() - started) * 1000 / args.submissions
    say(f"  submit_question (new prospect + contact + email): {per:.1f} ms each")

    bulk_create_questions(args.questions // 2, status=S.OPEN)
    bulk_create_questions(args.questions // 4, status=S.PUBLISHED)
    bulk_create_questions(args.questions // 4, status=S.SUBMITTED)
    say(f"  questions in the database: {ResearchQuestion.objects.count()}")

    client = Client()
    from cms.models import ScienceShopResultsPage

    results_url = ScienceShopResultsPage.objects.get(locale__language_code="en").url
    for label, url in (
        ("open questions (students)", "/en/science-shop/questions/"),
        ("open questions, filtered", "/en/science-shop/questions/?form=master_thesis"),
        ("open questions, search", "/en/science-shop/questions/?q=Vraag+1"),
        ("results page", results_url),
    ):
        ms, queries = _timed(lambda url=url: client.get(url))
        say(f"  {label:<32} {ms:7.1f} ms  {queries:3d} queries")
    client.force_login(coordinator)
    for label, url in (
        ("admin listing (50 rows)", "/admin/science_shop_questions/"),
        ("admin listing, filtered", "/admin/science_shop_questions/?status=open"),
        ("pipeline board", "/admin/science_shop_board/"),
    ):
        ms, queries = _timed(lambda url=url: client.get(url))
        say(f"  {label:<32} {ms:7.1f} ms  {queries:3d} queries")

    question = question_in_state(S.INTAKE)
    question = services.refer_question(
        question=question, shop=ScienceShop.objects.get(code="ugent"), actor=coordinator
    )
    started = time.perf_counter()
    raw = packets.dumps(packets.build_packet(question))
    ScienceShop.objects.update(is_home=False)
    ScienceShop.objects.filter(code="ugent").update(is_home=True)
    services.import_referral_packet(raw=raw, actor=coordinator)
    ms = (time.perf_counter() - started) * 1000
    say(f"  referral packet export + import: {ms:.1f} ms ({len(raw)} bytes)")


def connection_vendor():
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()

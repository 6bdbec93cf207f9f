"""The first engagement certificate of a fresh process: where the time goes.

    DJANGO_SETTINGS_MODULE=engage.settings.test .venv/bin/python \\
        tests/benchmarks/bench_certificate.py [--runs 3]

Each run is a new Python process (as a new gunicorn worker is). "cold" renders the
certificate with nothing warmed; "warmed" first calls `engage.core.pdf.warm_up()`
(what gunicorn.conf.py does when a worker starts) and then renders it. Prints the
figures; needs no database.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child(warm: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.test")
    import django

    django.setup()
    from decimal import Decimal

    from django.utils import timezone

    from engage.core.pdf import render_pdf, warm_up
    from engage.volunteering.models import Certificate

    figures = {}
    if warm:
        started = time.perf_counter()
        warm_up()
        figures["warm_up"] = time.perf_counter() - started
    certificate = Certificate(
        code="ABCD-EFGH-JKMN",
        student_name="Lotte Claes",
        language="en",
        issued_at=timezone.now(),
        total_hours=Decimal("43.50"),
        items=[
            {
                "kind": "volunteering",
                "kind_label": "KOTengage volunteering",
                "title": f"Homework club {n}",
                "organisation": "Vzw De Wroeter",
                "start": "2026-10-06",
                "end": "2026-11-07",
                "hours": "3.50",
            }
            for n in range(6)
        ],
    )
    context = {"certificate": certificate, "verify_url": "https://engage.example/v/"}
    for label in ("first_certificate", "second_certificate"):
        started = time.perf_counter()
        render_pdf("volunteering/certificate_pdf.html", context, language="en")
        figures[label] = time.perf_counter() - started
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["cold", "warmed"])
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(child(args.child == "warmed")) + "\n")
        return
    for mode in ("cold", "warmed"):
        runs = []
        for _ in range(args.runs):
            output = subprocess.run(  # noqa: S603 - this very script
                [sys.executable, __file__, "--child", mode],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
        for key in runs[0]:
            values = [run[key] for run in runs]
            sys.stdout.write(
                f"{mode:7} {key:19} median {statistics.median(values):6.2f} s  "
                f"(runs: {', '.join(f'{v:.2f}' for v in values)})\n"
            )


if __name__ == "__main__":
    main()

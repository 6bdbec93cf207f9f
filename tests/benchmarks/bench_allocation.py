"""Benchmark: allocate 2,000 students over 400 offers (5 preferences each).

Run: .venv/bin/python tests/benchmarks/bench_allocation.py
Prints the solver's time (median of several runs) and the result's figures.
Not collected by pytest (no test_ prefix)."""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from placements.allocation import OfferInput, StudentInput, as_json, solve  # noqa: E402

STUDENTS, OFFERS, PREFERENCES, RUNS = 2_000, 400, 5, 5


def problem(seed: int, places=(2, 8)):
    rng = random.Random(seed)
    offers = [OfferInput(i, rng.randint(*places)) for i in range(1, OFFERS + 1)]
    # Popular offers are ranked more often (a realistic, skewed demand).
    weights = [1 / (1 + i % 40) for i in range(OFFERS)]
    students = []
    for s in range(1, STUDENTS + 1):
        prefs = []
        while len(prefs) < PREFERENCES:
            offer = rng.choices(range(1, OFFERS + 1), weights)[0]
            if offer not in prefs:
                prefs.append(offer)
        eligible = frozenset(o for o in prefs if rng.random() < 0.9)
        students.append(StudentInput(s, tuple(prefs), eligible))
    return students, offers


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def bench(label, places):
    students, offers = problem(2026, places)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = solve(students, offers, max_rank=PREFERENCES)
        as_json(
            course="BENCH",
            academic_year="2026-2027",
            students=students,
            offers=offers,
            result=result,
        )
        timings.append(time.perf_counter() - started)
    capacity = sum(o.places for o in offers)
    say(
        f"{label}: {STUDENTS} students, {OFFERS} offers ({capacity} places), "
        f"{PREFERENCES} preferences each"
    )
    say(
        f"  solve + JSON: median {statistics.median(timings):.3f} s, "
        f"min {min(timings):.3f} s, max {max(timings):.3f} s over {RUNS} runs"
    )
    say(f"  placed {result.placed}, unplaced {len(result.unplaced)}")
    say(f"  students per choice: {result.by_rank()}")


if __name__ == "__main__":
    bench("Ample places", (2, 8))
    bench("Scarce places", (1, 4))

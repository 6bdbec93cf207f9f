"""The allocation is optimal: checked against brute force and an independent
integer program (HiGHS via scipy.optimize.milp); capacity and eligibility always
hold; unplaced students get a reason; pins and forbids are honoured."""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from placements.allocation import (
    AllocationConflict,
    OfferInput,
    Reason,
    StudentInput,
    as_json,
    solve,
)


def random_problem(rng, n_students, n_offers, max_places, n_prefs, eligible_share=0.85):
    offers = [OfferInput(i, rng.randint(0, max_places)) for i in range(1, n_offers + 1)]
    students = []
    for s in range(1, n_students + 1):
        k = rng.randint(0, min(n_prefs, n_offers))
        prefs = tuple(rng.sample(range(1, n_offers + 1), k))
        eligible = frozenset(
            o for o in range(1, n_offers + 1) if rng.random() < eligible_share
        )
        forbidden = frozenset(o for o in prefs if rng.random() < 0.05)
        students.append(StudentInput(s, prefs, eligible, forbidden))
    return students, offers


def brute_force(students, offers):
    """Try every assignment: each student gets one allowed ranked offer or none."""
    capacity = {o.id: o.places for o in offers}
    options = [[None, *[offer for offer, _ in s.candidates()]] for s in students]
    best = None
    for choice in itertools.product(*options):
        used = {}
        for offer in choice:
            if offer is not None:
                used[offer] = used.get(offer, 0) + 1
        if any(count > capacity.get(offer, 0) for offer, count in used.items()):
            continue
        placed = sum(1 for offer in choice if offer is not None)
        total = sum(
            s.rank_of(offer) for s, offer in zip(students, choice, strict=True) if offer
        )
        key = (-placed, total)
        if best is None or key < best:
            best = key
    return best


def integer_program(students, offers):
    """An independent formulation: x[s,o] in {0,1}, one offer per student, places
    per offer; maximise placed, then minimise rank (lexicographic by weights)."""
    capacity = {o.id: o.places for o in offers}
    pairs = [(s, offer, rank) for s in students for offer, rank in s.candidates()]
    if not pairs:
        return (0, 0)
    big = len(students) * max(rank for *_, rank in pairs) + 1
    cost = np.array([rank - big for *_, rank in pairs], dtype=float)
    student_index = {s.id: i for i, s in enumerate(students)}
    offer_ids = sorted(capacity)
    offer_index = {o: i for i, o in enumerate(offer_ids)}
    a = lil_matrix((len(students) + len(offer_ids), len(pairs)))
    for j, (s, offer, _rank) in enumerate(pairs):
        a[student_index[s.id], j] = 1
        a[len(students) + offer_index[offer], j] = 1
    upper = [1] * len(students) + [capacity[o] for o in offer_ids]
    result = milp(
        cost,
        constraints=LinearConstraint(a.tocsr(), -np.inf, np.array(upper, dtype=float)),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
    )
    assert result.success
    chosen = [pairs[j] for j, value in enumerate(result.x) if value > 0.5]
    return (-len(chosen), sum(rank for *_, rank in chosen))


def assert_feasible(students, offers, result):
    capacity = {o.id: o.places for o in offers}
    by_id = {s.id: s for s in students}
    counts = {}
    seen = set()
    for a in result.assignments:
        assert a.student not in seen  # one placement per student
        seen.add(a.student)
        student = by_id[a.student]
        assert a.offer in student.preferences  # only ranked offers
        assert a.offer in student.eligible  # eligible (languages)
        assert a.offer not in student.forbidden
        assert a.rank == student.rank_of(a.offer)
        counts[a.offer] = counts.get(a.offer, 0) + 1
    for offer, count in counts.items():
        assert count <= capacity[offer]  # never more than the free places
    unplaced = {student for student, _ in result.unplaced}
    assert unplaced == set(by_id) - seen  # everyone else is unplaced, with a reason
    assert all(reason for _, reason in result.unplaced)


@pytest.mark.parametrize("seed", range(60))
def test_small_random_cases_match_brute_force(seed):
    rng = random.Random(seed)
    students, offers = random_problem(
        rng,
        n_students=rng.randint(1, 7),
        n_offers=rng.randint(1, 4),
        max_places=2,
        n_prefs=3,
    )
    result = solve(students, offers)
    assert_feasible(students, offers, result)
    assert result.objective == brute_force(students, offers)


@pytest.mark.parametrize("seed", range(8))
def test_larger_cases_match_an_integer_program(seed):
    rng = random.Random(1000 + seed)
    students, offers = random_problem(
        rng,
        n_students=rng.randint(80, 250),
        n_offers=rng.randint(15, 50),
        max_places=6,
        n_prefs=5,
    )
    result = solve(students, offers)
    assert_feasible(students, offers, result)
    assert result.objective == integer_program(students, offers)


def test_placing_more_students_beats_better_ranks():
    # Alice's first choice is B's only choice: giving Alice her first choice would
    # leave B unplaced, so Alice gets her second choice.
    offers = [OfferInput(1, 1), OfferInput(2, 1)]
    alice = StudentInput(1, (1, 2), frozenset({1, 2}))
    bob = StudentInput(2, (1,), frozenset({1, 2}))
    result = solve([alice, bob], offers)
    assert {(a.student, a.offer, a.rank) for a in result.assignments} == {
        (1, 2, 2),
        (2, 1, 1),
    }


def test_same_input_same_answer():
    rng = random.Random(7)
    students, offers = random_problem(rng, 300, 40, 5, 5)
    first = solve(students, offers)
    shuffled = list(students)
    random.Random(1).shuffle(shuffled)
    second = solve(shuffled, list(reversed(offers)))
    assert first.assignments == second.assignments
    assert first.unplaced == second.unplaced


def test_every_unplaced_student_gets_the_right_reason():
    offers = [OfferInput(1, 1), OfferInput(2, 0), OfferInput(3, 1)]
    students = [
        StudentInput(1, (), frozenset({1, 2, 3})),  # ranked nothing
        StudentInput(2, (1,), frozenset()),  # speaks none of the languages
        StudentInput(3, (3,), frozenset({3}), forbidden=frozenset({3})),  # forbidden
        StudentInput(4, (2,), frozenset({2})),  # only a full offer
        StudentInput(5, (1,), frozenset({1})),  # competes with 6 for one place
        StudentInput(6, (1,), frozenset({1})),
    ]
    result = solve(students, offers)
    reasons = dict(result.unplaced)
    assert reasons[1] == Reason.NO_PREFERENCES
    assert reasons[2] == Reason.LANGUAGES
    assert reasons[3] == Reason.FORBIDDEN
    assert reasons[4] == Reason.FULL
    assert Reason.COMPETITION in {reasons.get(5), reasons.get(6)}
    assert result.placed == 1


def test_pins_are_honoured_even_against_the_optimum():
    offers = [OfferInput(1, 1), OfferInput(2, 1)]
    alice = StudentInput(1, (1, 2), frozenset({1, 2}), pinned=2)
    bob = StudentInput(2, (2, 1), frozenset({1, 2}))
    result = solve([alice, bob], offers)
    assert {(a.student, a.offer) for a in result.assignments} == {(1, 2), (2, 1)}


def test_pins_that_cannot_be_honoured_are_reported():
    offers = [OfferInput(1, 1)]
    students = [
        StudentInput(1, (1,), frozenset({1}), pinned=1),
        StudentInput(2, (1,), frozenset({1}), pinned=1),
    ]
    with pytest.raises(AllocationConflict) as excinfo:
        solve(students, offers)
    assert "no free place" in str(excinfo.value)


def test_json_has_the_documented_shape():
    offers = [OfferInput(10, 1), OfferInput(11, 2)]
    students = [
        StudentInput(1, (10, 11), frozenset({10, 11})),
        StudentInput(2, (10,), frozenset({10})),
        StudentInput(3, (), frozenset({10, 11})),
    ]
    result = solve(students, offers, max_rank=5)
    data = as_json(
        course="X",
        academic_year="2026-2027",
        students=students,
        offers=offers,
        result=result,
    )
    assert set(data) == {
        "course",
        "academic_year",
        "offers",
        "students",
        "assignments",
        "unplaced",
        "summary",
    }
    assert data["offers"] == [{"id": 10, "places": 1}, {"id": 11, "places": 2}]
    assert data["students"][0] == {
        "id": 1,
        "preferences": [10, 11],
        "eligible": [10, 11],
    }
    assert data["summary"] == {
        "placed": 2,
        "unplaced": 1,
        "by_rank": {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0},
    }
    assert data["unplaced"] == [{"student": 3, "reason": "no_preferences"}]

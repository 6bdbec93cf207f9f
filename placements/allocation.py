"""Fair allocation of students to placement offers, solved exactly.

The problem: every student ranked some offers (1 = first choice). Place as many
students as possible and, among all assignments that do, minimise the total rank
of the places given; never more students at an offer than its free places, and
only at offers the student ranked and is eligible for. Coordinators may pin a
student to one of their offers or forbid single pairs.

It is a minimum-cost bipartite matching. Each offer is expanded into one column per
free place (never more than the students who could use them); every student also
gets a private "unplaced" column. A placed student costs their rank, an unplaced one
costs BIG > (number of students x largest rank), so one more placed student always
outweighs any saving in ranks: the lexicographic optimum (placed first, then rank)
is the minimum-cost full matching, which SciPy's LAPJVsp
(`scipy.sparse.csgraph.min_weight_full_bipartite_matching`) finds exactly. Inputs
are sorted by id, so the same input always gives the same answer.

This module is pure Python + SciPy; `placements.selectors` builds its input from
the database and `placements.services.commit_allocation` writes the result.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


class Reason:
    """Why a student stays unplaced (codes in the JSON; labels in the UI)."""

    NO_PREFERENCES = "no_preferences"
    LANGUAGES = "languages"
    FORBIDDEN = "forbidden"
    FULL = "full"
    COMPETITION = "competition"


@dataclass(frozen=True)
class OfferInput:
    id: int
    places: int  # free places before this run


@dataclass(frozen=True)
class StudentInput:
    id: int
    preferences: tuple[int, ...]  # offer ids, first choice first
    eligible: frozenset[int]  # offers this student may be placed at (languages, rules)
    forbidden: frozenset[int] = frozenset()  # pairs a coordinator forbade
    pinned: int | None = None  # an offer this student must get
    ranks: tuple[int, ...] | None = None  # stated ranks (default 1, 2, 3, ...)

    def rank_of(self, offer_id: int) -> int:
        index = self.preferences.index(offer_id)
        return self.ranks[index] if self.ranks else index + 1

    def candidates(self) -> list[tuple[int, int]]:
        """(offer, rank) pairs this student may get, best first."""
        return [
            (offer, self.rank_of(offer))
            for offer in self.preferences
            if offer in self.eligible and offer not in self.forbidden
        ]


@dataclass(frozen=True)
class Assignment:
    student: int
    offer: int
    rank: int


@dataclass
class AllocationResult:
    assignments: list[Assignment]
    unplaced: list[tuple[int, str]]
    max_rank: int = 0
    conflicts: list[str] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return len(self.assignments)

    @property
    def total_rank(self) -> int:
        return sum(a.rank for a in self.assignments)

    @property
    def objective(self) -> tuple[int, int]:
        """What the allocation optimises: (-placed, total rank), smaller is better."""
        return (-self.placed, self.total_rank)

    def by_rank(self) -> dict[str, int]:
        counts = Counter(a.rank for a in self.assignments)
        top = max([self.max_rank, *counts.keys()], default=0)
        return {str(rank): counts.get(rank, 0) for rank in range(1, top + 1)}


class AllocationConflict(Exception):
    """The coordinator's pins cannot all be honoured; nothing is decided."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__("; ".join(conflicts))


def solve(
    students: list[StudentInput], offers: list[OfferInput], *, max_rank: int = 0
) -> AllocationResult:
    """The optimal allocation (most placed, then least total rank); deterministic."""
    students = sorted(students, key=lambda s: s.id)
    capacity = {o.id: max(int(o.places), 0) for o in sorted(offers, key=lambda o: o.id)}
    max_rank = max(
        [max_rank, *(r for s in students for _, r in s.candidates())], default=0
    )

    assignments: list[Assignment] = []
    conflicts: list[str] = []
    free_students: list[StudentInput] = []
    for student in students:
        if student.pinned is None:
            free_students.append(student)
            continue
        allowed = dict(student.candidates())
        if student.pinned not in allowed:
            conflicts.append(
                f"student {student.id}: pinned offer {student.pinned} is not one of "
                "their eligible ranked offers"
            )
        elif capacity.get(student.pinned, 0) <= 0:
            conflicts.append(
                f"student {student.id}: pinned offer {student.pinned} has no free place"
            )
        else:
            capacity[student.pinned] -= 1
            assignments.append(
                Assignment(student.id, student.pinned, allowed[student.pinned])
            )
    if conflicts:
        raise AllocationConflict(conflicts)

    assignments += _match(free_students, capacity, max_rank)
    placed = {a.student for a in assignments}
    unplaced = [
        (s.id, _reason(s, {o.id: max(int(o.places), 0) for o in offers}))
        for s in students
        if s.id not in placed
    ]
    assignments.sort(key=lambda a: a.student)
    return AllocationResult(
        assignments=assignments, unplaced=unplaced, max_rank=max_rank
    )


def _match(students, capacity, max_rank) -> list[Assignment]:
    candidates = [
        [(offer, rank) for offer, rank in s.candidates() if capacity.get(offer, 0) > 0]
        for s in students
    ]
    demand = Counter(offer for options in candidates for offer, _ in options)
    # One column per usable place: an offer never needs more columns than the
    # students who could take them.
    first_column, next_column = {}, 0
    for offer in sorted(demand):
        first_column[offer] = next_column
        next_column += min(capacity[offer], demand[offer])
    n = len(students)
    if n == 0 or next_column == 0:
        return []
    big = float(n * max(max_rank, 1) + 1)

    rows, cols, weights = [], [], []
    for row, options in enumerate(candidates):
        for offer, rank in options:
            start = first_column[offer]
            width = min(capacity[offer], demand[offer])
            rows.extend([row] * width)
            cols.extend(range(start, start + width))
            weights.extend([float(rank)] * width)
        rows.append(row)  # this student's own "unplaced" column
        cols.append(next_column + row)
        weights.append(big)
    matrix = csr_matrix(
        (np.asarray(weights), (np.asarray(rows), np.asarray(cols))),
        shape=(n, next_column + n),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix)

    column_offer = np.full(next_column, -1, dtype=np.int64)
    for offer, start in first_column.items():
        column_offer[start : start + min(capacity[offer], demand[offer])] = offer
    result = []
    for row, col in zip(matched_rows.tolist(), matched_cols.tolist(), strict=True):
        if col >= next_column:
            continue
        student = students[row]
        offer = int(column_offer[col])
        result.append(Assignment(student.id, offer, student.rank_of(offer)))
    return result


def _reason(student: StudentInput, capacity: dict[int, int]) -> str:
    if not student.preferences:
        return Reason.NO_PREFERENCES
    ranked = set(student.preferences)
    if not ranked & student.eligible:
        return Reason.LANGUAGES
    allowed = (ranked & student.eligible) - student.forbidden
    if not allowed:
        return Reason.FORBIDDEN
    if all(capacity.get(offer, 0) <= 0 for offer in allowed):
        return Reason.FULL
    return Reason.COMPETITION


def as_json(
    *,
    course: str,
    academic_year: str,
    students: list[StudentInput],
    offers: list[OfferInput],
    result: AllocationResult,
) -> dict:
    """The shape `allocate_placements --json` prints (and AllocationRun stores)."""
    return {
        "course": course,
        "academic_year": academic_year,
        "offers": [
            {"id": o.id, "places": int(o.places)}
            for o in sorted(offers, key=lambda o: o.id)
        ],
        "students": [
            {
                "id": s.id,
                "preferences": list(s.preferences),
                "eligible": sorted(s.eligible - s.forbidden),
            }
            for s in sorted(students, key=lambda s: s.id)
        ],
        "assignments": [
            {"student": a.student, "offer": a.offer, "rank": a.rank}
            for a in result.assignments
        ],
        "unplaced": [
            {"student": student, "reason": reason}
            for student, reason in result.unplaced
        ],
        "summary": {
            "placed": result.placed,
            "unplaced": len(result.unplaced),
            "by_rank": result.by_rank(),
        },
    }

"""The KOTengage demo data keeps the rules the services keep (issue #11)."""

import pytest

from engage.volunteering import demo
from engage.volunteering.models import SignUp

pytestmark = pytest.mark.django_db


def _overlaps():
    """(student, shift, shift) for every two place-holding sign-ups of one student
    whose shifts overlap in time."""
    rows = list(
        SignUp.objects.holding_a_place()
        .filter(shift__status="scheduled")
        .values_list("student_id", "shift_id", "shift__starts_at", "shift__ends_at")
        .order_by("student_id", "shift__starts_at")
    )
    clashes = []
    last = {}
    for student, shift, start, end in rows:
        previous = last.get(student)
        if previous is not None and start < previous[2]:
            clashes.append((student, previous[0], shift))
        if previous is None or end > previous[2]:
            last[student] = (shift, start, end)
    return clashes


def test_the_demo_seeds_no_overlapping_places(site_pages):
    from engage.accounts.demo import seed as seed_people

    seed_people()
    demo.seed()
    assert SignUp.objects.holding_a_place().count() > 500
    assert SignUp.objects.filter(student__email=demo.DEMO_STUDENT).count() >= 5
    assert _overlaps() == []

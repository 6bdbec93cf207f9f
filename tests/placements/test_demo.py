"""The demo seeder gives every role something to see, in every state."""

import pytest

from engage.accounts.demo import seed as seed_people
from placements.demo import seed
from placements.models import Course, Offer, Placement

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_state_and_the_demo_people(reference_data):
    seed_people()
    seed()
    courses = Course.objects.all()
    assert 28 <= courses.count() <= 36
    faculties = set(courses.values_list("faculty__code", flat=True))
    assert 10 <= len(faculties) < 16  # most, not all, faculties
    assert 140 <= Offer.objects.count() <= 170
    assert set(Placement.objects.values_list("status", flat=True)) == set(
        Placement.Status.values
    )
    student = Placement.objects.get(student__email="student@engage.example")
    assert student.status == Placement.Status.ACTIVE
    assert student.hour_entries.filter(status="pending").exists()
    assert student.reflections.exists()
    assert student.offer.mentor.user.email == "partner@engage.example"
    assert (
        Course.objects.filter(lecturers__email="lecturer@engage.example").count() >= 3
    )
    # Confirmed places per offer match the placements that hold one.
    for offer in Offer.objects.all():
        assert offer.places_taken == offer.placements.holding_a_place().count()
        assert offer.places_taken <= offer.places
    before = Placement.objects.count()
    seed()  # idempotent
    assert Placement.objects.count() == before

"""Bulk builders for tests that need hundreds of rows quickly."""

import itertools

from django.contrib.auth.models import Group

from engage.accounts.models import Role, User
from placements.models import Enrolment, HourEntry, Placement

_counter = itertools.count(1)


def bulk_placements(course, offers, n, status=Placement.Status.ACTIVE):
    """n students enrolled in `course`, placed round-robin at `offers`."""
    batch = next(_counter)
    users = User.objects.bulk_create(
        User(
            email=f"bulk{batch}-{i}@student.kuleuven.be",
            first_name=f"Student{i}",
            last_name=f"Bulk{batch}",
            student_number=f"b{batch:03d}{i:05d}",
            password="!",
        )
        for i in range(n)
    )
    group, _ = Group.objects.get_or_create(name=str(Role.STUDENT))
    group.user_set.add(*users)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(course=course, student=user) for user in users
    )
    placements = Placement.objects.bulk_create(
        Placement(
            enrolment=enrolment,
            course=course,
            student=enrolment.student,
            offer=offers[i % len(offers)],
            status=status,
            preference_rank=1 + i % 3,
        )
        for i, enrolment in enumerate(enrolments)
    )
    HourEntry.objects.bulk_create(
        HourEntry(
            placement=p,
            date="2026-01-10",
            hours=3,
            activity="Bulk",
            status=HourEntry.Status.APPROVED,
        )
        for p in placements
    )
    return placements

"""Capacity holds when many students click "Sign up" at the same moment."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from engage.accounts.factories import StudentFactory
from engage.volunteering import services
from engage.volunteering.factories import ShiftFactory, brussels_time
from engage.volunteering.models import Shift, SignUp


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_students_at_once_for_ten_places(reference_data):
    start = brussels_time(timezone.localdate() + datetime.timedelta(days=10), 18)
    shift = ShiftFactory(
        capacity=10, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    people = [StudentFactory() for _ in range(50)]
    barrier = threading.Barrier(len(people))
    errors, wrappers, results = [], [], {}
    lock = threading.Lock()

    def sign_up(student):
        try:
            barrier.wait(timeout=30)
            signup = services.sign_up(
                shift=Shift(pk=shift.pk), student=student, actor=student
            )
            with lock:
                wrappers.append(connections["default"])
                results[student.pk] = signup.status
        except Exception as error:  # noqa: BLE001 - every failure is reported
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    # Each thread had its own database connection (the wrappers are kept alive).
    assert len({id(wrapper) for wrapper in wrappers}) == 50
    signups = list(SignUp.objects.filter(shift=shift).order_by("sequence"))
    assert len(signups) == 50
    assert [s.sequence for s in signups] == list(range(1, 51))
    # The first ten to get the lock are confirmed; the other forty wait, in order.
    assert [s.status for s in signups] == ["confirmed"] * 10 + ["waitlisted"] * 40
    assert sorted(results.values()).count("confirmed") == 10
    shift.refresh_from_db()
    assert shift.places_taken == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_from_two_requests_creates_one_signup(reference_data):
    start = brussels_time(timezone.localdate() + datetime.timedelta(days=10), 18)
    shift = ShiftFactory(
        capacity=3, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    student = StudentFactory()
    barrier = threading.Barrier(8)
    errors, ids = [], []

    def click():
        try:
            barrier.wait(timeout=30)
            ids.append(
                services.sign_up(
                    shift=Shift(pk=shift.pk), student=student, actor=student
                ).pk
            )
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(set(ids)) == 1
    assert SignUp.objects.filter(shift=shift).count() == 1
    shift.refresh_from_db()
    assert shift.places_taken == 1

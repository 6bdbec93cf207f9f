"""An offer's places are never exceeded, also under concurrent confirmations.

Twenty threads, each with its own database connection, confirm twenty proposals
for an offer with five places at the same moment. The offer row lock serialises
them on PostgreSQL (SQLite serialises writers itself); the check constraint
`places_taken <= places` is the last line of defence."""

import threading

import pytest
from django.db import connection

from engage.core.exceptions import InvalidTransition
from placements import services
from placements.factories import EnrolmentFactory, OfferFactory
from placements.models import Offer, Placement


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_confirmations_fill_exactly_five_places(
    reference_data, current_year, coordinator
):
    offer = OfferFactory(places=5)
    course = None
    placements = []
    for _ in range(20):
        enrolment = EnrolmentFactory(**({"course": course} if course else {}))
        course = enrolment.course
        offer.courses.add(course)
        placements.append(
            services.propose_placement(
                enrolment=enrolment, offer=offer, actor=coordinator
            )
        )

    barrier = threading.Barrier(len(placements))
    outcomes = []
    lock = threading.Lock()

    def confirm(placement):
        try:
            barrier.wait()
            services.confirm_placement(placement=placement, actor=coordinator)
            result = "confirmed"
        except InvalidTransition:
            result = "full"
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=confirm, args=(p,)) for p in placements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["confirmed"] * 5 + ["full"] * 15
    offer.refresh_from_db()
    assert offer.places_taken == 5
    assert offer.status == Offer.Status.FULL
    assert Placement.objects.filter(status=Placement.Status.CONFIRMED).count() == 5

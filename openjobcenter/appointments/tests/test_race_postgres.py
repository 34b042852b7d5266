"""Never double-booked: many threads race for one slot through the real service, each on its own
PostgreSQL connection (row locks and the unique constraints as in production).

SQLite runs one writer at a time, so a race there proves nothing: these tests need PostgreSQL
(``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections
from django.db.models import Count, Q
from django.utils import timezone

from openjobcenter.appointments.models import SEAT_HOLDING, Booking, Slot, WorkingHours
from openjobcenter.appointments.services import booking as svc
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.audit.chain import seal, verify_chain
from openjobcenter.core.models import Jobcenter

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


def race(count: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run ``attempt(i)`` in ``count`` threads released at the same moment; results or exceptions."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            start.wait(timeout=10)
            results[i] = attempt(i)
        except BaseException as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def request(slot: Slot, concern, i: int, **fields) -> svc.BookingRequest:
    return svc.BookingRequest(
        slot_id=slot.pk, concern=concern, channel="in_person", name=f"Person {i}", email=f"p{i}@example.org", **fields
    )


def book_in_thread(demo: Jobcenter, req: svc.BookingRequest) -> tuple[Booking, bool]:
    # Each thread reads the Jobcenter itself, as each request does.
    return svc.book(Jobcenter.objects.get(pk=demo.pk), req)


def outcomes(results: list[Any]) -> Counter[str]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, svc.SlotTaken)]
    assert unexpected == [], unexpected
    return Counter("taken" if isinstance(r, svc.SlotTaken) else "booked" for r in results)


def assert_consistent(demo: Jobcenter) -> None:
    """Every slot's counter equals the bookings holding a seat in it, within its capacity, seats distinct."""
    slots = Slot.objects.for_tenant(demo).annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=SEAT_HOLDING))
    )
    for slot in slots:
        assert slot.booked == slot.holding <= slot.capacity, slot
    seats = Booking.objects.for_tenant(demo).filter(status__in=SEAT_HOLDING).values_list("slot_id", "seat")
    assert len(set(seats)) == len(seats)
    seal()  # entries are appended unsealed on PostgreSQL
    report = verify_chain(demo.pk, "demo")
    assert report.ok, report.problems
    assert report.pending == 0


@pytest.fixture
def later_slots(slots) -> list[Slot]:
    """Free slots at least two days ahead (outside every lead time)."""
    later = timezone.now() + dt.timedelta(days=2)
    return [slot for slot in slots if slot.start > later and not slot.blocked]


def test_twenty_people_racing_for_one_slot_make_one_booking(demo, concern, later_slots):
    slot = later_slots[0]
    results = race(THREADS, lambda i: book_in_thread(demo, request(slot, concern, i)))
    assert outcomes(results) == {"booked": 1, "taken": THREADS - 1}
    assert all(r.status == 409 and r.code == "slot_taken" for r in results if isinstance(r, svc.SlotTaken))
    # The losers are offered the next free times, never the slot they lost.
    offered = {t.slot_id for r in results if isinstance(r, svc.SlotTaken) for t in r.alternatives}
    assert offered and slot.pk not in offered
    slot.refresh_from_db()
    assert slot.booked == 1
    assert Booking.objects.for_tenant(demo).count() == 1
    assert len(mail.outbox) == 1, "only the winner is told"
    assert_consistent(demo)


def test_a_slot_with_three_desks_takes_exactly_three(demo, concern, later_slots):
    slot = later_slots[0]
    Slot.objects.for_tenant(demo).filter(pk=slot.pk).update(capacity=3)
    results = race(THREADS, lambda i: book_in_thread(demo, request(slot, concern, i)))
    assert outcomes(results) == {"booked": 3, "taken": THREADS - 3}
    slot.refresh_from_db()
    assert slot.booked == 3
    seats = sorted(Booking.objects.for_tenant(demo).filter(slot=slot).values_list("seat", flat=True))
    assert seats == [1, 2, 3]
    assert_consistent(demo)


def test_two_advisors_at_the_same_time_take_two_people(demo, concern, bernd, tanja, bernd_hours, later_slots):
    """Racers for one slot fill a sibling slot (same time and place, another advisor), then stop."""
    for entry in bernd_hours:
        entry.pk = None
        entry.staff = tanja
    WorkingHours.all_tenants.bulk_create(bernd_hours)
    reconcile_slots(demo)
    slot = later_slots[0]
    results = race(THREADS, lambda i: book_in_thread(demo, request(slot, concern, i)))
    assert outcomes(results) == {"booked": 2, "taken": THREADS - 2}
    staff = {r[0].staff_id for r in results if isinstance(r, tuple)}
    assert staff == {bernd.pk, tanja.pk}
    assert_consistent(demo)


def test_racing_reschedules_into_one_slot_move_one_booking(demo, concern, later_slots):
    target, *sources = later_slots[: THREADS // 2 + 1]
    bookings = [svc.book(demo, request(source, concern, i))[0] for i, source in enumerate(sources)]

    def move(i: int) -> Booking:
        booking = Booking.objects.for_tenant(demo).select_related("jobcenter", "concern").get(pk=bookings[i].pk)
        return svc.reschedule(booking, target.pk)

    results = race(len(bookings), move)
    assert outcomes(results) == {"booked": 1, "taken": len(bookings) - 1}
    target.refresh_from_db()
    assert target.booked == 1
    winner = next(r for r in results if isinstance(r, Booking))
    assert Booking.objects.for_tenant(demo).filter(slot=target).get().pk == winner.pk
    # The others keep the appointment they had.
    for booking, result in zip(bookings, results, strict=True):
        if isinstance(result, svc.SlotTaken):
            booking.refresh_from_db()
            assert booking.slot_id != target.pk and booking.reschedule_count == 0
    assert_consistent(demo)


@pytest.mark.parametrize("capacity", [1, 3])
def test_one_request_sent_twenty_times_at_once_makes_one_booking(demo, concern, later_slots, capacity):
    """A double click or a client retrying: the same request key from many threads; all get the one booking."""
    slot = later_slots[0]
    Slot.objects.for_tenant(demo).filter(pk=slot.pk).update(capacity=capacity)
    key = "7f1c0b1e-double-click"
    results = race(THREADS, lambda i: book_in_thread(demo, request(slot, concern, 0, request_key=key)))
    bookings = Booking.objects.for_tenant(demo)
    assert bookings.count() == 1
    slot.refresh_from_db()
    assert slot.booked == 1
    assert_consistent(demo)
    assert outcomes(results) == {"booked": THREADS}
    assert {booking.pk for booking, _new in results} == {bookings.get().pk}
    assert sorted(new for _booking, new in results) == [False] * (THREADS - 1) + [True]

"""The core booking rules, end to end through the services."""

from __future__ import annotations

import pytest

from openjobcenter.appointments.models import BookingStatus, Slot
from openjobcenter.appointments.services import booking as svc
from openjobcenter.appointments.services.slots import bookable_slots, free_times
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_slots_come_from_working_hours(slots, demo, concern):
    assert slots, "working hours must produce slots"
    assert all(s.start.astimezone().weekday() < 5 for s in slots)
    times = free_times(bookable_slots(demo, concern, "in_person"))
    assert times and times[0].start > slots[0].start.__class__.now(tz=slots[0].start.tzinfo)


def test_book_cancel_reschedule(demo, concern, free_slot, slots, make_booking):
    booking = make_booking(free_slot)
    assert booking.status == BookingStatus.BOOKED and len(booking.code) == 10
    free_slot.refresh_from_db()
    assert free_slot.booked == 1
    mail = OutboxMessage.objects.get(template="appointments_booked")
    assert mail.attachments[0]["content"].startswith("BEGIN:VCALENDAR")
    with pytest.raises(svc.SlotTaken):
        make_booking(free_slot, email="other@example.org")
    other = next(s for s in slots if s.start > free_slot.start)
    moved = svc.reschedule(booking, other.pk)
    assert moved.slot_id == other.pk and moved.reschedule_count == 1
    free_slot.refresh_from_db()
    assert free_slot.booked == 0
    svc.cancel(moved)
    assert Slot.objects.for_tenant(demo).get(pk=other.pk).booked == 0


def test_request_key_makes_one_booking(demo, concern, free_slot):
    req = dict(
        slot_id=free_slot.pk,
        concern=concern,
        channel="phone",
        phone="0123 456",
        name="A B",
        email="a@example.org",
        request_key="k1",
    )
    first, created = svc.book(demo, svc.BookingRequest(**req))
    again, created_again = svc.book(demo, svc.BookingRequest(**req))
    assert created and not created_again and first.pk == again.pk

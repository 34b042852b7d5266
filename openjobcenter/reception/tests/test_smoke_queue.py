"""The queue's core moves through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.reception.models import Priority, TicketStatus
from openjobcenter.reception.services import queue
from openjobcenter.reception.services.estimate import estimate_for, waiting_times_body

pytestmark = pytest.mark.django_db


def test_tickets_are_numbered_and_called_in_order(demo_location, zone, counter, counter2, emre):
    first = queue.issue_ticket(demo_location, zone=zone)
    second = queue.issue_ticket(demo_location, zone=zone)
    assert (first.number, second.number) == ("A001", "A002")
    urgent = queue.issue_ticket(demo_location, zone=zone, priority=Priority.URGENT)
    queue.open_counter(counter, emre)
    called_first = queue.call_next(counter, emre)
    assert called_first is not None and called_first.pk == urgent.pk
    called = queue.call_next(counter2, emre)
    assert called is not None and called.pk == first.pk and called.counter_id == counter2.pk
    with pytest.raises(queue.AlreadyCalled):
        queue.call_ticket(first, counter, emre)
    assert estimate_for(second) is not None
    body = waiting_times_body(demo_location.pk)
    assert body["zones"][0]["waiting"] == 1


def test_no_show_needs_two_calls_and_transfer_requeues(demo_location, zone, counter, emre, demo):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    queue.call_next(counter, emre)
    with pytest.raises(queue.QueueError):
        queue.no_show(ticket, counter, emre)
    queue.recall(ticket, counter, emre)
    done = queue.no_show(ticket, counter, emre)
    assert done.status == TicketStatus.NO_SHOW
    other = queue.issue_ticket(demo_location, zone=zone)
    queue.call_next(counter, emre)
    moved = queue.transfer(other, counter, emre, to_zone=zone)
    assert moved.status == TicketStatus.WAITING and moved.counter_id is None


def test_empty_queue_calls_nobody(zone, counter, emre):
    assert queue.call_next(counter, emre) is None


def test_appointment_check_in_waits_until_shortly_before(
    demo, demo_location, zone, counter, emre, concern, slots, make_booking
):
    concern.min_lead_minutes = 0  # the booking's lead time is not what this tests (a slot may be 30 minutes away)
    concern.save(update_fields=["min_lead_minutes"])
    slot = next(s for s in slots if s.start > timezone.now() + dt.timedelta(minutes=20))
    booking = make_booking(slot)
    ticket = queue.check_in(demo, booking.code, now=slot.start - dt.timedelta(minutes=30))
    assert ticket.priority == Priority.APPOINTMENT and ticket.booking_id == booking.pk
    assert queue.check_in(demo, booking.code, now=slot.start - dt.timedelta(minutes=30)).pk == ticket.pk

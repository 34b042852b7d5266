"""Reminders, sent by the worker (``send_due_reminders``) within the policy's lead before an appointment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingPolicy
from openjobcenter.appointments.services.booking import BookingRequest, book, cancel, reschedule
from openjobcenter.appointments.tasks import send_due_reminders
from openjobcenter.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template="appointments_reminder").order_by("pk"))


def hours_before(booking: Booking, hours: float) -> dt.datetime:
    return booking.start - dt.timedelta(hours=hours)


def test_a_reminder_is_sent_once_within_the_lead(make_booking, free_slot):
    booking = make_booking(free_slot)
    assert send_due_reminders(now=hours_before(booking, 30)) == 0  # too early for 24 hours
    assert send_due_reminders(now=hours_before(booking, 20)) == 1
    assert send_due_reminders(now=hours_before(booking, 19)) == 0
    assert send_due_reminders(now=hours_before(booking, 1)) == 0
    [message] = reminders()
    start = timezone.localtime(booking.start)
    assert message.to_address == booking.email
    assert message.subject == f"Erinnerung: Ihr Termin am {start:%d.%m.%Y} um {start:%H:%M} Uhr"
    assert "wir erinnern Sie an Ihren Termin:" in message.text_body
    assert f"/demo/appointments/manage/{booking.code}/?token=" in message.text_body
    assert message.attachments[0]["content"].startswith("BEGIN:VCALENDAR")
    booking.refresh_from_db()
    assert booking.reminder_sent_at == hours_before(booking, 20)


def test_the_lead_comes_from_the_jobcenters_policy(make_booking, free_slot, policy):
    policy.reminder_hours_before = 48
    policy.save()
    booking = make_booking(free_slot)
    booking.created_at = booking.start - dt.timedelta(days=10)
    Booking.all_tenants.filter(pk=booking.pk).update(created_at=booking.created_at)
    assert send_due_reminders(now=hours_before(booking, 50)) == 0
    assert send_due_reminders(now=hours_before(booking, 47)) == 1


def test_no_reminder_for_a_cancelled_appointment(make_booking, free_slot):
    booking = make_booking(free_slot)
    cancel(booking)
    assert send_due_reminders(now=hours_before(booking, 20)) == 0
    assert reminders() == []


def test_no_reminder_for_an_appointment_booked_shortly_before(make_booking, free_slot):
    booking = make_booking(free_slot)
    Booking.all_tenants.filter(pk=booking.pk).update(created_at=hours_before(booking, 6))
    assert send_due_reminders(now=hours_before(booking, 5)) == 0
    assert send_due_reminders(now=hours_before(booking, 1)) == 0
    assert reminders() == []


def test_no_reminder_for_appointments_that_have_begun(make_booking, free_slot):
    booking = make_booking(free_slot)
    assert send_due_reminders(now=booking.start + dt.timedelta(minutes=1)) == 0
    assert reminders() == []


def test_a_moved_appointment_is_reminded_again_for_its_new_time(make_booking, free_slot, slots):
    booking = make_booking(free_slot)
    assert send_due_reminders(now=hours_before(booking, 20)) == 1
    target = next(s for s in slots if s.start > free_slot.start + dt.timedelta(days=3))
    moved = reschedule(booking, target.pk, now=hours_before(booking, 19))
    assert send_due_reminders(now=hours_before(moved, 20)) == 1
    assert len(reminders()) == 2
    assert reminders()[-1].subject.endswith(f"{timezone.localtime(moved.start):%H:%M} Uhr")


def test_the_reminder_is_in_the_bookings_language(make_booking, free_slot):
    booking = make_booking(free_slot, language="ar")
    send_due_reminders(now=hours_before(booking, 20))
    [message] = reminders()
    assert message.language == "ar"
    assert "مع أطيب التحيات" in message.text_body


def test_a_signed_in_client_is_also_reminded_in_the_portal(demo, concern, free_slot, aylin, policy):
    booking, _new = book(
        demo,
        BookingRequest(slot_id=free_slot.pk, concern=concern, channel="phone", name="Aylin Kaya", email=aylin.email,
                       phone="0170 1", client=aylin),
    )  # fmt: skip
    assert send_due_reminders(now=hours_before(booking, 20)) == 1
    [message] = reminders()
    assert message.recipient == aylin
    note = Notification.objects.for_tenant(demo).filter(recipient=aylin).latest("pk")
    assert note.title == message.subject
    assert note.link_url.startswith(f"/demo/appointments/manage/{booking.code}/")


def test_each_jobcenter_uses_its_own_lead(make_booking, free_slot, nord):
    BookingPolicy.all_tenants.create(jobcenter=nord, reminder_hours_before=72)
    booking = make_booking(free_slot)  # demo: 24 hours (policy fixture)
    assert send_due_reminders(now=hours_before(booking, 40)) == 0

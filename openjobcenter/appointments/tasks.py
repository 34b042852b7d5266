"""Background work of appointments, run by the worker (Django's Tasks API).

The sweeper process (``notification_sweeper``) queues these regularly (see ``PERIODIC``):
reminders every five minutes, the slot horizon once an hour. Both are idempotent: a reminder is
claimed with a conditional UPDATE before it is written, and slot reconciliation converges.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingPolicy, BookingStatus
from openjobcenter.appointments.services import mail
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)

# The longest reminder lead a policy may set; bounds the query for due reminders.
MAX_REMINDER_HOURS = 72


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Send the reminder for every appointment that starts within its Jobcenter's reminder lead."""
    now = now or timezone.now()
    leads = {p.jobcenter_id: p.reminder_hours_before for p in BookingPolicy.all_tenants.all()}
    candidates = (
        Booking.all_tenants.filter(
            status=BookingStatus.BOOKED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + dt.timedelta(hours=MAX_REMINDER_HOURS),
        )
        .select_related("jobcenter", "concern", "location", "client", "staff")
        .order_by("start")[:1000]
    )
    sent = 0
    for booking in candidates:
        lead = dt.timedelta(hours=leads.get(booking.jobcenter_id, 24))
        # Booked shortly before the appointment: the confirmation was the reminder.
        if booking.start - now > lead or booking.start - booking.created_at <= lead / 2:
            if booking.start - now <= lead:
                Booking.all_tenants.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            continue
        with transaction.atomic():
            claimed = Booking.all_tenants.filter(
                pk=booking.pk, status=BookingStatus.BOOKED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                mail.send_reminder(booking)
                sent += 1
    return sent


def extend_slot_horizon(*, now: dt.datetime | None = None) -> int:
    """Create the slots for days that came into the horizon, for every active Jobcenter."""
    created = 0
    for jobcenter in Jobcenter.objects.filter(is_active=True):
        created += reconcile_slots(jobcenter, now=now)["created"]
    return created


@task
def reminders_task() -> int:
    return send_due_reminders()


@task
def slot_horizon_task() -> int:
    return extend_slot_horizon()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((300, reminders_task), (3600, slot_horizon_task))

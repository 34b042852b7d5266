"""The e-mails (and portal notifications) about one booking, each with the calendar file.

Bookings with an account are told through ``notify`` (e-mail and the portal inbox, in the
account's language); anonymous bookings get an e-mail to the address given, in the language
chosen when booking. Called inside the service's transaction: nothing is sent on rollback.

Confirmation, cancellation and rescheduling are written by the worker (``deliver_task``), not in
the request: the request only queues the task (one row, in its own transaction), which keeps
rendering the templates and the calendar file off the booking's path. The worker renders the
booking as it is then, so a mail never shows a time that has since changed; a confirmation or
rescheduling whose booking has been cancelled meanwhile is dropped (the cancellation follows).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingStatus
from openjobcenter.appointments.services import codes, ics
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.notifications.services import Attachment, notify, send_to_address


def manage_path(booking: Booking) -> str:
    path = reverse("appointments:manage", kwargs={"jobcenter": booking.jobcenter.slug, "code": booking.code})
    return f"{path}?token={codes.manage_token(booking.code)}"


def manage_url(booking: Booking) -> str:
    return absolute_url(manage_path(booking))


def ics_path(booking: Booking) -> str:
    path = reverse("appointments:ics", kwargs={"jobcenter": booking.jobcenter.slug, "code": booking.code})
    return f"{path}?token={codes.manage_token(booking.code)}"


def _send(booking: Booking, template: str, extra: dict[str, Any] | None = None) -> None:
    link = manage_url(booking)
    # RFC 6047: the MIME type names the iTIP method of the calendar object (METHOD in ics.py).
    method = "CANCEL" if booking.status == BookingStatus.CANCELLED else "PUBLISH"
    attachment: Attachment = {
        "filename": ics.filename(booking),
        "content_type": f"text/calendar; charset=utf-8; method={method}",
        "content": ics.calendar_file(booking, manage_link=link),
    }
    book_url = absolute_url(reverse("appointments:start", kwargs={"jobcenter": booking.jobcenter.slug}))
    context = {"booking": booking, "manage_url": link, "book_url": book_url, **(extra or {})}
    # Dates and times in the mail are the Jobcenter's (Europe/Berlin), whatever time zone is active.
    with timezone.override(settings.TIME_ZONE):
        _deliver(booking, template, context, attachment)


def _deliver(booking: Booking, template: str, context: dict[str, Any], attachment: Attachment) -> None:
    if booking.client is not None:
        notify(
            booking.client,
            template,
            context,
            jobcenter=booking.jobcenter,
            link=manage_path(booking),
            attachments=[attachment],
        )
    else:
        send_to_address(
            booking.email, booking.language, template, context, jobcenter=booking.jobcenter, attachments=[attachment]
        )


BOOKED = "appointments_booked"
CANCELLED = "appointments_cancelled"
RESCHEDULED = "appointments_rescheduled"


@task
def deliver_task(booking_id: int, template: str, extra: dict[str, Any] | None = None) -> bool:
    """Write the mail ``template`` about the booking as it is now; False when it no longer applies."""
    booking = (
        Booking.all_tenants.select_related("jobcenter", "client", "location", "concern", "staff")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return False
    if template != CANCELLED and booking.status == BookingStatus.CANCELLED:
        return False
    _send(booking, template, extra)
    return True


def _later(booking: Booking, template: str, extra: dict[str, Any] | None = None) -> None:
    deliver_task.enqueue(booking.pk, template, extra)


def send_confirmation(booking: Booking) -> None:
    _later(booking, BOOKED)


def send_cancellation(booking: Booking) -> None:
    _later(booking, CANCELLED)


def send_rescheduled(booking: Booking, *, by_staff: bool, reason: str) -> None:
    _later(booking, RESCHEDULED, {"by_staff": by_staff, "reason": reason})


def send_reminder(booking: Booking) -> None:
    _send(booking, "appointments_reminder")

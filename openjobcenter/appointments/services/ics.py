"""The appointment as an iCalendar file (RFC 5545) with a reminder alarm, built with ``icalendar``.

The UID stays the same for the life of a booking and SEQUENCE counts the moves, so calendar
programs update the entry when an appointment is moved and remove it when it is cancelled.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from openjobcenter.appointments.models import Booking, BookingStatus, Channel

PRODID = "-//OpenJobcenter//Termine//DE"
REMINDER_BEFORE = dt.timedelta(hours=1)


def uid(booking: Booking) -> str:
    host = (settings.PUBLIC_URL or "http://localhost").split("://", 1)[-1].split("/")[0].split(":")[0]
    return f"{booking.code}@{host or 'openjobcenter'}"


def summary(booking: Booking) -> str:
    return _("Termin im %(jobcenter)s: %(concern)s") % {
        "jobcenter": booking.jobcenter.name,
        "concern": booking.concern.display_name(),
    }


def where(booking: Booking) -> str:
    if booking.channel == Channel.PHONE:
        return _("Telefontermin – wir rufen Sie an")
    if booking.channel == Channel.VIDEO:
        return _("Videotermin – den Link finden Sie in Ihrer Terminübersicht")
    return f"{booking.location.name}, {booking.location.address}"


def calendar_file(booking: Booking, *, manage_link: str = "") -> str:
    """The .ics text in the booking's language; a cancelled booking gives a cancelling entry."""
    with translation.override(booking.language or "de"):
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cancelled = booking.status == BookingStatus.CANCELLED
        cal.add("method", "CANCEL" if cancelled else "PUBLISH")
        event = icalendar.Event()
        event.add("uid", uid(booking))
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("dtstart", booking.start.astimezone(dt.UTC))
        event.add("dtend", booking.end.astimezone(dt.UTC))
        event.add("sequence", booking.reschedule_count + (1 if cancelled else 0))
        event.add("summary", summary(booking))
        event.add("location", where(booking))
        lines = [
            _("Buchungsnummer: %(code)s") % {"code": booking.display_code},
            booking.concern.display_name(),
        ]
        if bring := booking.concern.what_to_bring_text():
            lines.append(_("Bitte mitbringen: %(items)s") % {"items": bring})
        if manage_link:
            lines.append(_("Termin verschieben oder absagen: %(link)s") % {"link": manage_link})
        event.add("description", "\n".join(lines))
        if manage_link:
            event.add("url", manage_link)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("organizer", f"mailto:{booking.jobcenter.email}", parameters={"cn": booking.jobcenter.name})
        if not cancelled:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(booking))
            alarm.add("trigger", -REMINDER_BEFORE)
            event.add_component(alarm)
        cal.add_component(event)
        return cal.to_ical().decode("utf-8")


def filename(booking: Booking) -> str:
    return f"termin-{booking.code}.ics"

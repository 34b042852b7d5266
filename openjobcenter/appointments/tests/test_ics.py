"""The calendar file (RFC 5545) attached to every mail about a booking, read back with ``icalendar``."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from openjobcenter.appointments.services import ics
from openjobcenter.appointments.services.booking import cancel, reschedule
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def attached(template: str) -> tuple[str, icalendar.Calendar]:
    message = OutboxMessage.objects.filter(template=template).latest("pk")
    [attachment] = message.attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["content_type"].startswith("text/calendar")
    text = attachment["content"]
    return text, icalendar.Calendar.from_ical(text)


def event_of(calendar: icalendar.Calendar) -> icalendar.cal.Component:
    [event] = calendar.walk("VEVENT")
    return event


def sequence(event: icalendar.cal.Component) -> int:
    return int(event.decoded("SEQUENCE"))


def test_the_confirmation_has_a_complete_event_with_an_alarm(make_booking, free_slot, settings):
    settings.PUBLIC_URL = "https://termine.example"
    booking = make_booking(free_slot)
    text, calendar = attached("appointments_booked")
    assert all(line.endswith("\r") or not line for line in text.split("\n")), "lines end with CRLF"
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75, "long lines are folded"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    event = event_of(calendar)
    assert event["UID"] == f"{booking.code}@termine.example"
    assert event.decoded("DTSTART") == booking.start
    assert event.decoded("DTEND") == booking.end
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=30)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)  # UTC: unambiguous in every calendar
    assert event["DTSTAMP"]
    assert sequence(event) == 0
    assert event["STATUS"] == "CONFIRMED"
    assert "Jobcenter Musterstadt" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Hauptstelle Mitte, Am Rathausplatz 1, 12345 Musterstadt"
    assert booking.display_code in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith(f"https://termine.example/demo/appointments/manage/{booking.code}/")
    assert str(event["ORGANIZER"]) == "mailto:kontakt@musterstadt.example"
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"]
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=1)


def test_a_moved_booking_keeps_its_uid_and_counts_up_the_sequence(make_booking, free_slot, slots):
    booking = make_booking(free_slot)
    first = event_of(attached("appointments_booked")[1])
    target = next(s for s in slots if s.start > free_slot.start + dt.timedelta(days=1))
    moved = reschedule(booking, target.pk)
    second = event_of(attached("appointments_rescheduled")[1])
    assert second["UID"] == first["UID"]
    assert sequence(second) == sequence(first) + 1
    assert second.decoded("DTSTART") == moved.start == target.start
    again = next(s for s in slots if s.start > target.start + dt.timedelta(days=1))
    reschedule(moved, again.pk)
    third = event_of(attached("appointments_rescheduled")[1])
    assert third["UID"] == first["UID"] and sequence(third) == 2


def test_a_cancellation_removes_the_entry(make_booking, free_slot, slots):
    booking = make_booking(free_slot)
    target = next(s for s in slots if s.start > free_slot.start + dt.timedelta(days=1))
    moved = reschedule(booking, target.pk)
    cancel(moved)
    text, calendar = attached("appointments_cancelled")
    assert "METHOD:CANCEL" in text
    assert calendar["METHOD"] == "CANCEL"
    event = event_of(calendar)
    assert event["UID"] == ics.uid(booking)
    assert event["STATUS"] == "CANCELLED"
    assert sequence(event) == 2, "higher than the last update, so calendars apply it"
    assert not event.walk("VALARM")


def test_the_texts_are_in_the_bookings_language(make_booking, free_slot):
    make_booking(free_slot, language="en")
    event = event_of(attached("appointments_booked")[1])
    # Without English translations the German source text is used; the concern's name is English.
    assert "Job search advice" in str(event["DESCRIPTION"])


def test_phone_and_video_appointments_say_how_they_take_place(make_booking, free_slot, slots):
    make_booking(free_slot, channel="phone", phone="0170 1")
    assert "Telefontermin" in str(event_of(attached("appointments_booked")[1])["LOCATION"])
    other = next(s for s in slots if s.start > free_slot.start)
    make_booking(other, channel="video", email="video@example.org")
    assert "Videotermin" in str(event_of(attached("appointments_booked")[1])["LOCATION"])


def test_special_characters_survive_the_round_trip(make_booking, free_slot, concern):
    concern.what_to_bring = {"de": "Ausweis; Bescheide, Kontoauszüge\\Belege"}
    concern.save()
    make_booking(free_slot)
    description = str(event_of(attached("appointments_booked")[1])["DESCRIPTION"])
    assert "Ausweis; Bescheide, Kontoauszüge\\Belege" in description

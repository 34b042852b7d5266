"""The e-mails about a booking: in the booking's language, times in Europe/Berlin, with the .ics file."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes

import polib
import pytest
from django.core import mail as django_mail
from django.utils import formats, timezone, translation
from django_tasks_db.models import DBTaskResult

from openjobcenter.appointments.services import codes
from openjobcenter.appointments.services import mail as booking_mail
from openjobcenter.appointments.services.booking import BookingRequest, book, cancel, reschedule
from openjobcenter.notifications.models import Notification, OutboxMessage
from openjobcenter.notifications.outbox import deliver

pytestmark = pytest.mark.django_db

ARABIC_SUBJECT = "تم حجز موعدك يوم %(date)s الساعة %(time)s"


@pytest.fixture
def arabic_catalog(tmp_path, settings):
    """Arabic for the subject, so the test does not depend on the state of the real .po files."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar"}
    catalog.append(polib.POEntry(msgid="Ihr Termin am %(date)s um %(time)s Uhr ist gebucht", msgstr=ARABIC_SUBJECT))
    directory = tmp_path / "ar" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    catalog.save_as_mofile(str(directory / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def only(template: str) -> OutboxMessage:
    [message] = OutboxMessage.objects.filter(template=template)
    return message


def test_the_confirmation_is_german_with_berlin_times_and_the_manage_link(make_booking, free_slot, settings):
    settings.PUBLIC_URL = "https://termine.example"
    booking = make_booking(free_slot, phone="0170 1234567")
    message = only("appointments_booked")
    start = local(booking.start)
    assert message.to_address == "gast@example.org" and message.language == "de"
    assert message.subject == f"Ihr Termin am {start:%d.%m.%Y} um {start:%H:%M} Uhr ist gebucht"
    text = message.text_body
    assert text.startswith("Guten Tag Gast Person,")
    weekday = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][start.weekday()]
    end = local(booking.end)
    assert f"{weekday}, {start.day}. " in text and f"{start:%H:%M}–{end:%H:%M}" in text
    assert "Hauptstelle Mitte, Am Rathausplatz 1, 12345 Musterstadt" in text
    assert booking.display_code in text
    assert "Bitte mitbringen: Lebenslauf" in text
    link = f"https://termine.example/demo/appointments/manage/{booking.code}/?token={codes.manage_token(booking.code)}"
    assert link in text and link.replace("&", "&amp;") in message.html_body
    assert "Mit freundlichen Grüßen" in text and "Jobcenter Musterstadt" in text
    assert " du " not in f" {text.lower()} " and " dein" not in text.lower()  # formal "Sie"


def test_the_mail_follows_the_bookings_language(make_booking, free_slot, slots, arabic_catalog):
    german = make_booking(free_slot, language="de")
    other_slot = next(s for s in slots if s.start > free_slot.start)
    arabic = make_booking(other_slot, email="arabisch@example.org", language="ar")
    de_mail = OutboxMessage.objects.get(template="appointments_booked", to_address=german.email)
    ar_mail = OutboxMessage.objects.get(template="appointments_booked", to_address=arabic.email)
    assert ar_mail.language == "ar"
    start = local(arabic.start)
    with translation.override("ar"):
        date = formats.date_format(start, "SHORT_DATE_FORMAT")
        weekday = formats.date_format(start, "l")
    assert ar_mail.subject == ARABIC_SUBJECT % {"date": date, "time": f"{start:%H:%M}"}
    assert de_mail.subject.startswith("Ihr Termin am")
    assert ar_mail.subject != de_mail.subject
    assert weekday in ar_mail.text_body  # the weekday in Arabic
    assert "مع أطيب التحيات" in ar_mail.text_body  # closing from the Arabic catalogue
    assert 'dir="rtl"' in ar_mail.html_body and 'lang="ar"' in ar_mail.html_body
    assert "Mit freundlichen Grüßen" in de_mail.text_body


def test_times_are_berlin_time_whatever_time_zone_is_active(make_booking, free_slot):
    """A slot at 9:00 in Berlin reads 9:00, also when the code sending the mail runs with UTC active."""
    with timezone.override("UTC"):
        booking = make_booking(free_slot)
    start = local(booking.start)
    assert start.utcoffset() != dt.timedelta(0)
    message = only("appointments_booked")
    assert f" um {start:%H:%M} Uhr " in message.subject
    assert f"{start:%H:%M}–{local(booking.end):%H:%M}" in message.text_body


def test_the_delivered_mail_carries_the_calendar_file(make_booking, free_slot):
    import icalendar

    booking = make_booking(free_slot)
    message = only("appointments_booked")
    deliver(message.pk)
    [sent] = django_mail.outbox
    assert sent.to == ["gast@example.org"]
    parsed = message_from_bytes(sent.message().as_bytes())
    calendars = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert calendars[0].get_filename() == f"termin-{booking.code}.ics"
    assert calendars[0].get_param("method") == "PUBLISH"
    payload = calendars[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    calendar = icalendar.Calendar.from_ical(payload)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(booking.code)


def test_a_signed_in_client_is_told_by_mail_and_in_the_portal(demo, concern, free_slot, aylin):
    aylin.language = "en"
    aylin.save()
    booking, _created = book(
        demo,
        BookingRequest(
            slot_id=free_slot.pk, concern=concern, channel="video", name="Aylin Kaya", email=aylin.email, client=aylin
        ),
    )
    message = only("appointments_booked")
    assert message.recipient == aylin and message.language == "en"
    [note] = Notification.objects.for_tenant(demo).filter(recipient=aylin)
    assert note.title == message.subject
    assert note.link_url.startswith(f"/demo/appointments/manage/{booking.code}/")


def test_a_phone_appointment_says_we_call_and_a_video_one_how_to_join(make_booking, free_slot, slots):
    make_booking(free_slot, channel="phone", phone="0170 555")
    text = only("appointments_booked").text_body
    assert "Wie: Wir rufen Sie unter 0170 555 an." in text
    assert "Hauptstelle Mitte, Am Rathausplatz" not in text


def test_the_citizens_own_cancellation(make_booking, free_slot):
    booking = make_booking(free_slot)
    cancel(booking)
    message = only("appointments_cancelled")
    start = local(booking.start)
    assert message.subject == f"Ihr Termin am {start:%d.%m.%Y} um {start:%H:%M} Uhr ist abgesagt"
    assert "Sie haben Ihren Termin abgesagt." in message.text_body
    assert "Grund" not in message.text_body
    assert "/demo/appointments/" in message.text_body  # where to book a new one
    assert "METHOD:CANCEL" in message.attachments[0]["content"]


def test_a_staff_cancellation_tells_the_reason(make_booking, free_slot, bernd):
    booking = make_booking(free_slot)
    cancel(booking, actor=bernd, by_staff=True, reason="Ihre Beraterin ist leider erkrankt.")
    message = only("appointments_cancelled")
    assert "das Jobcenter musste Ihren Termin leider absagen." in message.text_body
    assert "Grund: Ihre Beraterin ist leider erkrankt." in message.text_body
    assert "Ihre Beraterin ist leider erkrankt." in message.html_body


def test_a_moved_appointment_is_announced_with_the_new_time(make_booking, free_slot, slots, bernd):
    booking = make_booking(free_slot)
    target = next(s for s in slots if s.start > free_slot.start + dt.timedelta(days=1))
    moved = reschedule(booking, target.pk, actor=bernd, by_staff=True, reason="Terminänderung im Team")
    message = only("appointments_rescheduled")
    start = local(moved.start)
    assert message.subject == f"Ihr Termin ist verschoben: neu am {start:%d.%m.%Y} um {start:%H:%M} Uhr"
    assert "Grund: Terminänderung im Team" in message.text_body
    assert "Der neue Termin:" in message.text_body
    assert f"{start:%H:%M}" in message.text_body


def test_names_with_markup_are_escaped_in_html_and_kept_in_text(make_booking, free_slot):
    make_booking(free_slot, name="Müller & <b>Söhne</b>")
    message = only("appointments_booked")
    assert "Guten Tag Müller & <b>Söhne</b>," in message.text_body
    assert "<b>Söhne</b>" not in message.html_body and "&lt;b&gt;" in message.html_body


def test_the_request_only_queues_the_mail_and_the_worker_writes_it(make_booking, free_slot, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    booking = make_booking(free_slot)
    assert not OutboxMessage.objects.filter(template="appointments_booked").exists()
    [queued] = DBTaskResult.objects.filter(task_path="openjobcenter.appointments.services.mail.deliver_task")
    assert queued.args_kwargs["args"] == [booking.pk, "appointments_booked", None]
    assert booking_mail.deliver_task.call(booking.pk, "appointments_booked") is True
    assert only("appointments_booked").to_address == booking.email


def test_a_confirmation_for_a_booking_cancelled_before_the_worker_ran_is_dropped(make_booking, free_slot):
    booking = make_booking(free_slot)
    cancel(booking, reason="", by_staff=False)
    OutboxMessage.objects.all().delete()
    assert booking_mail.deliver_task.call(booking.pk, "appointments_booked") is False
    assert booking_mail.deliver_task.call(booking.pk, "appointments_cancelled") is True
    assert list(OutboxMessage.objects.values_list("template", flat=True)) == ["appointments_cancelled"]

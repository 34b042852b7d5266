"""One booking in the staff UI: its page (a logged read when a client's), cancel and move with a
reason the client is told, and recording whether the person came."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import mails, sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Slot
from openjobcenter.audit.models import AuditEntry, Kind

pytestmark = pytest.mark.django_db


def started(booking: Booking, *, minutes_ago: int = 10) -> Booking:
    """The booking as if its time had come (bookings cannot be made in the past)."""
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=minutes_ago)
    Slot.all_tenants.filter(pk=booking.slot_id).update(start=start, end=start + dt.timedelta(minutes=30))
    Booking.all_tenants.filter(pk=booking.pk).update(start=start, end=start + dt.timedelta(minutes=30))
    booking.refresh_from_db()
    return booking


def later_slot(slots: list[Slot], after: Slot) -> Slot:
    return next(s for s in slots if s.start > after.start + dt.timedelta(hours=1) and not s.blocked)


@pytest.fixture
def booking(make_booking, free_slot) -> Booking:
    return make_booking(free_slot, name="Gerda Gast", phone="0123 456")


@pytest.fixture
def aylins_booking(make_booking, free_slot, aylin) -> Booking:
    return make_booking(free_slot, email=aylin.email, name="Aylin Kaya", client=aylin)


# --- The booking's page -----------------------------------------------------------------------------


def test_the_page_shows_person_time_place_and_history(client, bernd, booking):
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/appointments/{booking.code}/").content.decode()
    for text in ["Gerda Gast", "gast@example.org", "0123 456", "Beratung zur Arbeitsuche", "Hauptstelle Mitte"]:
        assert text in page
    assert "Online gebucht" in page and "ohne Konto gebucht" in page
    assert f"/staff/appointments/{booking.code}/move/" in page and f"/staff/appointments/{booking.code}/cancel/" in page


def test_the_code_may_be_typed_with_a_dash_and_in_lower_case(client, bernd, booking):
    sign_in(client, bernd)
    assert client.get(f"/demo/staff/appointments/{booking.display_code.lower()}/").status_code == 200


def test_an_unknown_code_is_404(client, bernd, booking):
    sign_in(client, bernd)
    assert client.get("/demo/staff/appointments/ZZZZZZZZZZ/").status_code == 404


def test_reading_a_clients_booking_is_logged_and_shown_to_her(client, bernd, aylin, aylins_booking):
    sign_in(client, bernd)
    client.get(f"/demo/staff/appointments/{aylins_booking.code}/")
    read = AuditEntry.all_tenants.get(kind=Kind.READ, subject=aylin)
    assert read.purpose == "Terminverwaltung" and read.actor_ref == bernd.pk
    assert read.action == "appointments.booking_viewed"
    sign_in(client, aylin)
    log = client.get("/demo/my/access-log/").content.decode()
    assert "Terminverwaltung" in log and "Bernd Brandt" in log


def test_reading_a_booking_without_an_account_logs_no_read(client, bernd, booking):
    sign_in(client, bernd)
    client.get(f"/demo/staff/appointments/{booking.code}/")
    assert not AuditEntry.all_tenants.filter(kind=Kind.READ).exists()


# --- Cancel -------------------------------------------------------------------------------------------


def test_cancelling_frees_the_seat_and_tells_the_client_why(client, bernd, booking, free_slot):
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "Herr Brandt ist krank."})
    assert response.status_code == 302 and response["Location"] == f"/demo/staff/appointments/{booking.code}/"
    booking.refresh_from_db()
    free_slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_by_staff
    assert booking.cancel_reason == "Herr Brandt ist krank." and free_slot.booked == 0
    mail = mails("appointments_cancelled", to="gast@example.org")[-1]
    assert "Herr Brandt ist krank." in mail.text_body
    page = client.get(response["Location"]).content.decode()
    assert "vom Jobcenter abgesagt" in page and "Herr Brandt ist krank." in page


def test_cancelling_needs_a_reason(client, bernd, booking):
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "  "})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund an." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and not mails("appointments_cancelled")


def test_a_reason_that_is_too_long_is_refused_and_kept(client, bernd, booking):
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "x" * 301})
    assert response.status_code == 400 and "x" * 301 in response.content.decode()


def test_cancelling_twice_is_harmless(client, bernd, booking):
    sign_in(client, bernd)
    client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "Krank"})
    response = client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "Krank"})
    assert response.status_code in (302, 409)
    assert len(mails("appointments_cancelled")) == 1


def test_reception_cancels_too(client, emre, booking):
    sign_in(client, emre)
    client.post(f"/demo/staff/appointments/{booking.code}/cancel/", {"reason": "Standort geschlossen"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


# --- Move ---------------------------------------------------------------------------------------------


def test_the_move_page_offers_free_slots_of_the_concern(client, bernd, booking, slots):
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/appointments/{booking.code}/move/").content.decode()
    assert 'name="slot"' in page and f'value="{booking.slot_id}"' not in page


def test_the_move_page_filters_by_date_location_and_staff(client, bernd, booking, slots, demo_location):
    sign_in(client, bernd)
    day = timezone.localtime(booking.start).date() + dt.timedelta(days=1)
    url = f"/demo/staff/appointments/{booking.code}/move/?date={day}&location={demo_location.pk}&staff={bernd.pk}"
    response = client.get(url)
    assert response.status_code == 200
    shown = [s for s in slots if f'id="slot-{s.pk}"' in response.content.decode()]
    assert shown and all(timezone.localtime(s.start).date() >= day for s in shown)


def test_moving_takes_the_new_seat_frees_the_old_and_tells_the_client(client, bernd, booking, slots, free_slot):
    target = later_slot(slots, free_slot)
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/move/", {"slot": target.pk, "reason": "Fortbildung"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    free_slot.refresh_from_db()
    target.refresh_from_db()
    assert booking.slot_id == target.pk and booking.reschedule_count == 1
    assert free_slot.booked == 0 and target.booked == 1
    mail = mails("appointments_rescheduled", to="gast@example.org")[-1]
    assert "Fortbildung" in mail.text_body
    assert "1-mal verschoben" in client.get(f"/demo/staff/appointments/{booking.code}/").content.decode()


def test_moving_needs_a_reason_and_a_slot(client, bernd, booking, slots, free_slot):
    target = later_slot(slots, free_slot)
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/move/", {"slot": target.pk, "reason": ""})
    assert response.status_code == 400 and "Bitte geben Sie einen Grund an." in response.content.decode()
    assert f'id="slot-{target.pk}" value="{target.pk}" checked' in response.content.decode()  # choice kept
    response = client.post(f"/demo/staff/appointments/{booking.code}/move/", {"reason": "Krank"})
    assert response.status_code == 400 and "Bitte wählen Sie einen neuen Termin." in response.content.decode()
    booking.refresh_from_db()
    assert booking.slot_id == free_slot.pk and not mails("appointments_rescheduled")


def test_moving_to_a_taken_slot_is_409_with_alternatives(client, bernd, booking, slots, free_slot, make_booking):
    target = later_slot(slots, free_slot)
    make_booking(target, email="schneller@example.org")
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/move/", {"slot": target.pk, "reason": "Fortbildung"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "gerade von jemand anderem gebucht" in page and "Diese Termine sind noch frei" in page
    assert "Fortbildung" in page  # the reason entered is kept
    booking.refresh_from_db()
    assert booking.slot_id == free_slot.pk


def test_moving_to_a_past_slot_is_refused(client, bernd, booking, slots, free_slot, make_booking):
    past = started(make_booking(later_slot(slots, free_slot), email="alt@example.org"), minutes_ago=120)
    Booking.all_tenants.filter(pk=past.pk).update(status=BookingStatus.CANCELLED)
    Slot.all_tenants.filter(pk=past.slot_id).update(booked=0)
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/move/", {"slot": past.slot_id, "reason": "X"})
    assert response.status_code == 409 and "in der Vergangenheit" in response.content.decode()
    booking.refresh_from_db()
    assert booking.slot_id == free_slot.pk


def test_moving_to_a_slot_that_does_not_exist_is_refused(client, bernd, booking):
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/move/", {"slot": "999999", "reason": "X"})
    assert response.status_code == 409 and "gibt es nicht" in response.content.decode()


def test_a_cancelled_booking_cannot_be_moved(client, bernd, booking, slots, free_slot):
    Booking.all_tenants.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    sign_in(client, bernd)
    assert "kann nicht mehr verschoben" in client.get(f"/demo/staff/appointments/{booking.code}/move/").content.decode()
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/move/", {"slot": later_slot(slots, free_slot).pk, "reason": "X"}
    )
    assert response.status_code == 409


# --- Outcome -------------------------------------------------------------------------------------------


def test_marking_attended_and_resetting(client, bernd, booking):
    started(booking)
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "attended"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED and booking.outcome_by == bernd and booking.outcome_at
    client.post(f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "booked"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and booking.outcome_at is None


def test_a_no_show_is_recorded_with_its_date_and_nothing_else(client, bernd, booking):
    started(booking)
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/outcome/",
        {"status": "no_show", "next": "/demo/staff/appointments/"},
        follow=True,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert response.redirect_chain[-1][0] == "/demo/staff/appointments/"
    assert "nie das Portal automatisch" in response.content.decode() or "leitet nichts automatisch ein" in (
        response.content.decode()
    )
    entry = AuditEntry.all_tenants.get(action="appointments.outcome_recorded")
    assert entry.details["appointment_date"] == booking.start.date().isoformat()
    assert not mails("appointments_cancelled") and not mails("appointments_rescheduled")


def test_the_outcome_cannot_be_recorded_before_the_appointment(client, bernd, booking):
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "attended"}, follow=True)
    assert "erst ab Beginn des Termins" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_an_unknown_outcome_is_400(client, bernd, booking):
    started(booking)
    sign_in(client, bernd)
    response = client.post(f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "cancelled"})
    assert response.status_code == 400


def test_an_outside_next_link_is_ignored(client, bernd, booking):
    started(booking)
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "attended", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/demo/staff/appointments/{booking.code}/"


def test_with_htmx_the_row_comes_back(client, bernd, booking):
    started(booking)
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/outcome/",
        {"status": "no_show", "next": "/demo/staff/appointments/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith("<tr") and "nicht erschienen" in row and 'value="booked"' in row
    assert "<html" not in row


def test_with_htmx_an_error_is_shown_in_the_row(client, bernd, booking):
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/appointments/{booking.code}/outcome/", {"status": "attended"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "erst ab Beginn des Termins" in response.content.decode()


def test_when_a_week_has_no_free_slot_the_next_one_is_offered(client, bernd, booking, slots):
    last = max(s.start for s in slots)
    sign_in(client, bernd)
    day = timezone.localtime(last).date() - dt.timedelta(days=8)
    Slot.all_tenants.filter(start__gte=timezone.now(), start__lt=last).exclude(pk=booking.slot_id).update(blocked=True)
    page = client.get(f"/demo/staff/appointments/{booking.code}/move/?date={day}").content.decode()
    assert "Der nächste freie Termin ist am" in page
    assert f"date={timezone.localtime(last).date().isoformat()}" in page

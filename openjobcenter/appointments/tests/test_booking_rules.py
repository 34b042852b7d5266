"""The booking rules (``services.booking``): what is refused with which message, and what a seat is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot, WorkingHours
from openjobcenter.appointments.services import booking as svc
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.audit.models import AuditEntry
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def request_for(slot: Slot, concern: Concern, **fields) -> svc.BookingRequest:
    fields.setdefault("channel", "in_person")
    fields.setdefault("name", "Gast Person")
    fields.setdefault("email", "gast@example.org")
    return svc.BookingRequest(slot_id=slot.pk, concern=concern, **fields)


def seats(slot: Slot) -> int:
    return Slot.all_tenants.get(pk=slot.pk).booked


# --- Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "   "}, "name", "Bitte geben Sie Ihren Namen an."),
        ({"name": "x" * 201}, "name", "Der Name ist zu lang (höchstens 200 Zeichen)."),
        ({"email": "kein-at-zeichen"}, "email", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ({"phone": "0176 ruf mich an"}, "phone", "Bitte geben Sie eine Telefonnummer nur mit Ziffern"),
    ],
)
def test_bad_personal_details_are_refused_field_by_field(demo, concern, free_slot, fields, field, message):
    with pytest.raises(svc.BookingError) as refused:
        svc.book(demo, request_for(free_slot, concern, **fields))
    assert refused.value.status == 422 and str(refused.value.message) == "Bitte prüfen Sie Ihre Eingaben."
    assert refused.value.fields[field][0].startswith(message)
    assert seats(free_slot) == 0


def test_details_are_tidied_before_they_are_stored(demo, concern, free_slot):
    booking, _created = svc.book(
        demo,
        request_for(free_slot, concern, name="  Aylin   Kaya ", email=" Aylin@Example.ORG ", phone=" +49 (0)176-1 "),
    )
    assert (booking.name, booking.email, booking.phone) == ("Aylin Kaya", "aylin@example.org", "+49 (0)176-1")


def test_a_concern_of_another_jobcenter_cannot_be_booked(demo, nord, free_slot):
    foreign = Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["in_person"])
    with pytest.raises(svc.BookingError) as refused:
        svc.book(demo, request_for(free_slot, foreign))
    assert refused.value.code == "not_bookable" and "concern" in refused.value.fields


def test_an_inactive_concern_cannot_be_booked(demo, concern, free_slot):
    concern.is_active = False
    with pytest.raises(svc.BookingError, match="Dieses Anliegen kann nicht gebucht werden"):
        svc.book(demo, request_for(free_slot, concern))


def test_a_channel_the_concern_does_not_offer_is_refused(demo, concern, free_slot):
    concern.channels = ["in_person"]
    for channel in ("video", "fax"):
        with pytest.raises(svc.BookingError) as refused:
            svc.book(demo, request_for(free_slot, concern, channel=channel))
        assert "channel" in refused.value.fields
        assert str(refused.value.message) == "Für dieses Anliegen gibt es keine Termine auf diesem Weg."


def test_a_slot_without_the_channel_is_refused(demo, concern, free_slot):
    Slot.all_tenants.filter(pk=free_slot.pk).update(video=False)
    with pytest.raises(svc.SlotGone, match="kann für dieses Anliegen nicht gebucht werden"):
        svc.book(demo, request_for(free_slot, concern, channel="video"))


def test_concerns_about_ones_own_case_need_sign_in(demo, concern, free_slot, aylin):
    concern.requires_sign_in = True
    with pytest.raises(svc.SignInRequired) as refused:
        svc.book(demo, request_for(free_slot, concern))
    assert refused.value.status == 403 and refused.value.code == "sign_in_required"
    booking, _created = svc.book(demo, request_for(free_slot, concern, client=aylin, email=aylin.email))
    assert booking.client == aylin


def test_unknown_past_and_foreign_slots_are_refused(demo, nord, concern, slots):
    with pytest.raises(svc.SlotGone) as unknown:
        svc.book(
            demo,
            svc.BookingRequest(slot_id=0, concern=concern, channel="phone", phone="0123", name="A", email="a@b.de"),
        )
    assert unknown.value.status == 409 and "slot_id" in unknown.value.fields
    later = slots[-1]
    with pytest.raises(svc.SlotGone, match="in der Vergangenheit"):
        svc.book(demo, request_for(later, concern), now=later.start + dt.timedelta(minutes=1))
    with pytest.raises(svc.SlotGone):
        svc.book(nord, request_for(later, Concern.all_tenants.create(jobcenter=nord, channels=["in_person"])))


def test_slots_inside_the_lead_time_are_refused_to_citizens_but_not_to_staff(demo, concern, free_slot, bernd):
    just_before = free_slot.start - dt.timedelta(minutes=concern.min_lead_minutes - 1)
    with pytest.raises(svc.SlotGone, match="kann für dieses Anliegen nicht gebucht werden"):
        svc.book(demo, request_for(free_slot, concern), now=just_before)
    booking, _created = svc.book(demo, request_for(free_slot, concern, booked_by=bernd), now=just_before)
    assert booking.booked_by == bernd


def test_open_bookings_per_email_are_capped_but_not_for_staff(demo, concern, slots, policy, bernd):
    policy.max_open_bookings_per_email = 2
    policy.save()
    later = [slot for slot in slots if slot.start > timezone.now() + dt.timedelta(days=1)]
    first = svc.book(demo, request_for(later[0], concern, email="viel@example.org"))[0]
    svc.book(demo, request_for(later[1], concern, email="viel@example.org"))
    with pytest.raises(svc.TooManyBookings) as refused:
        svc.book(demo, request_for(later[2], concern, email="VIEL@example.org"))
    assert refused.value.status == 429 and "schon 2 Termine" in str(refused.value.message)
    assert seats(later[2]) == 0
    svc.book(demo, request_for(later[2], concern, email="viel@example.org", booked_by=bernd))  # staff may
    svc.cancel(first)
    svc.cancel(Booking.all_tenants.get(slot=later[2]), actor=bernd, by_staff=True, reason="Test")
    svc.book(demo, request_for(later[3], concern, email="viel@example.org"))  # cancelled ones do not count


# --- Seats --------------------------------------------------------------------------------------


@pytest.fixture
def twin_slots(demo, tanja, bernd_hours, demo_location, slots) -> tuple[Slot, Slot]:
    """Tanja (same team) works the same hours as Bernd: two slots start at the same time and place."""
    for entry in bernd_hours:
        WorkingHours.all_tenants.create(
            jobcenter=demo, staff=tanja, location=demo_location, weekday=entry.weekday, starts=entry.starts,
            ends=entry.ends, channels=entry.channels, valid_from=entry.valid_from,
        )  # fmt: skip
    reconcile_slots(demo)
    later = timezone.now() + dt.timedelta(days=2)
    bernds = next(s for s in Slot.all_tenants.filter(staff=bernd_hours[0].staff, start__gt=later, blocked=False))
    return bernds, Slot.all_tenants.get(staff=tanja, start=bernds.start)


def test_the_second_person_for_a_taken_slot_gets_the_sibling_at_the_same_time(demo, concern, twin_slots):
    bernds, tanjas = twin_slots
    first = svc.book(demo, request_for(bernds, concern, email="eins@example.org"))[0]
    second = svc.book(demo, request_for(bernds, concern, email="zwei@example.org"))[0]
    assert (first.slot_id, second.slot_id) == (bernds.pk, tanjas.pk)
    assert (first.start, first.staff_id) == (bernds.start, bernds.staff_id)
    assert (second.start, second.staff_id) == (tanjas.start, tanjas.staff_id)
    with pytest.raises(svc.SlotTaken) as taken:
        svc.book(demo, request_for(bernds, concern, email="drei@example.org"))
    assert taken.value.status == 409 and taken.value.code == "slot_taken"
    assert taken.value.alternatives and all(alt.start > bernds.start for alt in taken.value.alternatives)
    assert Booking.all_tenants.count() == 2


def test_several_desks_give_several_seats(demo, concern, bernd_hours, free_slot):
    Slot.all_tenants.filter(pk=free_slot.pk).update(capacity=2)
    one = svc.book(demo, request_for(free_slot, concern, email="eins@example.org"))[0]
    two = svc.book(demo, request_for(free_slot, concern, email="zwei@example.org"))[0]
    assert (one.slot_id, one.seat, two.slot_id, two.seat) == (free_slot.pk, 1, free_slot.pk, 2)
    with pytest.raises(svc.SlotTaken):
        svc.book(demo, request_for(free_slot, concern, email="drei@example.org"))
    assert seats(free_slot) == 2


def test_a_retried_request_returns_the_first_booking(demo, concern, free_slot):
    first, created = svc.book(demo, request_for(free_slot, concern, request_key="form-123"))
    again, created_again = svc.book(demo, request_for(free_slot, concern, request_key="form-123"))
    assert created and not created_again and again.pk == first.pk
    assert seats(free_slot) == 1 and Booking.all_tenants.count() == 1
    assert OutboxMessage.objects.filter(template="appointments_booked").count() == 1


def test_a_booking_is_audited_and_confirmed_with_a_calendar_file(demo, concern, free_slot, bernd):
    booking = svc.book(demo, request_for(free_slot, concern, booked_by=bernd, channel="video"))[0]
    entry = AuditEntry.objects.for_tenant(demo).get(action="appointments.booked")
    assert entry.details["code"] == booking.code and entry.details["on_behalf"] is True
    assert booking.meeting_key  # video appointments carry the key of their meeting
    mail = OutboxMessage.objects.get(template="appointments_booked")
    assert mail.to_address == "gast@example.org" and mail.attachments[0]["filename"].endswith(".ics")


# --- Cancelling, moving, outcome ----------------------------------------------------------------


def test_cancelling_frees_the_seat_once_even_when_repeated(demo, concern, free_slot, make_booking):
    booking = make_booking(free_slot)
    cancelled = svc.cancel(booking)
    again = svc.cancel(booking)
    assert cancelled.status == again.status == BookingStatus.CANCELLED and not cancelled.cancelled_by_staff
    assert seats(free_slot) == 0
    assert OutboxMessage.objects.filter(template="appointments_cancelled").count() == 1
    make_booking(free_slot, email="naechste@example.org")  # the seat can be booked again
    assert seats(free_slot) == 1


def test_citizens_cannot_cancel_once_it_started_staff_can(demo, concern, free_slot, make_booking, bernd):
    booking = make_booking(free_slot)
    started = free_slot.start + dt.timedelta(minutes=5)
    with pytest.raises(svc.NotChangeable):
        svc.cancel(booking, now=started)
    svc.cancel(booking, actor=bernd, by_staff=True, reason="Krank", now=started)
    booking.refresh_from_db()
    assert booking.cancelled_by_staff and booking.cancel_reason == "Krank"


def test_staff_must_give_a_reason_to_cancel_or_move(demo, concern, slots, free_slot, make_booking, bernd):
    booking = make_booking(free_slot)
    other = next(slot for slot in slots if slot.start > free_slot.start)
    with pytest.raises(svc.BookingError) as cancel_refused:
        svc.cancel(booking, actor=bernd, by_staff=True, reason="  ")
    with pytest.raises(svc.BookingError) as move_refused:
        svc.reschedule(booking, other.pk, actor=bernd, by_staff=True)
    assert "reason" in cancel_refused.value.fields and "reason" in move_refused.value.fields
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and booking.slot_id == free_slot.pk


def test_moving_takes_the_new_seat_and_gives_up_the_old_one(demo, concern, slots, free_slot, make_booking):
    booking = make_booking(free_slot)
    Booking.all_tenants.filter(pk=booking.pk).update(reminder_sent_at=timezone.now())
    other = next(slot for slot in slots if slot.start > free_slot.start)
    moved = svc.reschedule(booking, other.pk)
    assert (moved.slot_id, moved.start, moved.reschedule_count, moved.reminder_sent_at) == (
        other.pk,
        other.start,
        1,
        None,
    )
    assert moved.end == other.start + dt.timedelta(minutes=concern.duration_minutes)
    assert (seats(free_slot), seats(other)) == (0, 1)
    assert svc.reschedule(moved, other.pk).reschedule_count == 1  # moving to where it is changes nothing
    assert OutboxMessage.objects.filter(template="appointments_rescheduled").count() == 1


def test_moving_to_a_taken_slot_keeps_the_booking_where_it_was(demo, concern, slots, free_slot, make_booking):
    booking = make_booking(free_slot)
    other = next(slot for slot in slots if slot.start > free_slot.start)
    make_booking(other, email="schneller@example.org")
    with pytest.raises(svc.SlotTaken):
        svc.reschedule(booking, other.pk)
    booking.refresh_from_db()
    assert booking.slot_id == free_slot.pk and (seats(free_slot), seats(other)) == (1, 1)


def test_cancelled_bookings_cannot_be_moved(demo, concern, slots, free_slot, make_booking):
    booking = svc.cancel(make_booking(free_slot))
    other = next(slot for slot in slots if slot.start > free_slot.start)
    with pytest.raises(svc.NotChangeable):
        svc.reschedule(booking, other.pk)
    assert seats(other) == 0


def test_the_outcome_is_recorded_from_the_start_on(demo, concern, free_slot, make_booking, bernd):
    booking = make_booking(free_slot)
    with pytest.raises(svc.NotChangeable, match="erst ab Beginn"):
        svc.record_outcome(booking, BookingStatus.NO_SHOW, actor=bernd, now=free_slot.start - dt.timedelta(minutes=1))
    after = free_slot.start + dt.timedelta(minutes=10)
    missed = svc.record_outcome(booking, BookingStatus.NO_SHOW, actor=bernd, now=after)
    assert (missed.status, missed.outcome_at, missed.outcome_by) == (BookingStatus.NO_SHOW, after, bernd)
    entry = AuditEntry.objects.for_tenant(demo).get(action="appointments.outcome_recorded")
    assert entry.details["appointment_date"] == free_slot.start.date().isoformat()
    corrected = svc.record_outcome(booking, BookingStatus.ATTENDED, actor=bernd, now=after)
    assert corrected.status == BookingStatus.ATTENDED and seats(free_slot) == 1  # the seat stays taken
    undone = svc.record_outcome(booking, BookingStatus.BOOKED, actor=bernd, now=after)
    assert (undone.status, undone.outcome_at, undone.outcome_by) == (BookingStatus.BOOKED, None, None)


def test_cancelled_bookings_have_no_outcome_and_unknown_outcomes_are_refused(
    demo, concern, free_slot, make_booking, bernd
):
    booking = make_booking(free_slot)
    after = free_slot.start + dt.timedelta(minutes=10)
    with pytest.raises(svc.BookingError, match="Unbekanntes Ergebnis"):
        svc.record_outcome(booking, "late", actor=bernd, now=after)
    svc.cancel(booking)
    with pytest.raises(svc.NotChangeable, match="abgesagter Termin"):
        svc.record_outcome(booking, BookingStatus.ATTENDED, actor=bernd, now=after)


def test_finding_a_booking_needs_its_token(demo, concern, free_slot, make_booking):
    from openjobcenter.appointments.services import codes

    booking = make_booking(free_slot)
    token = codes.manage_token(booking.code)
    assert svc.booking_by_token(demo, booking.display_code.lower(), token) == booking
    assert svc.booking_by_token(demo, booking.code, "falsch") is None
    assert svc.booking_by_token(demo, booking.code, None) is None

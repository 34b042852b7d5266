"""Appointments API, managing a booking with its code and X-Manage-Token: read, cancel, reschedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot, WorkingHours
from openjobcenter.appointments.services import codes
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

BASE = "/api/v1/demo/appointments"


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


@pytest.fixture
def booking(make_booking, free_slot) -> Booking:
    return make_booking(free_slot, phone="0170 1234567")


def token(booking: Booking) -> dict[str, str]:
    return {"X-Manage-Token": codes.manage_token(booking.code)}


def later_slot(slots, after: Slot, days: int = 1) -> Slot:
    return next(s for s in slots if s.start > after.start + dt.timedelta(days=days) and s.free)


def free_ids(client, concern, day: dt.date, channel: str = "in_person") -> set[int]:
    query = {"concern": concern.pk, "channel": channel, "date_from": day, "date_to": day}
    return {item["slot_id"] for item in client.get(f"{BASE}/slots", query).json()}


# --- Reading ------------------------------------------------------------------------------------


def test_the_token_holder_sees_the_booking_with_masked_contact_data(client, booking, concern):
    response = client.get(f"{BASE}/bookings/{booking.code}", headers=token(booking))
    assert response.status_code == 200
    body = response.json()
    assert body["booking_code"] == booking.code
    assert body["status"] == "booked"
    assert body["concern"] == concern.pk and body["concern_name"] == "Beratung zur Arbeitsuche"
    assert body["channel"] == "in_person"
    assert dt.datetime.fromisoformat(body["start"]) == booking.start
    assert body["location"] == booking.location_id
    assert body["name"] == "Gast Person"
    assert body["email"] == "g***@example.org"
    assert body["phone"].endswith("67") and "1234567" not in body["phone"]
    assert body["changeable"] is True
    assert "manage_token" not in body


def test_the_code_may_be_typed_with_dash_and_in_lower_case(client, booking):
    typed = f"{booking.code[:5]}-{booking.code[5:]}".lower()
    assert client.get(f"{BASE}/bookings/{typed}", headers=token(booking)).status_code == 200


def test_wrong_token_missing_token_and_unknown_code_look_the_same(client, booking):
    wrong = client.get(f"{BASE}/bookings/{booking.code}", headers={"X-Manage-Token": "0" * 40})
    missing = client.get(f"{BASE}/bookings/{booking.code}")
    unknown_code = "ABCDEFGHJK" if booking.code != "ABCDEFGHJK" else "BCDEFGHJKM"
    unknown = client.get(
        f"{BASE}/bookings/{unknown_code}", headers={"X-Manage-Token": codes.manage_token(unknown_code)}
    )
    assert wrong.status_code == missing.status_code == unknown.status_code == 404
    assert wrong.json() == missing.json() == unknown.json()
    assert error(wrong)["code"] == "not_found"


def test_another_jobcenters_path_does_not_find_the_booking(client, booking, nord):
    response = client.get(f"/api/v1/nord/appointments/bookings/{booking.code}", headers=token(booking))
    assert response.status_code == 404
    response = client.post(f"/api/v1/nord/appointments/bookings/{booking.code}/cancel", headers=token(booking))
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


@pytest.mark.parametrize("code", ["x" * 500, "%00", "ÄÖÜ", "-", "..", "1 OR 1=1"])
def test_odd_codes_are_a_404(client, booking, code):
    response = client.get(f"{BASE}/bookings/{code}", headers=token(booking))
    assert response.status_code == 404


# --- Cancelling ---------------------------------------------------------------------------------


def test_cancelling_frees_the_slot_and_answers_with_the_cancelled_booking(client, booking, concern, free_slot):
    day = timezone.localdate(free_slot.start)
    assert free_slot.pk not in free_ids(client, concern, day)
    response = client.post(f"{BASE}/bookings/{booking.code}/cancel", headers=token(booking))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "cancelled" and body["changeable"] is False and body["cancelled_at"]
    assert free_slot.pk in free_ids(client, concern, day)
    assert OutboxMessage.objects.filter(template="appointments_cancelled").count() == 1


def test_cancelling_twice_is_200_with_the_same_state_and_one_mail(client, booking):
    first = client.post(f"{BASE}/bookings/{booking.code}/cancel", headers=token(booking))
    again = client.post(f"{BASE}/bookings/{booking.code}/cancel", headers=token(booking))
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert OutboxMessage.objects.filter(template="appointments_cancelled").count() == 1
    booking.refresh_from_db()
    assert booking.slot.booked == 0


def test_cancelling_needs_the_token(client, booking):
    response = client.post(f"{BASE}/bookings/{booking.code}/cancel", headers={"X-Manage-Token": "falsch"})
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_an_appointment_that_has_begun_cannot_be_cancelled(client, booking):
    Booking.all_tenants.filter(pk=booking.pk).update(start=timezone.now() - dt.timedelta(minutes=5))
    response = client.post(f"{BASE}/bookings/{booking.code}/cancel", headers=token(booking))
    assert response.status_code == 409
    assert error(response)["code"] == "not_changeable"
    assert client.get(f"{BASE}/bookings/{booking.code}", headers=token(booking)).json()["changeable"] is False


def test_a_staff_cancellation_shows_its_reason(client, booking):
    from openjobcenter.appointments.services.booking import cancel

    cancel(booking, by_staff=True, reason="Ihre Beraterin ist erkrankt.")
    body = client.get(f"{BASE}/bookings/{booking.code}", headers=token(booking)).json()
    assert body["status"] == "cancelled"
    assert body["cancel_reason"] == "Ihre Beraterin ist erkrankt."


# --- Rescheduling -------------------------------------------------------------------------------


def test_rescheduling_moves_the_booking_and_frees_the_old_slot(client, booking, slots, concern, free_slot):
    target = later_slot(slots, free_slot)
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule", {"slot_id": target.pk}, "application/json", headers=token(booking)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["booking_code"] == booking.code
    assert dt.datetime.fromisoformat(body["start"]) == target.start
    assert free_slot.pk in free_ids(client, concern, timezone.localdate(free_slot.start))
    assert target.pk not in free_ids(client, concern, timezone.localdate(target.start))
    assert OutboxMessage.objects.filter(template="appointments_rescheduled").count() == 1


def test_rescheduling_into_a_taken_slot_is_a_409_with_alternatives(client, booking, slots, free_slot, make_booking):
    target = later_slot(slots, free_slot)
    make_booking(target, email="schneller@example.org")
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule", {"slot_id": target.pk}, "application/json", headers=token(booking)
    )
    assert response.status_code == 409
    body = error(response)
    assert body["code"] == "slot_taken"
    assert body["alternatives"] and target.pk not in {a["slot_id"] for a in body["alternatives"]}
    booking.refresh_from_db()
    assert booking.slot_id == free_slot.pk


def test_a_cancelled_booking_cannot_be_moved(client, booking, slots, free_slot):
    client.post(f"{BASE}/bookings/{booking.code}/cancel", headers=token(booking))
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule",
        {"slot_id": later_slot(slots, free_slot).pk},
        "application/json",
        headers=token(booking),
    )
    assert response.status_code == 409
    assert error(response)["code"] == "not_changeable"


def test_moving_into_another_jobcenters_slot_is_refused(client, booking, nord, niklas, nord_location):
    WorkingHours.all_tenants.create(
        jobcenter=nord, staff=niklas, location=nord_location, weekday=timezone.localdate().weekday(),
        starts=dt.time(8), ends=dt.time(18), channels=["in_person"], valid_from=timezone.localdate(),
    )  # fmt: skip
    reconcile_slots(nord)
    nord_slot = Slot.objects.for_tenant(nord).latest("start")
    Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["in_person"])
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule",
        {"slot_id": nord_slot.pk},
        "application/json",
        headers=token(booking),
    )
    assert response.status_code == 422
    assert error(response)["code"] == "unknown_slot"
    nord_slot.refresh_from_db()
    assert nord_slot.booked == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 422), ({"slot_id": "morgen"}, 422), ({"slot_id": 10**25}, 422), ({"slot_id": 987654321}, 422)],
)
def test_bad_reschedule_bodies_are_refused(client, booking, body, status):
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule", body, "application/json", headers=token(booking)
    )
    assert response.status_code == status
    assert "slot_id" in error(response)["fields"]


def test_a_reschedule_without_the_token_is_a_404(client, booking, slots, free_slot):
    response = client.post(
        f"{BASE}/bookings/{booking.code}/reschedule", {"slot_id": later_slot(slots, free_slot).pk}, "application/json"
    )
    assert response.status_code == 404

"""Appointments API, booking: POST …/bookings, the anti-bot challenge, idempotency, conflicts, limits."""

from __future__ import annotations

import datetime as dt

import altcha
import pytest
from django.test import Client
from django.utils import timezone

from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.appointments.models import Booking, BookingPolicy, Concern, Slot, WorkingHours
from openjobcenter.appointments.services import challenge, codes
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

BASE = "/api/v1/demo/appointments"


def error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def post(client: Client, body, **headers):
    return client.post(f"{BASE}/bookings", body, "application/json", headers=headers)


@pytest.fixture
def person(concern, free_slot) -> dict:
    return {
        "slot_id": free_slot.pk,
        "concern": concern.pk,
        "channel": "in_person",
        "name": "Gast Person",
        "email": "gast@example.org",
    }


@pytest.fixture
def challenge_on(policy) -> BookingPolicy:
    policy.challenge = BookingPolicy.Challenge.ON
    policy.save()
    return policy


def solved_payload(client: Client, monkeypatch, path: str = BASE) -> str:
    monkeypatch.setattr(challenge, "COST", 10)  # the real cost is for browsers; the check is the same
    data = client.get(f"{path}/challenge").json()
    task = altcha.Challenge.from_dict(data)
    solution = altcha.solve_challenge(task)
    assert solution is not None
    return altcha.Payload(task, solution).to_base64()


# --- Booking ------------------------------------------------------------------------------------


def test_an_anonymous_booking_answers_201_with_code_token_and_calendar_link(client, person, free_slot, demo):
    response = post(client, {**person, "phone": "+49 170 1234567", "language": "ar"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"booking_code", "start", "end", "location", "channel", "manage_token", "ics_url"} <= set(body)
    booking = Booking.objects.for_tenant(demo).get(code=body["booking_code"])
    assert body["manage_token"] == codes.manage_token(booking.code)
    assert body["status"] == "booked"
    assert body["channel"] == "in_person" and body["location"] == free_slot.location_id
    assert dt.datetime.fromisoformat(body["start"]) == free_slot.start
    assert dt.datetime.fromisoformat(body["start"]).utcoffset() == timezone.localtime(free_slot.start).utcoffset()
    assert dt.datetime.fromisoformat(body["end"]) - free_slot.start == dt.timedelta(minutes=30)
    assert body["ics_url"].startswith("http")
    assert f"/demo/appointments/manage/{booking.code}/calendar.ics?token={body['manage_token']}" in body["ics_url"]
    assert f"/demo/appointments/manage/{booking.code}/?token=" in body["manage_url"]
    assert (booking.name, booking.email, booking.phone, booking.language) == (
        "Gast Person",
        "gast@example.org",
        "+49 170 1234567",
        "ar",
    )
    assert booking.client is None
    free_slot.refresh_from_db()
    assert free_slot.booked == 1
    mail = OutboxMessage.objects.get(template="appointments_booked")
    assert mail.to_address == "gast@example.org" and mail.language == "ar"


def test_the_mail_language_defaults_to_the_requests_language(client, person, demo):
    body = post(client, person, **{"Accept-Language": "tr"}).json()
    assert Booking.objects.for_tenant(demo).get(code=body["booking_code"]).language == "tr"


def test_a_taken_slot_is_a_409_with_the_next_free_slots(client, person, free_slot, demo):
    assert post(client, person).status_code == 201
    response = post(client, {**person, "email": "zweite@example.org", "name": "Zweite Person"})
    assert response.status_code == 409
    body = error(response)
    assert body["code"] == "slot_taken"
    alternatives = body["alternatives"]
    assert 1 <= len(alternatives) <= 5
    assert {"slot_id", "start", "end", "location", "channel"} <= set(alternatives[0])
    assert free_slot.pk not in {a["slot_id"] for a in alternatives}
    assert all(a["channel"] == "in_person" for a in alternatives)
    # an alternative can be booked right away
    taken = post(client, {**person, "email": "zweite@example.org", "slot_id": alternatives[0]["slot_id"]})
    assert taken.status_code == 201
    assert Booking.objects.for_tenant(demo).count() == 2


def test_a_retry_with_the_same_idempotency_key_returns_the_same_booking(client, person, demo):
    first = post(client, person, **{"Idempotency-Key": "4f1c2a9e-retry"})
    again = post(client, person, **{"Idempotency-Key": "4f1c2a9e-retry"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Booking.objects.for_tenant(demo).count() == 1


def test_the_same_key_from_somebody_else_is_another_request(client, person, slots, demo):
    first = post(client, person, **{"Idempotency-Key": "same-key"}).json()
    taken = Booking.objects.for_tenant(demo).get(code=first["booking_code"]).slot
    other_slot = next(s for s in slots if s.start > taken.end + dt.timedelta(days=1))
    other = post(
        client,
        {**person, "slot_id": other_slot.pk, "email": "jemand@example.org"},
        **{"Idempotency-Key": "same-key"},
    )
    assert other.status_code == 201, other.json()
    assert other.json()["booking_code"] != first["booking_code"]
    assert other.json()["manage_token"] != first["manage_token"]


@pytest.mark.parametrize("key", ["x" * 201, "schlüssel", "   "])
def test_an_unusable_idempotency_key_is_a_422(client, person, key):
    response = post(client, person, **{"Idempotency-Key": key})
    assert response.status_code == 422
    assert "Idempotency-Key" in error(response)["fields"]
    assert not Booking.all_tenants.exists()


def test_a_signed_in_client_books_as_themselves(client, person, aylin, demo, challenge_on):
    client.force_login(aylin)
    response = post(client, {key: value for key, value in person.items() if key not in {"name", "email"}})
    assert response.status_code == 201, response.content
    booking = Booking.objects.for_tenant(demo).get(code=response.json()["booking_code"])
    assert booking.client == aylin
    assert (booking.name, booking.email) == ("Aylin Kaya", "aylin@example.org")


def test_a_session_booking_needs_the_csrf_token(person, aylin, policy):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(aylin)
    response = post(browser, person)
    assert response.status_code == 403
    assert error(response)["code"] == "csrf_failed"
    assert not Booking.all_tenants.exists()


def test_an_integration_with_a_token_books_without_the_challenge(client, person, bernd, demo, challenge_on):
    response = post(client, person, Authorization=f"Bearer {create_token(bernd)}")
    assert response.status_code == 201, response.content
    booking = Booking.objects.for_tenant(demo).get()
    assert booking.client is None and booking.email == "gast@example.org"


def test_a_wrong_token_is_a_401_not_an_anonymous_booking(client, person):
    response = post(client, person, Authorization="Bearer ojc_not-a-token")
    assert response.status_code == 401
    assert not Booking.all_tenants.exists()


def test_a_concern_for_signed_in_clients_only_is_a_403_for_anonymous_callers(client, person, concern):
    concern.requires_sign_in = True
    concern.save()
    response = post(client, person)
    assert response.status_code == 403
    assert error(response)["code"] == "sign_in_required"


def test_the_cap_on_open_bookings_per_address_is_a_429(client, person, policy, slots):
    policy.max_open_bookings_per_email = 1
    policy.save()
    assert post(client, person).status_code == 201
    later = next(s for s in slots if s.start > timezone.now() + dt.timedelta(days=5))
    response = post(client, {**person, "slot_id": later.pk, "email": "GAST@example.org"})
    assert response.status_code == 429
    assert error(response)["code"] == "too_many_bookings"


def test_a_phone_appointment_needs_a_phone_number(client, person):
    response = post(client, {**person, "channel": "phone"})
    assert response.status_code == 422
    assert "phone" in error(response)["fields"]
    assert post(client, {**person, "channel": "phone", "phone": "0170 1234567"}).status_code == 201


def test_a_channel_the_concern_does_not_offer_is_a_422(client, person, concern):
    concern.channels = ["phone"]
    concern.save()
    response = post(client, person)
    assert response.status_code == 422
    body = error(response)
    assert body["code"] == "channel_not_offered" and "channel" in body["fields"]


def test_a_slot_in_the_past_is_a_409_with_alternatives(client, person, free_slot, demo):
    past = Slot.all_tenants.create(
        jobcenter=demo,
        location_id=free_slot.location_id,
        staff_id=free_slot.staff_id,
        start=timezone.now() - dt.timedelta(days=1),
        end=timezone.now() - dt.timedelta(days=1) + dt.timedelta(minutes=30),
        minutes=30,
        in_person=True,
    )
    response = post(client, {**person, "slot_id": past.pk})
    assert response.status_code == 409
    body = error(response)
    assert body["code"] == "slot_unavailable"
    assert body["alternatives"]
    assert not Booking.all_tenants.exists()


def test_a_slot_of_another_jobcenter_is_unknown_and_never_booked(client, person, nord, niklas, nord_location):
    WorkingHours.all_tenants.create(
        jobcenter=nord,
        staff=niklas,
        location=nord_location,
        weekday=timezone.localdate().weekday(),
        starts=dt.time(8),
        ends=dt.time(18),
        channels=["in_person"],
        valid_from=timezone.localdate(),
    )
    reconcile_slots(nord)
    nord_slot = Slot.objects.for_tenant(nord).latest("start")
    response = post(client, {**person, "slot_id": nord_slot.pk})
    assert response.status_code in {404, 422}
    assert error(response)["code"] == "unknown_slot"
    nord_concern = Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["in_person"])
    response = post(client, {**person, "slot_id": nord_slot.pk, "concern": nord_concern.pk})
    assert response.status_code == 422
    assert "concern" in error(response)["fields"]
    assert not Booking.all_tenants.exists()
    nord_slot.refresh_from_db()
    assert nord_slot.booked == 0


# --- Bad input: a clear 4xx, never a 500, never a booking -----------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slot_id": "abc"}, "slot_id"),
        ({"slot_id": None}, "slot_id"),
        ({"slot_id": 10**30}, "slot_id"),
        ({"slot_id": 0}, "slot_id"),
        ({"slot_id": 987654321}, "slot_id"),
        ({"concern": "eins"}, "concern"),
        ({"concern": 987654321}, "concern"),
        ({"channel": "fax"}, "channel"),
        ({"channel": 3}, "channel"),
        ({"name": ""}, "name"),
        ({"name": ["Gast"]}, "name"),
        ({"name": "Gast\x00Person"}, "name"),
        ({"name": "Gast \ud800"}, "name"),
        ({"name": "x" * 5000}, "name"),
        ({"email": "keine-adresse"}, "email"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"email": 42}, "email"),
        ({"phone": "ruf mich an"}, "phone"),
        ({"phone": "1" * 60}, "phone"),
        ({"language": "xx"}, "language"),
    ],
)
def test_bad_fields_get_a_422_tied_to_the_field(client, person, change, field):
    response = post(client, {**person, **change})
    assert response.status_code == 422, response.content
    assert field in error(response)["fields"]
    assert not Booking.all_tenants.exists()


@pytest.mark.parametrize("missing", ["slot_id", "concern", "channel", "name", "email"])
def test_missing_fields_get_a_422(client, person, missing):
    body = {key: value for key, value in person.items() if key != missing}
    response = post(client, body)
    assert response.status_code == 422
    assert missing in error(response)["fields"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{kaputt", "application/json", 400),
        ("", "application/json", 422),
        ("[1, 2]", "application/json", 422),
        ('"text"', "application/json", 422),
        ("null", "application/json", 422),
        ("slot_id=1&concern=1", "application/x-www-form-urlencoded", 400),
    ],
)
def test_a_body_that_is_no_booking_is_a_4xx(client, person, body, content_type, status):
    response = client.post(f"{BASE}/bookings", body, content_type)
    assert response.status_code == status, response.content
    error(response)
    assert not Booking.all_tenants.exists()


def test_an_unknown_jobcenter_is_a_404(client, person):
    response = client.post("/api/v1/nowhere/appointments/bookings", person, "application/json")
    assert response.status_code == 404
    assert error(response)["code"] == "unknown_jobcenter"


# --- Anti-bot challenge -------------------------------------------------------------------------


def test_with_the_challenge_on_anonymous_bookings_need_a_solved_payload(client, person, challenge_on, monkeypatch):
    response = post(client, person)
    assert response.status_code == 422
    body = error(response)
    assert body["code"] == "challenge_failed" and "altcha" in body["fields"]
    response = post(client, {**person, "altcha": "bm90IGEgcGF5bG9hZA=="})
    assert error(response)["code"] == "challenge_failed"
    assert not Booking.all_tenants.exists()

    payload = solved_payload(client, monkeypatch)
    assert post(client, {**person, "altcha": payload}).status_code == 201


def test_a_solved_challenge_counts_once(client, person, slots, challenge_on, monkeypatch):
    payload = solved_payload(client, monkeypatch)
    assert post(client, {**person, "altcha": payload}).status_code == 201
    later = next(s for s in slots if s.start > timezone.now() + dt.timedelta(days=5))
    response = post(client, {**person, "slot_id": later.pk, "email": "b@example.org", "altcha": payload})
    assert error(response)["code"] == "challenge_failed"


def test_a_retry_with_the_same_key_needs_no_new_challenge(client, person, challenge_on, monkeypatch):
    body = {**person, "altcha": solved_payload(client, monkeypatch)}
    first = post(client, body, **{"Idempotency-Key": "k-1"})
    again = post(client, body, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["booking_code"] == again.json()["booking_code"]


def test_a_challenge_of_another_jobcenter_does_not_count(client, person, challenge_on, monkeypatch, nord):
    payload = solved_payload(client, monkeypatch, path="/api/v1/nord/appointments")
    assert error(post(client, {**person, "altcha": payload}))["code"] == "challenge_failed"


def test_the_challenge_is_served_in_altchas_format(client, demo):
    body = client.get(f"{BASE}/challenge").json()
    assert set(body) == {"parameters", "signature"}
    assert {"algorithm", "nonce", "salt", "keyPrefix"} <= set(body["parameters"])


# --- Rate limits --------------------------------------------------------------------------------


def test_booking_has_a_stricter_limit_per_address_with_retry_after(client, person, settings):
    settings.BOOKING_API_RATE_LIMIT = "2/m"
    post(client, person)
    post(client, person)
    response = post(client, person)
    assert response.status_code == 429
    assert error(response)["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert client.get(f"{BASE}/concerns").status_code == 200  # reading is not held to it


def test_integrations_with_a_token_are_not_held_to_the_booking_limit(client, person, bernd, settings, slots):
    settings.BOOKING_API_RATE_LIMIT = "1/m"
    token = create_token(bernd)
    later = [s for s in slots if s.start > timezone.now() + dt.timedelta(days=2)][:3]
    for number, slot in enumerate(later):
        response = post(
            client,
            {**person, "slot_id": slot.pk, "email": f"p{number}@example.org"},
            Authorization=f"Bearer {token}",
        )
        assert response.status_code == 201


def test_the_public_limit_covers_the_appointment_endpoints(client, concern, settings):
    settings.PUBLIC_API_RATE_LIMIT = "2/m"
    client.get(f"{BASE}/concerns")
    client.get(f"{BASE}/locations")
    response = client.get(f"{BASE}/slots", {"concern": concern.pk})
    assert response.status_code == 429
    assert "Retry-After" in response

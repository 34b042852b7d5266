"""Appointments API, reading: concerns, locations and free slots (API.md "Appointments")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Concern, Slot
from openjobcenter.core.models import Location, ReceptionZone

pytestmark = pytest.mark.django_db

BASE = "/api/v1/demo/appointments"


def error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def parse(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    assert moment.utcoffset() is not None, "times carry their offset"
    return moment


# --- Concerns -----------------------------------------------------------------------------------


def test_concerns_are_listed_with_their_channels_in_the_requested_language(client, concern):
    Concern.all_tenants.create(jobcenter=concern.jobcenter, name={"de": "Alt"}, channels=["phone"], is_active=False)
    [item] = client.get(f"{BASE}/concerns", headers={"Accept-Language": "en"}).json()
    assert item["id"] == concern.pk
    assert item["name"] == "Job search advice"
    assert item["duration_minutes"] == 30
    assert item["channels"] == ["in_person", "phone", "video"]
    assert item["requires_sign_in"] is False
    assert item["what_to_bring"] == "Lebenslauf"  # no English text: German
    [arabic] = client.get(f"{BASE}/concerns", headers={"Accept-Language": "ar"}).json()
    assert arabic["name"] == "استشارة البحث عن عمل"


def test_concerns_of_another_jobcenter_are_not_listed(client, concern, nord):
    Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord-Anliegen"}, channels=["phone"])
    assert [c["name"] for c in client.get(f"{BASE}/concerns").json()] == ["Beratung zur Arbeitsuche"]
    assert [c["name"] for c in client.get("/api/v1/nord/appointments/concerns").json()] == ["Nord-Anliegen"]


def test_an_unknown_jobcenter_is_a_404(client, db):
    response = client.get("/api/v1/nowhere/appointments/concerns")
    assert response.status_code == 404
    assert error(response)["code"] == "unknown_jobcenter"


# --- Locations ----------------------------------------------------------------------------------


def test_locations_are_the_active_ones_with_their_reception_zones(client, demo_location):
    demo = demo_location.jobcenter
    ReceptionZone.all_tenants.create(
        jobcenter=demo, location=demo_location, code="A", name={"de": "Erdgeschoss", "en": "Ground floor"}
    )
    Location.all_tenants.create(
        jobcenter=demo, name="Geschlossen", street="Weg 1", postal_code="12345", city="Musterstadt", is_active=False
    )
    locations = client.get(f"{BASE}/locations", headers={"Accept-Language": "en"}).json()
    assert locations == [
        {
            "id": demo_location.pk,
            "name": "Hauptstelle Mitte",
            "address": "Am Rathausplatz 1, 12345 Musterstadt",
            "reception_zones": [{"code": "A", "name": "Ground floor"}],
        }
    ]


# --- Slots --------------------------------------------------------------------------------------


def test_free_slots_are_listed_in_time_order_with_berlin_offsets(client, concern, slots, demo_location):
    response = client.get(f"{BASE}/slots", {"concern": concern.pk, "channel": "in_person"})
    assert response.status_code == 200
    items = response.json()
    assert items
    assert set(items[0]) >= {"slot_id", "start", "end", "location", "channel"}
    starts = [parse(item["start"]) for item in items]
    assert starts == sorted(starts)
    first = items[0]
    start, end = parse(first["start"]), parse(first["end"])
    assert end - start == dt.timedelta(minutes=30)
    berlin = start.astimezone(timezone.get_default_timezone())
    assert start.utcoffset() == berlin.utcoffset()
    assert 9 <= start.hour < 12  # Bernd's hours, in local time
    assert first["location"] == demo_location.pk
    assert first["location_name"] == "Hauptstelle Mitte"
    assert first["channel"] == "in_person"
    # only bookable ones: after the minimum lead time
    assert start >= timezone.now() + dt.timedelta(minutes=concern.min_lead_minutes)


def test_booked_slots_are_not_listed(client, concern, free_slot, make_booking):
    day = timezone.localdate(free_slot.start).isoformat()
    query = {"concern": concern.pk, "channel": "phone", "date_from": day, "date_to": day}
    before = {item["slot_id"] for item in client.get(f"{BASE}/slots", query).json()}
    assert free_slot.pk in before
    make_booking(free_slot)
    after = {item["slot_id"] for item in client.get(f"{BASE}/slots", query).json()}
    assert after == before - {free_slot.pk}


def test_the_date_range_and_location_filter_the_slots(client, concern, free_slot, demo_location):
    day = timezone.localdate(free_slot.start)
    items = client.get(
        f"{BASE}/slots",
        {"concern": concern.pk, "channel": "video", "location": demo_location.pk, "date_from": day, "date_to": day},
    ).json()
    assert items and {timezone.localdate(parse(item["start"])) for item in items} == {day}
    other = Location.all_tenants.create(
        jobcenter=concern.jobcenter, name="Außenstelle", street="Weg 2", postal_code="12345", city="Musterstadt"
    )
    assert client.get(f"{BASE}/slots", {"concern": concern.pk, "location": other.pk}).json() == []


def test_without_a_channel_every_offered_channel_is_listed(client, concern, free_slot):
    concern.channels = ["phone", "video"]
    concern.save()
    day = timezone.localdate(free_slot.start).isoformat()
    items = client.get(f"{BASE}/slots", {"concern": concern.pk, "date_from": day, "date_to": day}).json()
    assert {item["channel"] for item in items} == {"phone", "video"}
    assert {(item["slot_id"], item["channel"]) for item in items} >= {(free_slot.pk, "phone"), (free_slot.pk, "video")}


def test_a_channel_the_concern_does_not_offer_is_a_422(client, concern, slots):
    concern.channels = ["in_person"]
    concern.save()
    response = client.get(f"{BASE}/slots", {"concern": concern.pk, "channel": "video"})
    assert response.status_code == 422
    body = error(response)
    assert body["code"] == "channel_not_offered"
    assert list(body["fields"]) == ["channel"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"concern": None}, "concern"),
        ({"concern": "abc"}, "concern"),
        ({"concern": "999999"}, "concern"),
        ({"concern": "99999999999999999999999"}, "concern"),
        ({"concern": "-1"}, "concern"),
        ({"channel": "fax"}, "channel"),
        ({"location": "999999"}, "location"),
        ({"location": "x"}, "location"),
        ({"date_from": "2025-02-30"}, "date_from"),
        ({"date_from": "morgen"}, "date_from"),
        ({"date_to": "31.12.2025"}, "date_to"),
    ],
)
def test_bad_queries_get_a_422_tied_to_the_field(client, concern, query, field):
    params = {key: value for key, value in {"concern": concern.pk, **query}.items() if value is not None}
    response = client.get(f"{BASE}/slots", params)
    assert response.status_code == 422, response.content
    assert field in error(response)["fields"]


def test_a_range_longer_than_62_days_or_reversed_is_refused(client, concern):
    today = timezone.localdate()
    response = client.get(
        f"{BASE}/slots", {"concern": concern.pk, "date_from": today, "date_to": today + dt.timedelta(days=63)}
    )
    assert response.status_code == 422
    assert "62" in error(response)["fields"]["date_to"][0]
    response = client.get(
        f"{BASE}/slots", {"concern": concern.pk, "date_from": today, "date_to": today - dt.timedelta(days=1)}
    )
    assert response.status_code == 422
    assert "date_to" in error(response)["fields"]


@pytest.mark.parametrize(
    ("date_from", "date_to"), [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31"), ("2001-01-01", None)]
)
def test_dates_far_away_give_an_empty_list_not_an_error(client, concern, slots, date_from, date_to):
    query = {"concern": concern.pk, "date_from": date_from}
    if date_to:
        query["date_to"] = date_to
    response = client.get(f"{BASE}/slots", query)
    assert response.status_code == 200
    assert response.json() == []


def test_ids_of_another_jobcenter_are_unknown(client, concern, nord, nord_location):
    nord_concern = Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["in_person"])
    response = client.get(f"{BASE}/slots", {"concern": nord_concern.pk})
    assert response.status_code == 422
    assert "concern" in error(response)["fields"]
    response = client.get(f"{BASE}/slots", {"concern": concern.pk, "location": nord_location.pk})
    assert response.status_code == 422
    assert "location" in error(response)["fields"]


def test_blocked_and_full_slots_are_not_offered(client, concern, free_slot):
    day = timezone.localdate(free_slot.start).isoformat()
    query = {"concern": concern.pk, "channel": "in_person", "date_from": day, "date_to": day}
    Slot.all_tenants.filter(pk=free_slot.pk).update(blocked=True)
    assert free_slot.pk not in {item["slot_id"] for item in client.get(f"{BASE}/slots", query).json()}
    Slot.all_tenants.filter(pk=free_slot.pk).update(blocked=False, booked=1)
    assert free_slot.pk not in {item["slot_id"] for item in client.get(f"{BASE}/slots", query).json()}


# --- OpenAPI ------------------------------------------------------------------------------------


def test_the_endpoints_are_documented_with_their_errors(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    prefix = "/api/v1/{jobcenter}/appointments"
    expected = {
        ("get", "/concerns"): {"200", "404", "429"},
        ("get", "/locations"): {"200", "404", "429"},
        ("get", "/slots"): {"200", "404", "422", "429"},
        ("get", "/challenge"): {"200", "404", "429"},
        ("post", "/bookings"): {"201", "200", "403", "404", "409", "422", "429"},
        ("get", "/bookings/{booking_code}"): {"200", "404", "429"},
        ("post", "/bookings/{booking_code}/cancel"): {"200", "404", "409", "429"},
        ("post", "/bookings/{booking_code}/reschedule"): {"200", "404", "409", "422", "429"},
    }
    for (method, path), statuses in expected.items():
        operation = paths[prefix + path][method]
        assert statuses <= set(operation["responses"]), path
        parameters = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        assert ("path", "jobcenter") in parameters, path
    booking = paths[prefix + "/bookings"]["post"]
    assert ("header", "Idempotency-Key") in {(p["in"], p["name"]) for p in booking["parameters"]}
    assert {} in booking["security"], "booking needs no sign-in"
    manage = paths[prefix + "/bookings/{booking_code}"]["get"]
    assert ("header", "X-Manage-Token") in {(p["in"], p["name"]) for p in manage["parameters"]}
    conflict = booking["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    detail = schema["components"]["schemas"][conflict]["properties"]["error"]["$ref"].rsplit("/", 1)[-1]
    assert "alternatives" in schema["components"]["schemas"][detail]["properties"]

"""Reception API (API.md "Reception"): tickets, call-next, waiting times; auth, tenants, bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.core.models import ReceptionZone
from openjobcenter.reception.models import Counter, CounterSession, Ticket, TicketSource, TicketStatus, ZoneSettings
from openjobcenter.reception.services import queue

pytestmark = pytest.mark.django_db


def base(location) -> str:
    return f"/api/v1/{location.jobcenter.slug}/reception/{location.pk}"


def error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def post(client: Client, url: str, body: dict | None = None, *, auth=None, token: str | None = None):
    if auth is not None:
        token = create_token(auth)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(url, body or {}, "application/json", headers=headers)


# --- Waiting times ------------------------------------------------------------------------------


def test_waiting_times_has_the_documented_fields(client, demo_location, zone, counter, emre):
    queue.open_counter(counter, emre)
    for _ in range(3):
        queue.issue_ticket(demo_location, zone=zone)
    response = client.get(f"{base(demo_location)}/waiting-times")
    assert response.status_code == 200
    body = response.json()
    assert {"location", "updated_at", "zones"} <= set(body)
    assert body["location"] == demo_location.pk
    (row,) = body["zones"]
    assert {"zone", "waiting", "estimated_wait_minutes"} <= set(row)
    assert row["zone"] == "A" and row["waiting"] == 3 and row["open_counters"] == 1
    assert isinstance(row["estimated_wait_minutes"], int) and row["estimated_wait_minutes"] > 0
    low, high = row["estimated_wait_range"]
    assert low <= row["estimated_wait_minutes"] <= high and low % 5 == 0 and high % 5 == 0


def test_without_an_open_counter_there_is_no_estimate(client, demo_location, zone):
    queue.issue_ticket(demo_location, zone=zone)
    row = client.get(f"{base(demo_location)}/waiting-times").json()["zones"][0]
    assert row["waiting"] == 1 and row["estimated_wait_minutes"] is None and row["estimated_wait_range"] is None


@pytest.mark.parametrize("which", ["unknown", "inactive", "other_jobcenter"])
def test_an_unknown_closed_or_foreign_location_is_a_404(client, demo_location, nord_location, zone, which):
    location_id = {"unknown": 999999, "inactive": demo_location.pk, "other_jobcenter": nord_location.pk}[which]
    if which == "inactive":
        demo_location.is_active = False
        demo_location.save()
    response = client.get(f"/api/v1/demo/reception/{location_id}/waiting-times")
    assert response.status_code == 404
    assert error(response)["code"] == "unknown_location"


def test_an_unknown_jobcenter_is_a_404(client, demo_location):
    response = client.get(f"/api/v1/nowhere/reception/{demo_location.pk}/waiting-times")
    assert response.status_code == 404 and error(response)["code"] == "unknown_jobcenter"


def test_a_location_id_that_is_no_number_is_a_422_in_german(client, demo):
    response = client.get("/api/v1/demo/reception/abc/waiting-times")
    assert response.status_code == 422
    assert error(response)["message"]


# --- Tickets ------------------------------------------------------------------------------------


def test_staff_draw_a_ticket_201_with_the_documented_fields(client, demo_location, zone, counter, emre, concern):
    ZoneSettings.all_tenants.filter(zone=zone).update(remote_join=False)
    queue.open_counter(counter, emre)
    queue.issue_ticket(demo_location, zone=zone)
    response = post(client, f"{base(demo_location)}/tickets", {"concern": concern.pk}, auth=emre)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"ticket_number", "zone", "position", "estimated_wait_minutes"} <= set(body)
    assert body["ticket_number"] == "A002" and body["zone"] == "A" and body["position"] == 1
    assert body["estimated_wait_minutes"] is not None and body["source"] == "reception"
    ticket = Ticket.all_tenants.get(number="A002")
    assert ticket.concern_id == concern.pk and ticket.source == TicketSource.RECEPTION
    assert body["ticket_url"].endswith(f"/demo/reception/ticket/{ticket.token}/") and body["token"] == ticket.token
    assert ticket.estimate_minutes is not None  # the first estimate is kept to measure accuracy


def test_anybody_may_join_from_their_phone_where_the_zone_allows_it(client, demo_location, zone):
    response = post(client, f"{base(demo_location)}/tickets", {"zone": "a"})
    assert response.status_code == 201
    assert response.json()["source"] == "remote"
    assert Ticket.all_tenants.get().source == TicketSource.REMOTE


def test_joining_from_the_phone_where_the_zone_does_not_allow_it_is_a_409(client, demo_location, zone):
    ZoneSettings.all_tenants.filter(zone=zone).update(remote_join=False)
    response = post(client, f"{base(demo_location)}/tickets", {})
    assert response.status_code == 409 and error(response)["code"] == "zone_closed"
    assert not Ticket.all_tenants.exists()


def test_a_closed_zone_is_a_409_even_for_staff(client, demo_location, zone, emre):
    ZoneSettings.all_tenants.filter(zone=zone).update(is_open=False)
    response = post(client, f"{base(demo_location)}/tickets", {"zone": "A"}, auth=emre)
    assert response.status_code == 409
    assert error(response)["code"] == "zone_closed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"zone": "Z"}, "zone"),
        ({"concern": 999999}, "concern"),
        ({"concern": "x"}, "concern"),
        ({"language": "xx"}, "language"),
    ],
)
def test_bad_input_is_a_422_tied_to_the_field(client, demo_location, zone, emre, body, field):
    response = post(client, f"{base(demo_location)}/tickets", body, auth=emre)
    assert response.status_code == 422
    detail = error(response)
    assert field in detail["fields"] and detail["message"]


def test_a_concern_of_another_jobcenter_is_unknown(client, demo_location, zone, emre, nord):
    from openjobcenter.appointments.models import Concern

    foreign = Concern.all_tenants.create(
        jobcenter=nord, name={"de": "Fremd"}, duration_minutes=15, channels=["in_person"]
    )
    response = post(client, f"{base(demo_location)}/tickets", {"concern": foreign.pk}, auth=emre)
    assert response.status_code == 422 and "concern" in error(response)["fields"]


def test_a_ticket_at_another_jobcenters_location_is_a_404(client, nord_location, zone, emre):
    response = post(client, f"/api/v1/demo/reception/{nord_location.pk}/tickets", {}, auth=emre)
    assert response.status_code == 404
    assert not Ticket.all_tenants.exists()


def test_joining_from_the_phone_is_rate_limited_per_address(client, demo_location, zone, settings):
    settings.RECEPTION_TICKET_RATE_LIMIT = "2/h"
    assert post(client, f"{base(demo_location)}/tickets").status_code == 201
    assert post(client, f"{base(demo_location)}/tickets").status_code == 201
    response = post(client, f"{base(demo_location)}/tickets")
    assert response.status_code == 429 and response.has_header("Retry-After")


def test_a_wrong_token_is_a_401_not_an_anonymous_ticket(client, demo_location, zone):
    response = post(client, f"{base(demo_location)}/tickets", {}, token="ojc_wrong")
    assert response.status_code == 401
    assert not Ticket.all_tenants.exists()


# --- Call next ----------------------------------------------------------------------------------


def test_call_next_opens_a_free_counter_and_calls_in_order(client, demo_location, zone, counter, emre):
    first = queue.issue_ticket(demo_location, zone=zone)
    queue.issue_ticket(demo_location, zone=zone)
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"ticket_number", "counter"} <= set(body)
    assert body == {**body, "ticket_number": first.number, "counter": "1", "zone": "A"}
    first.refresh_from_db()
    assert first.status == TicketStatus.CALLED and first.counter_id == counter.pk
    assert CounterSession.all_tenants.get(closed_at__isnull=True).staff_id == emre.pk


def test_call_next_with_an_empty_queue_is_a_204(client, demo_location, zone, counter, emre):
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    assert response.status_code == 204
    assert response.content == b""


def test_a_counter_somebody_else_sits_at_is_a_409(client, demo_location, zone, counter, emre, tanja):
    queue.open_counter(counter, tanja)
    queue.issue_ticket(demo_location, zone=zone)
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    assert response.status_code == 409 and error(response)["code"] == "counter_taken"
    assert Ticket.all_tenants.get().status == TicketStatus.WAITING


def test_sitting_at_another_counter_is_a_409(client, demo_location, zone, counter, counter2, emre):
    queue.open_counter(counter2, emre)
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    assert response.status_code == 409 and error(response)["code"] == "other_counter"


def test_two_counters_never_get_the_same_ticket(client, demo_location, zone, counter, counter2, emre, tanja):
    queue.issue_ticket(demo_location, zone=zone)
    one = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    two = post(client, f"{base(demo_location)}/counters/{counter2.pk}/call-next", auth=tanja)
    assert (one.status_code, two.status_code) == (200, 204)


def test_call_next_needs_sign_in_and_the_permission(client, demo_location, zone, counter, bernd, aylin):
    url = f"{base(demo_location)}/counters/{counter.pk}/call-next"
    assert post(client, url).status_code == 401
    for user in (bernd, aylin):
        response = post(client, url, auth=user)
        assert response.status_code == 403 and error(response)["code"] == "forbidden"
    assert not CounterSession.all_tenants.exists()


def test_another_jobcenters_staff_cannot_call_here(client, demo_location, zone, counter, nord):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    nina = make_user("nina@nord.example", Role.RECEPTION, jobcenter=nord, name="Nina Nord")
    queue.issue_ticket(demo_location, zone=zone)
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=nina)
    assert response.status_code == 404
    assert Ticket.all_tenants.get().status == TicketStatus.WAITING


def test_a_counter_of_another_location_or_jobcenter_is_a_404(client, demo, demo_location, nord, nord_location, emre):
    from openjobcenter.core.models import Location

    other = Location.all_tenants.create(jobcenter=demo, name="Zweigstelle", street="X 1", postal_code="1", city="Y")
    other_zone = ReceptionZone.all_tenants.create(jobcenter=demo, location=other, code="B", name={"de": "B"})
    elsewhere = Counter.all_tenants.create(jobcenter=demo, location=other, zone=other_zone, name="9")
    nord_zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="A", name={"de": "A"})
    foreign = Counter.all_tenants.create(jobcenter=nord, location=nord_location, zone=nord_zone, name="1")
    for counter_id in (elsewhere.pk, foreign.pk, 999999):
        response = post(client, f"{base(demo_location)}/counters/{counter_id}/call-next", auth=emre)
        assert response.status_code == 404 and error(response)["code"] == "unknown_counter"
    response = post(client, f"/api/v1/demo/reception/{nord_location.pk}/counters/{foreign.pk}/call-next", auth=emre)
    assert response.status_code == 404


def test_an_inactive_counter_is_a_409(client, demo_location, zone, counter, emre):
    Counter.all_tenants.filter(pk=counter.pk).update(is_active=False)
    response = post(client, f"{base(demo_location)}/counters/{counter.pk}/call-next", auth=emre)
    assert response.status_code == 409 and error(response)["code"] == "counter_inactive"

"""The proof-of-work challenge (ALTCHA) in front of anonymous bookings: required, verified, used once."""

from __future__ import annotations

import base64
import json
import re
import time

import altcha
import pytest
from django.urls import reverse

from openjobcenter.appointments.models import Booking, BookingPolicy
from openjobcenter.appointments.services import challenge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cheap_challenges(monkeypatch):
    """The real algorithm, with few iterations: solving takes milliseconds in the tests."""
    monkeypatch.setattr(challenge, "COST", 1)


@pytest.fixture
def challenge_on(demo, policy) -> BookingPolicy:
    policy.challenge = BookingPolicy.Challenge.ON
    policy.save()
    return policy


def solve(data: dict) -> str:
    """What the widget puts into the form: challenge and solution, base64-encoded JSON."""
    parsed = altcha.Challenge.from_dict(data)
    solution = altcha.solve_challenge(parsed)
    assert solution is not None
    return altcha.Payload(parsed, solution).to_base64()


def fetch_and_solve(client) -> str:
    response = client.get(reverse("appointments:challenge", kwargs={"jobcenter": "demo"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return solve(response.json())


def details_url(concern, slot) -> str:
    kwargs = {"jobcenter": "demo", "concern_id": concern.pk, "slot_id": slot.pk}
    return reverse("appointments:details", kwargs=kwargs) + "?channel=in_person"


def form_data(client, url) -> dict[str, str]:
    page = client.get(url)
    match = re.search(r'name="request_key"[^>]*value="([^"]+)"', page.text)
    assert match
    key = match.group(1)
    return {"name": "Gül Yıldız", "email": "gul@example.org", "language": "de", "request_key": key}


def test_the_challenge_is_required_for_anonymous_visitors_only(demo, challenge_on, aylin, settings):
    from django.contrib.auth.models import AnonymousUser

    assert challenge.challenge_required(demo, AnonymousUser())
    assert challenge.challenge_required(demo, None)
    assert not challenge.challenge_required(demo, aylin)
    challenge_on.challenge = BookingPolicy.Challenge.DEFAULT
    challenge_on.save()
    settings.BOOKING_CHALLENGE = False
    assert not challenge.challenge_required(demo, AnonymousUser())


def test_the_challenge_is_signed_expires_and_is_json(demo):
    data = challenge.new_challenge(demo)
    json.dumps(data)
    params = data["parameters"]
    assert params["algorithm"] == "PBKDF2/SHA-256" and data["signature"]
    assert time.time() < params["expiresAt"] <= time.time() + 10 * 60 + 1


def test_a_solved_challenge_passes_once(demo):
    payload = solve(challenge.new_challenge(demo))
    assert challenge.verify_payload(demo, payload)
    assert not challenge.verify_payload(demo, payload)  # replay


def test_the_same_form_sent_twice_passes_with_its_request_key(demo):
    payload = solve(challenge.new_challenge(demo))
    assert challenge.verify_payload(demo, payload, request_key="k1")
    assert challenge.verify_payload(demo, payload, request_key="k1")
    assert not challenge.verify_payload(demo, payload, request_key="k2")
    assert not challenge.verify_payload(demo, payload)


def test_bad_payloads_are_rejected(demo, nord, monkeypatch):
    data = challenge.new_challenge(demo)
    payload = solve(data)
    assert not challenge.verify_payload(nord, payload)  # another Jobcenter's key
    assert not challenge.verify_payload(demo, "")
    assert not challenge.verify_payload(demo, "not base64 at all!")
    assert not challenge.verify_payload(demo, base64.b64encode(b"[1, 2]").decode())
    assert not challenge.verify_payload(demo, "A" * 5000)
    wrong = json.loads(base64.b64decode(payload))
    wrong["solution"]["counter"] += 1
    assert not challenge.verify_payload(demo, base64.b64encode(json.dumps(wrong).encode()).decode())
    cheaper = json.loads(base64.b64decode(payload))
    cheaper["challenge"]["parameters"]["keyPrefix"] = ""
    assert not challenge.verify_payload(demo, base64.b64encode(json.dumps(cheaper).encode()).decode())
    monkeypatch.setattr(time, "time", lambda: data["parameters"]["expiresAt"] + 1)
    assert not challenge.verify_payload(demo, solve(data))  # expired


def test_the_form_shows_the_widget_and_needs_a_solution(client, demo, concern, free_slot, challenge_on):
    url = details_url(concern, free_slot)
    page = client.get(url)
    assert "<altcha-widget" in page.text
    assert reverse("appointments:challenge", kwargs={"jobcenter": "demo"}) in page.text

    missing = client.post(url, form_data(client, url))
    assert missing.status_code == 400
    assert "Sicherheitsprüfung ist nicht abgeschlossen" in missing.text
    assert 'value="Gül Yıldız"' in missing.text and 'value="gul@example.org"' in missing.text
    invalid = client.post(url, {**form_data(client, url), "altcha": "kaputt"})
    assert invalid.status_code == 400
    assert not Booking.objects.for_tenant(demo).exists()


def test_a_solved_challenge_books_and_cannot_be_replayed(client, demo, concern, slots, free_slot, challenge_on):
    url = details_url(concern, free_slot)
    payload = fetch_and_solve(client)
    response = client.post(url, {**form_data(client, url), "altcha": payload})
    assert response.status_code == 302
    assert Booking.objects.for_tenant(demo).count() == 1

    other = next(s for s in slots if s.start > free_slot.start)
    replay = client.post(
        details_url(concern, other), {**form_data(client, details_url(concern, other)), "altcha": payload}
    )
    assert replay.status_code == 400
    assert Booking.objects.for_tenant(demo).count() == 1


def test_a_double_click_with_the_challenge_still_shows_the_booking(client, demo, concern, free_slot, challenge_on):
    url = details_url(concern, free_slot)
    data = {**form_data(client, url), "altcha": fetch_and_solve(client)}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Booking.objects.for_tenant(demo).count() == 1


def test_signed_in_clients_book_without_a_challenge(client, demo, concern, free_slot, challenge_on, aylin):
    client.force_login(aylin)
    url = details_url(concern, free_slot)
    assert "<altcha-widget" not in client.get(url).text
    data = form_data(client, url)
    assert client.post(url, data).status_code == 302

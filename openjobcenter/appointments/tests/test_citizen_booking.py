"""A citizen books online: anonymous and signed in, with every way it can go wrong."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.appointments.forms_citizen import new_request_key
from openjobcenter.appointments.models import Booking, BookingPolicy, Concern, Slot
from openjobcenter.appointments.services import codes
from openjobcenter.appointments.views import citizen
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def details_url(concern, slot, channel="in_person") -> str:
    url = reverse("appointments:details", kwargs={"jobcenter": "demo", "concern_id": concern.pk, "slot_id": slot.pk})
    return f"{url}?channel={channel}"


def form_data(client, url, **fields) -> dict[str, str]:
    """The booking form as the browser would send it: its hidden one-time key plus the typed fields."""
    page = client.get(url)
    assert page.status_code == 200, page.content[:500]
    key = _key(page.text)
    data = {"name": "Gül Yıldız", "email": "gul@example.org", "phone": "", "language": "de", "request_key": key}
    data.update(fields)
    return data


def test_an_anonymous_visitor_books_and_sees_the_confirmation(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    response = client.post(url, form_data(client, url, phone="0211 123456"))

    booking = Booking.objects.for_tenant(demo).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:booked", kwargs={"jobcenter": "demo", "code": booking.code})
    assert (booking.name, booking.email, booking.phone, booking.client) == (
        "Gül Yıldız",
        "gul@example.org",
        "0211 123456",
        None,
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert booking.display_code in page.text and "Lebenslauf" in page.text
    assert reverse("appointments:ics", kwargs={"jobcenter": "demo", "code": booking.code}) in page.text
    mail = OutboxMessage.objects.get(template="appointments_booked")
    assert mail.to_address == "gul@example.org" and codes.manage_token(booking.code) in mail.text_body


def test_the_confirmation_is_not_shown_to_another_visitor(client, demo, concern, free_slot, make_booking):
    booking = make_booking(free_slot)
    response = client.get(reverse("appointments:booked", kwargs={"jobcenter": "demo", "code": booking.code}))
    assert response.status_code == 404
    assert reverse("appointments:find", kwargs={"jobcenter": "demo"}) in response.text


def test_a_signed_in_client_books_with_her_account(client, demo, concern, free_slot, aylin):
    client.force_login(aylin)
    url = details_url(concern, free_slot, "phone")
    page = client.get(url)
    assert 'name="name"' not in page.text and aylin.email in page.text
    assert "altcha-widget" not in page.text
    data = form_data(client, url, name="Someone Else", email="else@example.org", phone="0211 9876", language="tr")
    response = client.post(url, data)

    booking = Booking.objects.for_tenant(demo).get()
    assert response.status_code == 302
    assert (booking.client, booking.email, booking.name, booking.channel) == (aylin, aylin.email, "Aylin Kaya", "phone")
    assert booking.language == "tr"
    assert client.get(response["Location"]).status_code == 200


def test_a_double_click_makes_one_booking(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    data = form_data(client, url)
    first = client.post(url, data)
    second = client.post(url, data)

    assert Booking.objects.for_tenant(demo).count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    free_slot.refresh_from_db()
    assert free_slot.booked == 1


def test_a_taken_slot_gives_409_with_alternatives_and_keeps_what_was_typed(
    client, demo, concern, free_slot, make_booking
):
    url = details_url(concern, free_slot)
    data = form_data(client, url, name="Maria Musterfrau", email="maria@example.org", phone="0211 555")
    make_booking(free_slot, email="schneller@example.org")
    response = client.post(url, data)

    assert response.status_code == 409
    assert "gerade von jemand anderem gebucht" in response.text
    assert 'value="Maria Musterfrau"' in response.text and 'value="maria@example.org"' in response.text
    assert 'value="0211 555"' in response.text
    alternatives = re.findall(r'formaction="([^"]+)"', response.text)
    assert alternatives, "the next free times are offered"
    one_click = client.post(alternatives[0].replace("&amp;", "&"), {**data, "request_key": _key(response.text)})
    assert one_click.status_code == 302
    assert Booking.objects.for_tenant(demo).filter(email="maria@example.org").count() == 1


def _key(html: str) -> str:
    match = re.search(r'name="request_key"[^>]*value="([^"]+)"', html)
    assert match, "the form has its one-time key"
    return match.group(1)


def test_a_slot_in_the_past_cannot_be_booked(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    data = form_data(client, url)
    Slot.all_tenants.filter(pk=free_slot.pk).update(
        start=timezone.now() - dt.timedelta(hours=1), end=timezone.now() - dt.timedelta(minutes=30)
    )
    response = client.post(url, data)

    assert response.status_code == 409
    assert "in der Vergangenheit" in response.text
    assert 'value="Gül Yıldız"' in response.text
    assert not Booking.objects.for_tenant(demo).exists()
    assert client.get(url).status_code == 302  # the form is not even offered for it


def test_a_channel_the_concern_does_not_offer_is_refused(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    data = form_data(client, url)
    Concern.all_tenants.filter(pk=concern.pk).update(channels=["in_person"])
    response = client.post(details_url(concern, free_slot, "video"), {**data, "channel": "video"})

    assert response.status_code == 422
    assert "keine Termine auf diesem Weg" in response.text
    assert not Booking.objects.for_tenant(demo).exists()
    page = client.get(details_url(concern, free_slot, "video"))
    assert page.status_code == 302 and "channel" not in page["Location"]


def test_an_invalid_email_is_shown_at_the_field(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    response = client.post(url, form_data(client, url, email="gul@example"))

    assert response.status_code == 400
    assert 'id="id_email_error"' in response.text and "gültige E-Mail-Adresse" in response.text
    assert 'value="Gül Yıldız"' in response.text
    assert not Booking.objects.for_tenant(demo).exists()


def test_a_phone_appointment_needs_a_phone_number(client, demo, concern, free_slot):
    url = details_url(concern, free_slot, "phone")
    response = client.post(url, form_data(client, url, phone=""))
    assert response.status_code == 400 and "Telefonnummer" in response.text


def test_too_many_open_bookings_per_address_gives_429(client, demo, concern, slots, free_slot, make_booking):
    BookingPolicy.all_tenants.filter(jobcenter=demo).update(max_open_bookings_per_email=2)
    later = [s for s in slots if s.start > free_slot.start]
    make_booking(later[0], email="gul@example.org")
    make_booking(later[1], email="GUL@example.org")
    url = details_url(concern, free_slot)
    response = client.post(url, form_data(client, url))

    assert response.status_code == 429
    assert "schon 2 Termine gebucht" in response.text
    assert 'value="gul@example.org"' in response.text


def test_a_concern_that_needs_sign_in_is_refused_to_anonymous_visitors(client, demo, concern, free_slot, aylin):
    Concern.all_tenants.filter(pk=concern.pk).update(requires_sign_in=True)
    url = details_url(concern, free_slot)
    data = {"name": "Gül Yıldız", "email": "gul@example.org", "language": "de", "request_key": new_request_key()}

    for response in (client.get(url), client.post(url, data)):
        assert response.status_code == 403
        login = reverse("accounts:login", kwargs={"jobcenter": "demo"})
        assert f'href="{login}?next=' in response.text
    assert not Booking.objects.for_tenant(demo).exists()
    start = client.get(reverse("appointments:start", kwargs={"jobcenter": "demo"}))
    assert "nur mit Anmeldung" in start.text and f"{login}?next=" in start.text

    client.force_login(aylin)
    assert client.post(url, form_data(client, url)).status_code == 302


def test_a_forged_request_key_books_nothing_and_keeps_the_data(client, demo, concern, free_slot):
    url = details_url(concern, free_slot)
    response = client.post(url, {**form_data(client, url), "request_key": "made-up"})
    assert response.status_code == 400
    assert "noch einmal" in response.text and 'value="Gül Yıldız"' in response.text
    assert _key(response.text) != "made-up"
    assert not Booking.objects.for_tenant(demo).exists()


def test_booking_is_rate_limited_per_address(client, demo, concern, free_slot, monkeypatch):
    monkeypatch.setattr(citizen, "BOOK_RATE", "2/h")
    url = details_url(concern, free_slot)
    data = form_data(client, url, email="kaputt")
    assert [client.post(url, data).status_code for _ in range(3)] == [400, 400, 429]


def test_an_unknown_slot_or_concern(client, demo, concern, free_slot):
    gone = reverse("appointments:details", kwargs={"jobcenter": "demo", "concern_id": concern.pk, "slot_id": 999999})
    assert client.get(f"{gone}?channel=in_person").status_code == 302
    response = client.post(f"{gone}?channel=in_person", form_data(client, details_url(concern, free_slot)))
    assert response.status_code == 409 and 'value="Gül Yıldız"' in response.text
    huge = reverse("appointments:details", kwargs={"jobcenter": "demo", "concern_id": concern.pk, "slot_id": 10**20})
    assert client.get(f"{huge}?channel=in_person").status_code == 302
    other = reverse("appointments:details", kwargs={"jobcenter": "demo", "concern_id": 999999, "slot_id": free_slot.pk})
    assert client.get(other).status_code == 404

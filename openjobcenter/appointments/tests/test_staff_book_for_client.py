"""Booking on a client's behalf: find the citizen (a logged read) or take name and address, choose
concern, channel and a free slot, and the client gets the confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import mails, sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot
from openjobcenter.audit.models import AuditEntry, Kind

pytestmark = pytest.mark.django_db
URL = "/demo/staff/appointments/new/"


def soon_slot(slots: list[Slot]) -> Slot:
    """A slot inside the concern's lead time: citizens cannot book it any more, staff can."""
    return next(s for s in slots if s.start > timezone.now() and not s.blocked)


def form(concern: Concern, slot: Slot | None = None, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {"concern": concern.pk, "channel": "in_person", "language": "de", "request_key": "k-1"}
    if slot is not None:
        data.update(slot=slot.pk, action="book")
    data.update(fields)
    return data


def test_staff_find_citizens_of_their_jobcenter_only(client, bernd, aylin, nora, anja):
    sign_in(client, bernd)
    page = client.get(URL, {"q": "kaya"}).content.decode()
    assert "Aylin Kaya" in page and f"?client={aylin.pk}" in page
    assert "Nora" not in client.get(URL, {"q": "nora"}).content.decode()  # Jobcenter Nordkreis
    assert f"?client={anja.pk}" not in client.get(URL, {"q": "anja"}).content.decode()  # staff, no client
    assert "Aylin Kaya" in client.get(URL, {"q": "Aylin Kaya"}).content.decode()  # several words


def test_opening_a_client_for_booking_is_a_logged_read(client, bernd, aylin, concern):
    sign_in(client, bernd)
    page = client.get(URL, {"client": aylin.pk}).content.decode()
    assert "Aylin Kaya" in page and "aylin@example.org" in page
    read = AuditEntry.all_tenants.get(kind=Kind.READ, subject=aylin)
    assert read.purpose == "Terminverwaltung" and read.actor_ref == bernd.pk


@pytest.mark.parametrize("client_id", ["abc", "999999"])
def test_an_unknown_client_is_a_message_not_an_error(client, bernd, client_id):
    sign_in(client, bernd)
    response = client.get(URL, {"client": client_id})
    assert response.status_code == 200
    if client_id.isdigit():
        assert "wurde nicht gefunden" in response.content.decode()


def test_a_client_of_another_jobcenter_cannot_be_chosen(client, bernd, nora):
    sign_in(client, bernd)
    response = client.get(URL, {"client": nora.pk})
    assert "Nora" not in response.content.decode()
    assert not AuditEntry.all_tenants.filter(kind=Kind.READ, subject=nora).exists()


def test_searching_lists_slots_inside_the_lead_time(client, bernd, concern, slots):
    soon = soon_slot(slots)
    sign_in(client, bernd)
    response = client.post(URL, form(concern, action="search", date=timezone.localtime(soon.start).date()))
    assert response.status_code == 200
    assert f'id="slot-{soon.pk}"' in response.content.decode()


def test_booking_for_a_client_with_an_account(client, bernd, aylin, concern, slots):
    slot = soon_slot(slots)
    sign_in(client, bernd)
    response = client.post(URL, form(concern, slot, client=aylin.pk))
    booking = Booking.objects.for_tenant(aylin.jobcenter).get()
    assert response.status_code == 302 and response["Location"] == f"/demo/staff/appointments/{booking.code}/"
    assert booking.client == aylin and booking.booked_by == bernd and booking.email == aylin.email
    assert booking.name == "Aylin Kaya" and booking.status == BookingStatus.BOOKED
    assert mails("appointments_booked", to=aylin.email)
    page = client.get(response["Location"]).content.decode()
    assert "Gebucht von Bernd Brandt" in page and "mit Konto im Portal" in page


def test_booking_for_a_person_without_an_account(client, emre, concern, slots):
    slot = soon_slot(slots)
    sign_in(client, emre)
    data = form(concern, slot, name="Paul Papier", email="Paul@Example.org", phone="0170 123", language="tr")
    response = client.post(URL, data)
    assert response.status_code == 302
    booking = Booking.objects.for_tenant(concern.jobcenter).get()
    assert (booking.name, booking.email, booking.phone, booking.language) == (
        "Paul Papier",
        "paul@example.org",
        "0170 123",
        "tr",
    )
    assert booking.client is None and booking.booked_by == emre
    assert mails("appointments_booked", to="paul@example.org")
    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_person_without_an_account_needs_name_and_address(client, bernd, concern, slots):
    sign_in(client, bernd)
    response = client.post(URL, form(concern, soon_slot(slots), name="", email="keine-adresse", phone="abc"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte geben Sie den Namen an." in page and "gültige E-Mail-Adresse" in page
    assert 'value="keine-adresse"' in page  # nothing entered is lost
    assert not Booking.objects.for_tenant(concern.jobcenter).exists()


def test_booking_needs_a_slot(client, bernd, aylin, concern, slots):
    sign_in(client, bernd)
    response = client.post(URL, form(concern, client=aylin.pk, action="book"))
    assert response.status_code == 400 and "Bitte wählen Sie einen freien Termin." in response.content.decode()


def test_a_channel_the_concern_does_not_offer_is_refused(client, bernd, aylin, concern, slots):
    Concern.all_tenants.filter(pk=concern.pk).update(channels=["phone"])
    sign_in(client, bernd)
    response = client.post(URL, form(concern, soon_slot(slots), client=aylin.pk))
    assert response.status_code == 400 and "keine Termine auf diesem Weg" in response.content.decode()


def test_a_concern_of_another_jobcenter_is_refused(client, bernd, aylin, nord, slots):
    foreign = Concern.all_tenants.create(jobcenter=nord, name={"de": "Fremd"}, channels=["in_person"])
    sign_in(client, bernd)
    response = client.post(URL, form(foreign, soon_slot(slots), client=aylin.pk))
    assert response.status_code == 400
    assert not Booking.all_tenants.exists()


def test_a_taken_slot_is_409_with_alternatives(client, bernd, aylin, concern, free_slot, make_booking):
    make_booking(free_slot, email="schneller@example.org")
    sign_in(client, bernd)
    response = client.post(URL, form(concern, free_slot, client=aylin.pk))
    assert response.status_code == 409
    page = response.content.decode()
    assert "gerade von jemand anderem gebucht" in page and "Diese Termine sind noch frei" in page
    assert Booking.objects.for_tenant(concern.jobcenter).count() == 1


def test_a_slot_in_the_past_is_refused(client, bernd, aylin, concern, free_slot):
    start = timezone.now() - dt.timedelta(hours=2)
    Slot.all_tenants.filter(pk=free_slot.pk).update(start=start, end=start + dt.timedelta(minutes=30))
    sign_in(client, bernd)
    response = client.post(URL, form(concern, free_slot, client=aylin.pk))
    assert response.status_code == 409 and "in der Vergangenheit" in response.content.decode()


def test_a_double_click_makes_one_booking(client, bernd, aylin, concern, slots):
    slot = soon_slot(slots)
    sign_in(client, bernd)
    first = client.post(URL, form(concern, slot, client=aylin.pk, request_key="doppelt"))
    second = client.post(URL, form(concern, slot, client=aylin.pk, request_key="doppelt"))
    assert first["Location"] == second["Location"]
    assert Booking.objects.for_tenant(concern.jobcenter).count() == 1 and len(mails("appointments_booked")) == 1


def test_a_concern_that_needs_an_account_asks_for_one(client, bernd, concern, slots):
    Concern.all_tenants.filter(pk=concern.pk).update(requires_sign_in=True)
    sign_in(client, bernd)
    response = client.post(URL, form(concern, soon_slot(slots), name="Ohne Konto", email="ohne@example.org"))
    assert response.status_code == 400 and "braucht die Person ein Konto" in response.content.decode()


def test_staff_may_book_beyond_the_open_bookings_cap(client, bernd, concern, slots, make_booking, policy):
    free = [s for s in slots if s.start > timezone.now() + dt.timedelta(days=2)]
    for slot in free[: policy.max_open_bookings_per_email]:
        make_booking(slot, email="viel@example.org")
    sign_in(client, bernd)
    data = form(concern, free[-1], name="Viel Bucher", email="viel@example.org")
    assert client.post(URL, data).status_code == 302


def test_an_advisor_of_another_team_can_book_and_then_see_the_booking(client, demo, concern, slots):
    helper = make_user("hugo@demo.example", Role.BENEFITS_OFFICER, jobcenter=demo, name="Hugo Helfer")
    sign_in(client, helper)
    response = client.post(URL, form(concern, soon_slot(slots), name="Gast", email="gast2@example.org"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # booked by him: in his scope


def test_looking_for_slots_needs_no_name_yet(client, bernd, concern, slots):
    sign_in(client, bernd)
    response = client.post(URL, form(concern, action="search"))
    assert response.status_code == 200 and "Bitte geben Sie den Namen an." not in response.content.decode()
    assert "– optional" not in response.content.decode().split('id="id_name"')[0].rsplit("<label", 1)[-1]


def test_when_a_week_has_no_free_slot_the_next_one_is_offered(client, bernd, concern, slots):
    last = max(s.start for s in slots)
    Slot.all_tenants.filter(start__lt=last).update(blocked=True)
    sign_in(client, bernd)
    page = client.post(URL, form(concern, action="search")).content.decode()
    assert f'name="date" value="{timezone.localtime(last).date().isoformat()}"' in page

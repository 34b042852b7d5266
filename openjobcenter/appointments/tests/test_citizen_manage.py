"""Managing a booking with the link from the mail: view, cancel, move, calendar file, a new link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Slot
from openjobcenter.appointments.services import booking as svc
from openjobcenter.appointments.services import codes
from openjobcenter.appointments.services.mail import manage_path
from openjobcenter.appointments.views import citizen
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def url(name: str, booking: Booking, jobcenter: str = "demo") -> str:
    return reverse(f"appointments:{name}", kwargs={"jobcenter": jobcenter, "code": booking.code})


@pytest.fixture
def booking(free_slot, make_booking) -> Booking:
    return make_booking(free_slot, email="gast@example.org", phone="0211 1")


def open_link(client, booking: Booking):
    return client.get(manage_path(booking))


def test_the_link_from_the_mail_takes_the_token_out_of_the_address(client, booking):
    response = open_link(client, booking)

    assert response.status_code == 302
    assert response["Location"] == url("manage", booking)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert booking.display_code in page.text and "Gast Person" in page.text
    assert codes.manage_token(booking.code) not in page.text
    assert url("cancel", booking) in page.text and url("reschedule", booking) in page.text


@pytest.mark.parametrize("token", ["", "wrong", "0" * 40])
def test_a_wrong_or_missing_token_gives_the_same_404(client, booking, token):
    response = client.get(f"{url('manage', booking)}?token={token}")
    plain = client.get(url("manage", booking))
    unknown = client.get(reverse("appointments:manage", kwargs={"jobcenter": "demo", "code": "ZZZZZZZZZZ"}))

    assert response.status_code == plain.status_code == unknown.status_code == 404
    assert main(response.text) == main(unknown.text)  # no hint which part was wrong
    assert reverse("appointments:find", kwargs={"jobcenter": "demo"}) in response.text


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_token_of_another_booking_does_not_open_this_one(client, booking, slots, make_booking):
    other = make_booking(next(s for s in slots if s.start > booking.start), email="x@example.org")
    response = client.get(f"{url('manage', booking)}?token={codes.manage_token(other.code)}")
    assert response.status_code == 404


def test_another_jobcenters_booking_code_is_404_under_nord(client, nord, booking):
    token = codes.manage_token(booking.code)
    for name in ("manage", "ics", "booked", "cancel", "reschedule"):
        assert client.get(f"{url(name, booking, 'nord')}?token={token}").status_code == 404, name
    open_link(client, booking)  # the token is in the session now, for demo
    assert client.get(url("manage", booking, "nord")).status_code == 404


def test_cancelling_asks_first_and_frees_the_seat(client, demo, booking):
    open_link(client, booking)
    confirm = client.get(url("cancel", booking))
    assert confirm.status_code == 200 and "Ja, Termin absagen" in confirm.text
    assert Slot.objects.for_tenant(demo).get(pk=booking.slot_id).booked == 1

    response = client.post(url("cancel", booking))
    assert response.status_code == 302 and response["Location"] == url("manage", booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert Slot.objects.for_tenant(demo).get(pk=booking.slot_id).booked == 0
    assert OutboxMessage.objects.filter(template="appointments_cancelled").count() == 1
    page = client.get(url("manage", booking))
    assert "Ihr Termin ist abgesagt" in page.text and "Sie haben diesen Termin abgesagt." in page.text
    assert url("reschedule", booking) not in page.text and url("cancel", booking) not in page.text
    assert client.post(url("cancel", booking)).status_code == 302  # twice changes nothing


def test_rescheduling_moves_in_one_step(client, demo, booking, slots):
    open_link(client, booking)
    calendar = client.get(url("reschedule", booking))
    assert calendar.status_code == 200
    choice = re.findall(r'href="([^"]*/reschedule/\?slot=(\d+))"', calendar.text)
    target = next(slot_id for _href, slot_id in choice if int(slot_id) != booking.slot_id)
    confirm = client.get(f"{url('reschedule', booking)}?slot={target}")
    assert confirm.status_code == 200 and "Ja, Termin verschieben" in confirm.text

    response = client.post(url("reschedule", booking), {"slot": target})
    assert response.status_code == 302
    old_slot = booking.slot_id
    booking.refresh_from_db()
    assert booking.slot_id == int(target) and booking.reschedule_count == 1
    assert Slot.objects.for_tenant(demo).get(pk=old_slot).booked == 0
    assert Slot.objects.for_tenant(demo).get(pk=target).booked == 1
    assert OutboxMessage.objects.filter(template="appointments_rescheduled").count() == 1


def test_rescheduling_to_a_taken_slot_gives_409_with_alternatives(client, demo, booking, slots, make_booking):
    open_link(client, booking)
    taken = next(s for s in slots if s.start > booking.start + dt.timedelta(days=1))
    make_booking(taken, email="other@example.org")
    response = client.post(url("reschedule", booking), {"slot": taken.pk})

    assert response.status_code == 409
    assert (
        "gerade von jemand anderem gebucht" in response.text and "Ihr bisheriger Termin gilt weiter." in response.text
    )
    offered = re.findall(r'name="slot" value="(\d+)"', response.text)
    assert offered, "the next free times are offered"
    alternative = offered[0]
    assert client.post(url("reschedule", booking), {"slot": alternative}).status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == int(alternative)


@pytest.mark.parametrize("slot", ["abc", "", "99999999999999999999", "0"])
def test_rescheduling_to_nonsense_changes_nothing(client, booking, slot):
    open_link(client, booking)
    assert client.get(f"{url('reschedule', booking)}?slot={slot}").status_code == 302
    assert client.post(url("reschedule", booking), {"slot": slot}).status_code in (302, 409)
    booking.refresh_from_db()
    assert booking.reschedule_count == 0


def test_a_past_booking_shows_its_state_and_no_actions(client, demo, booking):
    past = timezone.now() - dt.timedelta(days=1)
    Booking.all_tenants.filter(pk=booking.pk).update(start=past, end=past + dt.timedelta(minutes=30))
    open_link(client, booking)
    page = client.get(url("manage", booking))
    assert "in der Vergangenheit" in page.text and "vorbei" in page.text
    assert url("cancel", booking) not in page.text
    assert client.post(url("cancel", booking)).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_the_owning_client_manages_without_a_token(client, demo, concern, free_slot, aylin, bernd):
    booking, _ = svc.book(
        demo,
        svc.BookingRequest(
            slot_id=free_slot.pk,
            concern=concern,
            channel="in_person",
            name="Aylin Kaya",
            email=aylin.email,
            client=aylin,
        ),
    )
    assert client.get(url("manage", booking)).status_code == 404
    client.force_login(aylin)
    assert client.get(url("manage", booking)).status_code == 200
    assert client.get(url("ics", booking)).status_code == 200
    sign_in(client, bernd)
    assert client.get(url("manage", booking)).status_code == 404


def test_the_calendar_file(client, booking):
    response = client.get(f"{url('ics', booking)}?token={codes.manage_token(booking.code)}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="termin-{booking.code}.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VALARM" in body and booking.code in body
    open_link(client, booking)
    assert client.get(url("ics", booking)).status_code == 200  # with the token in the session


def test_the_calendar_file_needs_the_token(client, booking):
    assert client.get(url("ics", booking)).status_code == 404
    assert client.get(f"{url('ics', booking)}?token=wrong").status_code == 404


def test_find_sends_the_link_only_when_code_and_address_match(client, demo, booking):
    find = reverse("appointments:find", kwargs={"jobcenter": "demo"})
    answers = [
        client.post(find, {"code": booking.display_code.lower(), "email": "GAST@example.org"}),
        client.post(find, {"code": booking.code, "email": "someone@example.org"}),
        client.post(find, {"code": "ZZZZZ-ZZZZZ", "email": "gast@example.org"}),
    ]
    assert {a.status_code for a in answers} == {302} and len({a["Location"] for a in answers}) == 1
    mails = OutboxMessage.objects.filter(template="appointments_manage_link")
    assert mails.count() == 1
    mail = mails.get()
    assert mail.to_address == "gast@example.org" and manage_path(booking) in mail.text_body
    assert booking.display_code in mail.subject
    assert "Bitte sehen Sie in Ihr E-Mail-Postfach" in client.get(answers[0]["Location"]).text


def test_find_keeps_what_was_typed_and_is_rate_limited(client, demo, monkeypatch):
    monkeypatch.setattr(citizen, "FIND_RATE", "1/h")
    find = reverse("appointments:find", kwargs={"jobcenter": "demo"})
    response = client.post(find, {"code": "ABC", "email": "gast@example.org"})
    assert response.status_code == 400 and 'value="gast@example.org"' in response.text
    assert "zehn Zeichen" in response.text
    assert client.post(find, {"code": "ABC", "email": "x@example.org"}).status_code == 429


def test_my_appointments_lists_upcoming_and_past(client, demo, concern, slots, free_slot, aylin):
    def book(slot):
        return svc.book(demo, svc.BookingRequest(slot_id=slot.pk, concern=concern, channel="phone", phone="0211 1",
                                                 name="Aylin Kaya", email=aylin.email, client=aylin))[0]  # fmt: skip

    upcoming = book(free_slot)
    cancelled = svc.cancel(book(next(s for s in slots if s.start > free_slot.start)))
    assert client.get(reverse("appointments:my_appointments", kwargs={"jobcenter": "demo"})).status_code == 302
    client.force_login(aylin)
    page = client.get(reverse("appointments:my_appointments", kwargs={"jobcenter": "demo"}))

    assert page.status_code == 200
    coming, earlier = page.text.split('id="fruehere"')
    assert upcoming.display_code in coming and cancelled.display_code in earlier
    assert url("manage", upcoming) in coming

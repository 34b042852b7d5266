"""The reception desk and the counter workplace through the browser's eyes: issue, check in, open a
counter, call, recall, no-show after two calls, park, transfer, finish, and the conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import ReceptionZone
from openjobcenter.reception.models import CounterSession, Priority, Ticket, TicketSource, TicketStatus, ZoneSettings
from openjobcenter.reception.services import queue

pytestmark = pytest.mark.django_db

DESK = "/demo/staff/reception/"
COUNTER = "/demo/staff/reception/counter/"


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def act(client, ticket: Ticket, action: str, data: dict | None = None):
    return client.post(f"/demo/staff/reception/tickets/{ticket.pk}/{action}/", data or {})


@pytest.fixture
def emre_client(client, emre):
    sign_in(client, emre)
    return client


@pytest.fixture
def at_counter(emre_client, emre, counter):
    queue.open_counter(counter, emre)
    return emre_client


# --- Desk -------------------------------------------------------------------------------------------


def test_desk_issues_a_ticket_and_shows_it_in_the_queue(emre_client, zone, concern, demo_location):
    response = emre_client.post(
        f"{DESK}?location={demo_location.pk}", {"action": "issue", "zone": zone.pk, "concern": concern.pk}
    )
    assert response.status_code == 302
    ticket = Ticket.all_tenants.get()
    assert (ticket.number, ticket.source, ticket.concern_id) == ("A001", TicketSource.RECEPTION, concern.pk)
    assert "Wartenummer A001" in texts(response)[-1]
    page = emre_client.get(response["Location"])
    body = page.content.decode()
    assert "Gerade ausgegeben" in body and f"ticket/{ticket.token}/qr.svg" in body
    assert "1 Nummer in der Warteschlange" in body and "Beratung zur Arbeitsuche" in body


def test_urgent_needs_a_reason_and_is_called_first(emre_client, zone, demo_location, demo):
    queue.issue_ticket(demo_location, zone=zone)
    response = emre_client.post(DESK, {"action": "issue", "zone": zone.pk, "urgent": "on"})
    assert response.status_code == 422
    assert "Bitte nennen Sie den Grund" in response.content.decode()
    response = emre_client.post(DESK, {"action": "issue", "zone": zone.pk, "urgent": "on", "reason": "Notlage"})
    assert response.status_code == 302
    urgent = Ticket.all_tenants.get(number="A002")
    assert urgent.priority == Priority.URGENT
    assert AuditEntry.all_tenants.filter(action="reception.ticket_urgent", details__reason="Notlage").exists()
    assert queue.waiting_in(zone).first() == urgent


def test_desk_refuses_closed_zones_and_forged_ids(emre_client, zone, demo_location, nord_location):
    ZoneSettings.all_tenants.filter(zone=zone).update(is_open=False)
    response = emre_client.post(DESK, {"action": "issue", "zone": zone.pk})
    assert response.status_code == 422 and not Ticket.all_tenants.exists()
    assert "keine Eingangszone Wartenummern an" in response.content.decode()
    assert emre_client.get(f"{DESK}?location={nord_location.pk}").status_code == 404
    assert emre_client.get(f"{DESK}?location=abc").status_code == 404


def test_desk_checks_in_a_booked_client(emre_client, zone, concern, slots, make_booking, demo_location):
    concern.min_lead_minutes = 0  # the booking's lead time is not what this tests
    concern.save(update_fields=["min_lead_minutes"])
    soon = timezone.now() + dt.timedelta(minutes=20)
    slot = min((s for s in slots if s.start > timezone.now()), key=lambda s: abs(s.start - soon))
    booking = make_booking(slot)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(queue, "CHECK_IN_WINDOW_BEFORE", slot.start - timezone.now() + dt.timedelta(minutes=1))
        response = emre_client.post(DESK, {"action": "check_in", "code": booking.display_code.lower()})
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.all_tenants.get()
    assert ticket.booking_id == booking.pk and ticket.priority == Priority.APPOINTMENT


def test_desk_check_in_with_an_unknown_code_says_so(emre_client, zone):
    response = emre_client.post(DESK, {"action": "check_in", "code": "ABCDE-23456"})
    assert response.status_code == 422
    assert "keinen Termin vor Ort" in response.content.decode()
    response = emre_client.post(DESK, {"action": "check_in", "code": "123"})
    assert response.status_code == 422 and "zehn Zeichen" in response.content.decode()


def test_desk_shows_who_sits_where_and_todays_calls(emre_client, emre, tanja, zone, counter, counter2, demo_location):
    queue.open_counter(counter2, tanja)
    ticket = queue.issue_ticket(demo_location, zone=zone)
    queue.call_next(counter2, tanja)
    body = emre_client.get(DESK).content.decode()
    assert "Tanja Tiedemann" in body and "nicht besetzt" in body
    assert f"bei {ticket.number}" in body and "Aufrufe heute" in body


# --- Counter ----------------------------------------------------------------------------------------


def test_open_call_recall_no_show(emre_client, emre, zone, counter, demo_location):
    assert "Schalter öffnen" in emre_client.get(COUNTER).content.decode()
    response = emre_client.post("/demo/staff/reception/counter/open/", {"counter": counter.pk})
    assert response.status_code == 302 and queue.current_counter(emre, counter.jobcenter) == counter
    ticket = queue.issue_ticket(demo_location, zone=zone)
    response = emre_client.post("/demo/staff/reception/counter/call-next/")
    assert texts(response)[-1] == "A001 ist aufgerufen."
    page = emre_client.get(COUNTER).content.decode()
    assert "Aktuelle Nummer" in page and "Erneut aufrufen" in page
    # "Did not come" is offered but disabled after one call; the service refuses it too.
    assert 'aria-describedby="no-show-hinweis" disabled' in page
    response = act(emre_client, ticket, "no-show")
    assert "mindestens 2-mal" in texts(response)[-1]
    act(emre_client, ticket, "recall")
    ticket.refresh_from_db()
    assert ticket.call_count == 2
    act(emre_client, ticket, "no-show")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NO_SHOW


def test_start_finish_and_empty_queue(at_counter, zone, demo_location):
    response = at_counter.post("/demo/staff/reception/counter/call-next/")
    assert response.status_code == 302
    assert "Zurzeit wartet niemand" in texts(response)[-1]
    ticket = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    act(at_counter, ticket, "start")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SERVING and ticket.service_started_at
    act(at_counter, ticket, "finish")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE and ticket.finished_at


def test_one_ticket_at_a_time(at_counter, zone, demo_location):
    first = queue.issue_ticket(demo_location, zone=zone)
    second = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    response = at_counter.post("/demo/staff/reception/counter/call-next/")
    assert "noch eine Nummer aufgerufen" in texts(response)[-1]
    response = act(at_counter, second, "call")
    assert "noch eine Nummer aufgerufen" in texts(response)[-1]
    second.refresh_from_db()
    assert second.status == TicketStatus.WAITING
    response = at_counter.post("/demo/staff/reception/counter/close/")
    assert "Bitte schließen Sie zuerst" in texts(response)[-1]
    act(at_counter, first, "finish")
    response = at_counter.post("/demo/staff/reception/counter/close/")
    assert "ist geschlossen" in texts(response)[-1]
    assert not CounterSession.all_tenants.filter(closed_at__isnull=True).exists()


def test_park_and_call_a_parked_ticket_back(at_counter, zone, demo_location):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    act(at_counter, ticket, "park")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PARKED
    assert "Zurückgestellte Nummern" in at_counter.get(COUNTER).content.decode()
    act(at_counter, ticket, "call")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED and ticket.call_count == 2


def test_calling_a_number_another_counter_just_called_is_a_409(at_counter, tanja, zone, counter2, demo_location):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter2, tanja)
    queue.call_ticket(ticket, counter2, tanja)  # a moment earlier, at Tanja's counter
    response = act(at_counter, ticket, "call")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Diese Nummer wurde gerade an einem anderen Schalter aufgerufen." in body
    assert "Zurzeit wartet niemand in Ihrer Eingangszone." in body  # the list as it is now
    ticket.refresh_from_db()
    assert ticket.counter_id == counter2.pk and ticket.call_count == 1


def test_transfer_to_another_zone_or_counter(at_counter, tanja, demo, zone, counter, counter2, demo_location):
    other_zone = ReceptionZone.all_tenants.create(
        jobcenter=demo, location=demo_location, code="B", name={"de": "Leistung"}
    )
    ticket = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    page = at_counter.get(COUNTER).content.decode()
    assert f'value="zone-{other_zone.pk}"' in page and f'value="counter-{counter2.pk}"' in page
    response = act(at_counter, ticket, "transfer", {"target": f"zone-{other_zone.pk}"})
    assert "wartet jetzt in der Warteschlange" in texts(response)[-1]
    ticket.refresh_from_db()
    assert (ticket.zone_id, ticket.status, ticket.counter_id) == (other_zone.pk, TicketStatus.WAITING, None)
    second = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    act(at_counter, second, "transfer", {"target": f"counter-{counter2.pk}"})
    second.refresh_from_db()
    assert (second.counter_id, second.status) == (counter2.pk, TicketStatus.CALLED)
    # Another counter's ticket is not mine to move; a forged target is refused.
    response = act(at_counter, second, "finish")
    assert "nicht an Ihrem Schalter" in texts(response)[-1]
    third = queue.issue_ticket(demo_location, zone=zone)
    at_counter.post("/demo/staff/reception/counter/call-next/")
    response = act(at_counter, third, "transfer", {"target": "zone-999999"})
    assert "wohin die Person" in texts(response)[-1]


def test_unknown_action_and_no_counter(emre_client, zone, demo_location):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    response = act(emre_client, ticket, "call")
    assert "öffnen Sie zuerst Ihren Schalter" in texts(response)[-1]
    assert act(emre_client, ticket, "explode").status_code == 404
    assert emre_client.get(f"/demo/staff/reception/tickets/{ticket.pk}/call/").status_code == 405
    assert emre_client.post("/demo/staff/reception/counter/open/", {"counter": "x"}).status_code == 302

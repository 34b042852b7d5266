"""The public queue pages: waiting times, the kiosk, check-in, joining from one's phone, the ticket page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openjobcenter.appointments.models import Booking
from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import Priority, Ticket, TicketSource, TicketStatus, ZoneSettings
from openjobcenter.reception.services import queue
from openjobcenter.reception.views import public

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "demo", query: str = "", **kwargs) -> str:
    path = reverse(f"reception:{name}", kwargs={"jobcenter": slug, **kwargs})
    return f"{path}?{query}" if query else path


def alert(html: str) -> str:
    """The ticket page's alert region (what screen readers announce)."""
    found = re.search(r'<div class="ojc-ticket__alert" role="alert" data-field="alert">(.*?)</div>', html, re.S)
    assert found is not None
    return found.group(1)


def script_data(html: str, element_id: str) -> dict:
    """The JSON a page hands to its script (``json_script``)."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))


def in_language(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.fixture
def zone_b(demo, demo_location) -> ReceptionZone:
    zone = ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="B", name={"de": "Leistung"})
    ZoneSettings.all_tenants.create(jobcenter=demo, zone=zone, remote_join=False)
    return zone


@pytest.fixture
def nord_ticket(nord, nord_location) -> Ticket:
    zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "Nord"})
    return queue.issue_ticket(nord_location, zone=zone)


@pytest.fixture
def booking_now(demo, demo_location, slots, make_booking) -> Booking:
    """A booked in-person appointment at the demo location that starts in ten minutes."""
    slot = next(s for s in slots if s.start > timezone.now() + dt.timedelta(days=1))
    booking = make_booking(slot)
    start = timezone.now() + dt.timedelta(minutes=10)
    Booking.all_tenants.filter(pk=booking.pk).update(start=start, end=start + dt.timedelta(minutes=30))
    booking.refresh_from_db()
    assert booking.location_id == demo_location.pk
    return booking


# --- Every page renders, in German and in Arabic ---------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_public_page_renders_in_german_and_arabic(client, demo_location, zone, language):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    in_language(client, language)
    pages = [
        url("overview"),
        url("location_waiting", location_id=demo_location.pk),
        url("kiosk", query=f"lang={language}", location_id=demo_location.pk),
        url("kiosk", query=f"lang={language}&termin=1", location_id=demo_location.pk),
        url("kiosk_ticket", query=f"lang={language}", location_id=demo_location.pk, token=ticket.token),
        url("remote_join", location_id=demo_location.pk),
        url("check_in", location_id=demo_location.pk),
        url("ticket", token=ticket.token),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html, page
    arabic_zone = "التسجيل" if language == "ar" else "Anmeldung"
    assert arabic_zone in client.get(url("location_waiting", location_id=demo_location.pk)).content.decode()


def test_the_waiting_times_show_count_range_and_open_counters(client, demo_location, zone, counter, counter2, emre):
    for _ in range(3):
        queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)
    html = client.get(url("location_waiting", location_id=demo_location.pk)).content.decode()
    row = re.search(r'data-zone="A".*?</li>', html, re.S)
    assert row is not None
    assert re.search(r'data-field="waiting">3<', row.group(0))
    assert re.search(r'data-field="open_counters">1<', row.group(0))
    assert re.search(r"etwa \d+–\d+ Minuten|bis etwa \d+ Minuten", row.group(0))
    # The live stream and the texts the script needs are on the page.
    assert f'data-events-url="{url("events", location_id=demo_location.pk)}"' in html
    texts = script_data(html, "ojc-wait-texts")
    assert texts["range"] == "etwa {low}–{high} Minuten"


def test_without_an_open_counter_the_page_says_so(client, demo_location, zone):
    html = client.get(url("location_waiting", location_id=demo_location.pk)).content.decode()
    assert "Zurzeit ist kein Schalter geöffnet." in html


def test_the_wait_text_reads_as_a_range():
    assert public.wait_text([10, 20]) == "etwa 10–20 Minuten"
    assert public.wait_text([0, 5]) == "bis etwa 5 Minuten"
    assert public.wait_text(None) == "Zurzeit ist kein Schalter geöffnet."


def test_the_overview_lists_only_this_jobcenters_active_locations(client, demo, demo_location, nord_location, zone):
    Location.all_tenants.create(jobcenter=demo, name="Geschlossene Stelle", is_active=False)
    html = client.get(url("overview")).content.decode()
    assert demo_location.name in html
    assert nord_location.name not in html and "Geschlossene Stelle" not in html
    assert f'data-events-url="{url("events", location_id=demo_location.pk)}"' in html
    texts = script_data(html, "ojc-wait-texts")
    assert texts["up_to"] == "bis etwa {high} Minuten"


def test_the_location_link_include_points_to_the_waiting_times(rf, demo, demo_location):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.jobcenter = demo
    html = render_to_string("reception/public/_location_link.html", {"location": demo_location}, request=request)
    assert url("location_waiting", location_id=demo_location.pk) in html


# --- Unknown, inactive and other Jobcenters' locations and tickets ---------------------------------


def test_unknown_inactive_and_foreign_locations_are_not_found(client, demo, demo_location, nord_location, zone):
    closed = Location.all_tenants.create(jobcenter=demo, name="Alt", is_active=False)
    for location_id in (999999, closed.pk, nord_location.pk):
        for name in ("location_waiting", "kiosk", "remote_join", "check_in"):
            assert client.get(url(name, location_id=location_id)).status_code == 404, (name, location_id)
        assert client.post(url("kiosk", location_id=location_id), {"choice": str(zone.pk)}).status_code == 404
    assert not Ticket.all_tenants.exists()


def test_another_jobcenters_ticket_is_not_found(client, demo_location, nord_ticket, nord):
    for name in ("ticket", "ticket_qr"):
        assert client.get(url(name, token=nord_ticket.token)).status_code == 404
        assert client.get(url(name, slug="nord", token=nord_ticket.token)).status_code == 200
    kiosk_ticket = url("kiosk_ticket", location_id=demo_location.pk, token=nord_ticket.token)
    assert client.get(kiosk_ticket).status_code == 404
    assert client.get(url("ticket", token="nothing-like-a-token")).status_code == 404


def test_a_kiosk_ticket_from_another_location_is_not_found(client, demo, demo_location, zone):
    other = Location.all_tenants.create(jobcenter=demo, name="Zweigstelle")
    ticket = queue.issue_ticket(demo_location, zone=zone)
    assert client.get(url("kiosk_ticket", location_id=other.pk, token=ticket.token)).status_code == 404


# --- The kiosk -------------------------------------------------------------------------------------


def test_the_kiosk_offers_every_language_on_the_page(client, demo_location, zone):
    html = client.get(url("kiosk", location_id=demo_location.pk)).content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'hreflang="{code}"' in html
    assert f'name="choice" value="{zone.pk}"' in html
    # No site navigation and no sign-in on the kiosk.
    assert "accounts/login" not in html


def test_the_kiosk_draws_a_ticket_and_shows_number_qr_and_estimate(client, demo_location, zone, counter, emre):
    queue.open_counter(counter, emre)
    response = client.post(url("kiosk", location_id=demo_location.pk), {"choice": str(zone.pk), "lang": "ar"})
    ticket = Ticket.all_tenants.get()
    assert (ticket.number, ticket.source, ticket.language) == ("A001", TicketSource.KIOSK, "ar")
    assert response.status_code == 302
    assert response["Location"] == url(
        "kiosk_ticket", query="lang=ar", location_id=demo_location.pk, token=ticket.token
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in html and "A001" in html
    assert "<svg" in html and 'class="ojc-qr"' in html
    assert re.search(r"(\d+–\d+|\d+) ", html)  # an estimate in minutes
    # Back to the start in the kiosk's own language (for the next person), by itself after a while.
    assert f'data-kiosk-return="{url("kiosk", location_id=demo_location.pk)}"' in html
    assert 'http-equiv="refresh"' in html  # inside <noscript> only
    # Changing the language there keeps the ticket on the screen.
    turkish = url("kiosk_ticket", query="lang=tr", location_id=demo_location.pk, token=ticket.token)
    assert f'href="{turkish}"' in html


def test_the_kiosk_with_a_concern_draws_in_the_zone_that_serves_it(client, demo, demo_location, zone, zone_b, concern):
    ZoneSettings.all_tenants.get(zone=zone_b).concerns.add(concern)
    html = client.get(url("kiosk", location_id=demo_location.pk)).content.decode()
    assert f'value="{zone_b.pk}-{concern.pk}"' in html and "Beratung zur Arbeitsuche" in html
    client.post(url("kiosk", location_id=demo_location.pk), {"choice": f"{zone_b.pk}-{concern.pk}"})
    ticket = Ticket.all_tenants.get()
    assert (ticket.zone_id, ticket.concern_id, ticket.number) == (zone_b.pk, concern.pk, "B001")


def test_a_closed_zone_gets_a_clear_message_and_no_ticket(client, demo_location, zone):
    choice = str(zone.pk)
    page = client.get(url("kiosk", location_id=demo_location.pk))
    assert f'value="{choice}"' in page.content.decode()
    ZoneSettings.all_tenants.filter(zone=zone).update(is_open=False)
    response = client.post(url("kiosk", location_id=demo_location.pk), {"choice": choice})
    assert response.status_code == 422
    assert "wird hier gerade nicht angeboten" in response.content.decode()
    assert not Ticket.all_tenants.exists()


def test_a_zone_closing_while_drawing_gives_the_services_message(client, demo_location, zone, monkeypatch):
    def closed(*args, **kwargs):
        raise queue.ZoneClosed("Diese Eingangszone nimmt gerade keine Wartenummern an.")

    monkeypatch.setattr(queue, "issue_ticket", closed)
    response = client.post(url("kiosk", location_id=demo_location.pk), {"choice": str(zone.pk)})
    html = response.content.decode()
    assert response.status_code == 422 and "nimmt gerade keine Wartenummern an" in html
    assert "ojc-kiosk__choice--chosen" in html  # the choice is kept


def test_the_kiosk_rejects_nonsense_without_error(client, demo_location, zone):
    response = client.post(url("kiosk", location_id=demo_location.pk), {"choice": "999-999"})
    assert response.status_code == 422
    response = client.post(url("kiosk", location_id=demo_location.pk), {})
    assert response.status_code == 422 and "Bitte wählen Sie Ihr Anliegen." in response.content.decode()


def test_the_kiosk_rate_limit_answers_429(client, demo_location, zone, monkeypatch):
    monkeypatch.setattr(public, "KIOSK_RATE", "2/m")
    for _ in range(2):
        assert client.post(url("kiosk", location_id=demo_location.pk), {"choice": str(zone.pk)}).status_code == 302
    assert client.post(url("kiosk", location_id=demo_location.pk), {"choice": str(zone.pk)}).status_code == 429
    assert client.get(url("kiosk", location_id=demo_location.pk)).status_code == 200  # only drawing counts


def test_the_kiosk_checks_in_a_booked_appointment(client, demo_location, zone, booking_now):
    response = client.post(url("kiosk", location_id=demo_location.pk), {"code": booking_now.code, "lang": "de"})
    ticket = Ticket.all_tenants.get()
    assert (ticket.booking_id, ticket.priority, ticket.source) == (
        booking_now.pk,
        Priority.APPOINTMENT,
        TicketSource.CHECK_IN,
    )
    assert response["Location"].startswith(url("kiosk_ticket", location_id=demo_location.pk, token=ticket.token))


def test_the_kiosk_reads_the_check_in_link_a_scanner_types(client, demo_location, zone, booking_now):
    scanned = "https://portal.example" + url("check_in", query=f"code={booking_now.code}", location_id=demo_location.pk)
    response = client.post(url("kiosk", location_id=demo_location.pk), {"code": scanned})
    assert response.status_code == 302
    assert Ticket.all_tenants.get().booking_id == booking_now.pk


def test_the_kiosk_check_in_field_is_ready_for_the_scanner(client, demo_location, zone):
    html = client.get(url("kiosk", query="termin=1", location_id=demo_location.pk)).content.decode()
    assert re.search(r'<input[^>]*name="code"[^>]*autofocus', html)
    # Changing the language keeps the check-in on the screen.
    assert f'href="{url("kiosk", query="lang=uk&amp;termin=1", location_id=demo_location.pk)}"' in html


def test_the_kiosk_rejects_a_wrong_booking_code(client, demo_location, zone, booking_now):
    response = client.post(url("kiosk", location_id=demo_location.pk), {"code": "ABCDE-23456"})
    assert response.status_code == 422
    assert "keinen Termin vor Ort" in response.content.decode()
    response = client.post(url("kiosk", location_id=demo_location.pk), {"code": "kurz"})
    assert response.status_code == 422 and "zehn Zeichen" in response.content.decode()
    assert not Ticket.all_tenants.exists()


# --- Check-in from the phone -----------------------------------------------------------------------


def test_check_in_with_a_real_booking_and_twice_gives_the_same_ticket(client, demo_location, zone, booking_now):
    first = client.post(url("check_in", location_id=demo_location.pk), {"code": booking_now.code.lower()})
    ticket = Ticket.all_tenants.get()
    assert first.status_code == 302 and first["Location"] == url("ticket", token=ticket.token)
    again = client.post(url("check_in", location_id=demo_location.pk), {"code": booking_now.code})
    assert again["Location"] == first["Location"] and Ticket.all_tenants.count() == 1


def test_check_in_prefills_the_code_from_the_link(client, demo_location, zone, booking_now):
    html = client.get(url("check_in", query=f"code={booking_now.code}", location_id=demo_location.pk)).content.decode()
    assert f'value="{booking_now.code}"' in html


def test_check_in_rejects_wrong_codes_too_early_and_other_locations(client, demo, demo_location, zone, booking_now):
    page = url("check_in", location_id=demo_location.pk)
    wrong = client.post(page, {"code": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 422 and "keinen Termin vor Ort" in wrong.content.decode()
    other = Location.all_tenants.create(jobcenter=demo, name="Zweigstelle Süd")
    elsewhere = client.post(url("check_in", location_id=other.pk), {"code": booking_now.code})
    assert elsewhere.status_code == 422 and "anderen Standort" in elsewhere.content.decode()
    Booking.all_tenants.filter(pk=booking_now.pk).update(start=timezone.now() + dt.timedelta(hours=3))
    early = client.post(page, {"code": booking_now.code})
    assert early.status_code == 422 and "ab einer Stunde vor Ihrem Termin" in early.content.decode()
    assert not Ticket.all_tenants.exists()


def test_a_booking_of_another_jobcenter_does_not_check_in(client, nord, nord_location, demo_location, booking_now):
    response = client.post(url("check_in", slug="nord", location_id=nord_location.pk), {"code": booking_now.code})
    assert response.status_code == 422 and not Ticket.all_tenants.exists()


def test_the_check_in_rate_limit_answers_429(client, demo_location, zone, monkeypatch):
    monkeypatch.setattr(public, "CHECK_IN_RATE", "1/m")
    assert client.post(url("check_in", location_id=demo_location.pk), {"code": "ABCDE-23456"}).status_code == 422
    assert client.post(url("check_in", location_id=demo_location.pk), {"code": "ABCDE-23456"}).status_code == 429


# --- Joining from one's phone ----------------------------------------------------------------------


def test_remote_join_draws_one_ticket_per_session_and_location(client, demo_location, zone):
    page = url("remote_join", location_id=demo_location.pk)
    response = client.post(page, {"choice": str(zone.pk)})
    ticket = Ticket.all_tenants.get()
    assert ticket.source == TicketSource.REMOTE
    assert response["Location"] == url("ticket", token=ticket.token)
    again = client.post(page, {"choice": str(zone.pk)})
    assert again["Location"] == url("ticket", token=ticket.token) and Ticket.all_tenants.count() == 1
    assert "Sie haben hier schon die Wartenummer A001." in client.get(page).content.decode()
    # Once that ticket is over, the same phone may join again.
    Ticket.all_tenants.filter(pk=ticket.pk).update(status=TicketStatus.DONE)
    client.post(page, {"choice": str(zone.pk)})
    assert Ticket.all_tenants.count() == 2


def test_remote_join_respects_the_zone_setting(client, demo_location, zone, zone_b):
    page = url("remote_join", location_id=demo_location.pk)
    html = client.get(page).content.decode()
    assert f'value="{zone.pk}"' in html and f'value="{zone_b.pk}"' not in html
    assert client.post(page, {"choice": str(zone_b.pk)}).status_code == 422
    ZoneSettings.all_tenants.filter(zone=zone).update(remote_join=False)
    html = client.get(page).content.decode()
    assert "nicht von unterwegs anstellen" in html and 'name="choice"' not in html
    assert client.post(page, {"choice": str(zone.pk)}).status_code == 422
    assert not Ticket.all_tenants.exists()
    # The waiting-time pages only offer joining where it is allowed.
    assert page not in client.get(url("location_waiting", location_id=demo_location.pk)).content.decode()


def test_the_remote_join_rate_limit_answers_429(client, demo_location, zone, monkeypatch):
    monkeypatch.setattr(public, "REMOTE_JOIN_RATE", "1/m")
    page = url("remote_join", location_id=demo_location.pk)
    assert client.post(page, {"choice": "nonsense"}).status_code == 422
    assert client.post(page, {"choice": str(zone.pk)}).status_code == 429
    assert not Ticket.all_tenants.exists()


# --- The personal ticket page ----------------------------------------------------------------------


def test_the_ticket_page_shows_number_position_estimate_and_status(client, demo_location, zone, counter, emre):
    for _ in range(4):
        queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)
    ticket = queue.issue_ticket(demo_location, zone=zone)
    html = client.get(url("ticket", token=ticket.token)).content.decode()
    assert "A005" in html and 'data-field="position">4<' in html and "wartet" in html
    assert re.search(r'data-field="wait">(etwa \d+–\d+|bis etwa \d+) Minuten<', html)
    assert alert(html) == ""
    assert f'data-events-url="{url("ticket_events", token=ticket.token)}"' in html
    data = script_data(html, "ojc-ticket-data")
    assert data["texts"]["called"] == "Sie sind jetzt dran – bitte gehen Sie zu Schalter {counter}."


def test_the_ticket_page_says_soon_and_then_now_with_the_counter(client, demo_location, zone, counter, emre):
    ahead = [queue.issue_ticket(demo_location, zone=zone) for _ in range(3)]
    ticket = queue.issue_ticket(demo_location, zone=zone)
    page = url("ticket", token=ticket.token)
    assert alert(client.get(page).content.decode()) == ""
    queue.open_counter(counter, emre)
    queue.call_next(counter, emre)
    assert "Sie sind bald dran." in alert(client.get(page).content.decode())
    for _ in ahead[1:]:
        queue.call_next(counter, emre)
    assert "Sie sind als Nächstes dran." in alert(client.get(page).content.decode())
    queue.call_next(counter, emre)
    html = client.get(page).content.decode()
    assert alert(html) == (
        '<p class="ojc-ticket-alert ojc-ticket-alert--called">Sie sind jetzt dran – bitte gehen Sie zu Schalter 1.</p>'
    )
    assert 'data-field="counter">1<' in html


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_called_ticket_page_in_arabic_is_right_to_left(client, demo_location, zone, counter, emre, language):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)
    queue.call_next(counter, emre)
    in_language(client, language)
    html = client.get(url("ticket", token=ticket.token)).content.decode()
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html and "ojc-ticket-alert--called" in html


def test_the_ticket_page_after_the_end(client, demo_location, zone, counter, emre):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)
    queue.call_next(counter, emre)
    queue.finish(ticket, counter, emre)
    html = client.get(url("ticket", token=ticket.token)).content.decode()
    assert "Diese Wartenummer ist abgeschlossen." in alert(html) and 'data-field="status">erledigt<' in html


def test_the_ticket_json_is_the_event_body(client, demo_location, zone):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    body = client.get(url("ticket", query="format=json", token=ticket.token)).json()
    assert set(body) == {
        "ticket_number",
        "status",
        "zone",
        "position",
        "estimated_wait_minutes",
        "estimated_wait_range",
        "counter",
        "called_at",
    }
    assert (body["ticket_number"], body["status"], body["position"]) == ("A001", "waiting", 0)


def test_the_ticket_qr_code_is_an_svg_of_the_ticket_page(client, demo_location, zone):
    ticket = queue.issue_ticket(demo_location, zone=zone)
    response = client.get(url("ticket_qr", token=ticket.token))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"A001" in response.content

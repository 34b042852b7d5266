"""The call display: public, tenant-scoped, today's calls of its own zone, newest first."""

from __future__ import annotations

import pytest

from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import Counter, Ticket, ZoneSettings
from openjobcenter.reception.services import queue
from openjobcenter.reception.views.display import recent_calls

pytestmark = pytest.mark.django_db


def url(location_id: int, zone_id: int, slug: str = "demo") -> str:
    return f"/{slug}/reception/{location_id}/display/{zone_id}/"


@pytest.fixture
def zone_b(demo, demo_location):
    zone = ReceptionZone.all_tenants.create(jobcenter=demo, location=demo_location, code="B", name={"de": "Leistung"})
    ZoneSettings.all_tenants.create(jobcenter=demo, zone=zone)
    return zone


def test_an_empty_display_says_no_call_yet(client, zone, demo_location):
    response = client.get(url(demo_location.pk, zone.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zone A – Anmeldung" in body and "Noch kein Aufruf heute" in body
    assert "Zurzeit ist kein Schalter besetzt." in body
    assert f'data-events-url="/demo/reception/{demo_location.pk}/events"' in body
    assert 'data-zone="A"' in body and "reception-display.js" in body


def test_the_display_shows_its_zones_calls_newest_first(
    client, demo, emre, tanja, zone, zone_b, counter, counter2, demo_location
):
    counter_b = Counter.all_tenants.create(jobcenter=demo, location=demo_location, zone=zone_b, name="7")
    tickets = [queue.issue_ticket(demo_location, zone=zone) for _ in range(3)]
    other = queue.issue_ticket(demo_location, zone=zone_b)
    queue.open_counter(counter, emre)
    queue.open_counter(counter2, tanja)
    queue.call_next(counter, emre)
    queue.call_next(counter2, tanja)
    queue.finish(tickets[0], counter, emre)
    queue.call_next(counter, emre)
    queue.recall(tickets[2], counter, emre)
    queue.call_next(counter_b, emre)
    calls = recent_calls(zone)
    assert [c["ticket_number"] for c in calls] == ["A003", "A002", "A001"]
    assert calls[0] == {**calls[0], "counter": "1", "zone": "A", "call_count": 2}
    body = client.get(url(demo_location.pk, zone.pk)).content.decode()
    newest = body.index('class="ojc-display__number"')
    assert body.index("A003", newest) < body.index("A002") < body.index("A001")
    assert "erneuter Aufruf" in body  # A003 was called twice
    assert other.number not in body
    assert "2 Personen warten" not in body and "Niemand wartet" in body
    assert other.number in client.get(url(demo_location.pk, zone_b.pk)).content.decode()


def test_the_estimate_is_shown_while_counters_are_open(client, emre, zone, counter, demo_location):
    queue.open_counter(counter, emre)
    for _ in range(3):
        queue.issue_ticket(demo_location, zone=zone)
    body = client.get(url(demo_location.pk, zone.pk)).content.decode()
    assert "3 Personen warten" in body and "Minuten" in body and "etwa" in body


def test_other_jobcenters_and_wrong_combinations_are_404(
    client, nord, nord_location, zone, zone_b, demo, demo_location
):
    nord_zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "N"})
    assert client.get(url(nord_location.pk, nord_zone.pk)).status_code == 404  # their ids in our Jobcenter
    assert client.get(url(demo_location.pk, nord_zone.pk)).status_code == 404
    assert client.get(url(demo_location.pk, zone.pk, slug="nord")).status_code == 404  # our ids in theirs
    second = Location.all_tenants.create(jobcenter=demo, name="Außenstelle", street="x", postal_code="1", city="y")
    assert client.get(url(second.pk, zone.pk)).status_code == 404  # zone of another location
    Location.all_tenants.filter(pk=demo_location.pk).update(is_active=False)
    assert client.get(url(demo_location.pk, zone.pk)).status_code == 404  # a closed location
    assert client.get(url(999999, zone.pk)).status_code == 404


def test_the_display_shows_numbers_never_names(
    client, emre, zone, counter, demo_location, concern, slots, make_booking
):
    ticket = queue.issue_ticket(demo_location, zone=zone, concern=concern)
    queue.open_counter(counter, emre)
    queue.call_next(counter, emre)
    body = client.get(url(demo_location.pk, zone.pk)).content.decode()
    assert ticket.number in body and "Beratung zur Arbeitsuche" not in body and "Emre" not in body
    assert Ticket.all_tenants.count() == 1

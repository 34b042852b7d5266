"""Queue figures per zone and hour: counts, waiting and service times, no-shows, estimate error."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.reception.models import Priority, Ticket, TicketStatus
from openjobcenter.reception.services.figures import percentile, queue_figures

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def make(zone, counter, seq: int, *, drawn: dt.datetime, wait: int | None, service: int | None = None,
         status: str = TicketStatus.DONE, estimate: int | None = None) -> Ticket:  # fmt: skip
    called = drawn + dt.timedelta(minutes=wait) if wait is not None else None
    ticket = Ticket.all_tenants.create(
        jobcenter_id=zone.jobcenter_id, location_id=zone.location_id, zone=zone, day=drawn.date(), sequence=seq,
        number=f"A{seq:03d}", token=f"t{seq}-{zone.pk}", status=status, priority=Priority.NORMAL, source="kiosk",
        queued_at=drawn, called_at=called, counter=counter if called else None, estimate_minutes=estimate,
        call_count=1 if called else 0,
        service_started_at=called if service is not None else None,
        finished_at=called + dt.timedelta(minutes=service) if service is not None and called else None,
    )  # fmt: skip
    Ticket.all_tenants.filter(pk=ticket.pk).update(created_at=drawn)
    return ticket


@pytest.fixture
def history(zone, counter):
    make(zone, counter, 1, drawn=at(9, 5), wait=10, service=6, estimate=15)
    make(zone, counter, 2, drawn=at(9, 20), wait=20, service=10, estimate=10)
    make(zone, counter, 3, drawn=at(9, 40), wait=30, status=TicketStatus.NO_SHOW, estimate=20)
    make(zone, counter, 4, drawn=at(11, 0), wait=4, service=8)
    make(zone, counter, 5, drawn=at(11, 30), wait=None, status=TicketStatus.WAITING)
    make(zone, counter, 6, drawn=at(9, 0, DAY + dt.timedelta(days=5)), wait=99, service=99)  # outside the range


def test_per_zone_and_hour(demo, zone, history):
    data = queue_figures(demo, DAY, DAY)
    (figures,) = data.zones
    nine, eleven = figures.hours
    assert (nine.hour, nine.tickets, nine.called, nine.done, nine.no_shows) == (9, 3, 3, 2, 1)
    assert (nine.wait_mean, nine.wait_median, nine.wait_p90) == (20.0, 20.0, 30.0)
    assert (nine.service_mean, nine.service_median) == (8.0, 8.0)
    assert nine.estimate_error_mean == round((5 + 10 + 10) / 3, 1) and nine.estimated == 3
    assert nine.no_show_percent == 33.3 and nine.hour_label == "09–10"
    assert (eleven.tickets, eleven.called, eleven.wait_mean, eleven.estimate_error_mean) == (2, 1, 4.0, None)
    total = figures.total
    assert (total.tickets, total.called, total.done, total.no_shows) == (5, 4, 3, 1)
    assert total.wait_median == 15.0 and total.wait_p90 == 30.0 and total.service_mean == 8.0
    assert data.total.tickets == 5


def test_range_and_location_filter(demo, zone, history, nord, nord_location):
    assert queue_figures(demo, DAY, DAY + dt.timedelta(days=5)).total.tickets == 6
    assert queue_figures(demo, DAY, DAY, location=nord_location).total.tickets == 0
    assert queue_figures(nord, DAY, DAY).zones == []


def test_percentile_is_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(v) for v in range(1, 11)], 0.9) == 9.0
    assert percentile([float(v) for v in range(1, 12)], 0.9) == 10.0


def test_figures_page_and_csv(client, tanja, zone, history):
    sign_in(client, tanja)
    response = client.get("/demo/staff/reception/figures/", {"date_from": "2026-03-10", "date_to": "2026-03-10"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zone A – Anmeldung (Hauptstelle Mitte) nach Stunde" in body and "09–10" in body
    response = client.get(
        "/demo/staff/reception/figures/", {"date_from": "2026-03-10", "date_to": "2026-03-10", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:4] == ["Standort", "Eingangszone", "Stunde", "Wartenummern"]
    assert rows[1][:8] == ["Hauptstelle Mitte", "A – Anmeldung", "09–10", "3", "3", "2", "1", "33.3"]
    assert rows[-1][0] == "Gesamt" and rows[-1][3] == "5"


def test_bad_dates_are_noticed_not_fatal(client, emre, zone, history):
    sign_in(client, emre)
    response = client.get("/demo/staff/reception/figures/", {"date_from": "2026-03-12", "date_to": "2026-03-10"})
    assert response.status_code == 200 and "getauscht" in response.content.decode()
    response = client.get("/demo/staff/reception/figures/", {"date_from": "kaputt", "location": "999999"})
    assert response.status_code == 200 and "ungültig" in response.content.decode()
    response = client.get("/demo/staff/reception/figures/", {"date_from": "2020-01-01", "date_to": "2026-03-10"})
    assert "auf ein Jahr begrenzt" in response.content.decode()

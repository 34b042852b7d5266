"""Service figures for team leads, checked against numbers worked out by hand.

Appointments in the period (all with Bernd, team "Markt und Integration 1", unless said):

    #  location  outcome
    1  Mitte     attended
    2  Mitte     no-show
    3  Mitte     cancelled by the client
    4  Süd       attended   (with Sven, team "Leistung")
    5  Süd       no-show    (with Sven)

plus one outside the period and one of Jobcenter Nordkreis, which must not count. Walk-in tickets at
Mitte, zone A: three drawn between 9 and 10 (waits 10, 20, 30 minutes), one at 11 (4 minutes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot
from openjobcenter.appointments.services.slots import local_dt

# The appointment and reception fixtures (concern, bookings; zone A with a counter).
from openjobcenter.appointments.tests.conftest import concern, make_booking, policy  # noqa: F401
from openjobcenter.core.models import Location, Team
from openjobcenter.reception.models import Priority, Ticket, TicketStatus
from openjobcenter.reception.tests.conftest import counter, zone  # noqa: F401
from openjobcenter.statistics.services.service_figures import (
    PLANNED,
    ServiceFilter,
    _module_exists,
    appointment_rows,
    figure_table,
    service_figures,
    unavailable_sources,
)

pytestmark = pytest.mark.django_db

URL = "/demo/staff/statistik/service/"


def slot_at(jobcenter, location, staff, start: dt.datetime) -> Slot:
    return Slot.all_tenants.create(
        jobcenter=jobcenter, location=location, staff=staff, start=start, end=start + dt.timedelta(minutes=30),
        minutes=30, in_person=True, phone=True, video=True, capacity=1,
    )  # fmt: skip


def ticket(zone, counter, seq: int, drawn: dt.datetime, wait: int) -> None:
    Ticket.all_tenants.create(
        jobcenter_id=zone.jobcenter_id, location_id=zone.location_id, zone=zone, day=drawn.date(), sequence=seq,
        number=f"A{seq:03d}", token=f"s{seq}-{zone.pk}", status=TicketStatus.DONE, priority=Priority.NORMAL,
        source="kiosk", queued_at=drawn, called_at=drawn + dt.timedelta(minutes=wait), counter=counter, call_count=1,
    )  # fmt: skip
    Ticket.all_tenants.filter(sequence=seq, zone=zone).update(created_at=drawn)


@pytest.fixture
def scenario(demo, nord, bernd, niklas, demo_location, nord_location, concern, make_booking, policy, zone, counter):
    south = Location.all_tenants.create(
        jobcenter=demo, name="Geschäftsstelle Süd", street="Südweg 2", postal_code="12345", city="Musterstadt"
    )
    benefits = Team.all_tenants.create(jobcenter=demo, name="Leistung")
    sven = make_user("sven@demo.example", Role.ADVISOR, jobcenter=demo, team=benefits, name="Sven Berg")
    first_day = timezone.localdate() + dt.timedelta(days=3)
    rows = [
        (bernd, demo_location, BookingStatus.ATTENDED, False),
        (bernd, demo_location, BookingStatus.NO_SHOW, False),
        (bernd, demo_location, BookingStatus.CANCELLED, False),
        (sven, south, BookingStatus.ATTENDED, False),
        (sven, south, BookingStatus.NO_SHOW, False),
    ]
    for i, (staff, where, status, by_staff) in enumerate(rows):
        start = local_dt(first_day + dt.timedelta(days=i), dt.time(13))
        # Booked on Bernd's slot (his team serves the concern), then given to the person it is with.
        booking = make_booking(slot_at(demo, where, bernd, start), email=f"p{i}@example.org")
        Booking.all_tenants.filter(pk=booking.pk).update(status=status, cancelled_by_staff=by_staff, staff=staff)
    outside = make_booking(
        slot_at(demo, demo_location, bernd, local_dt(first_day + dt.timedelta(days=20), dt.time(13)))
    )
    Booking.all_tenants.filter(pk=outside.pk).update(status=BookingStatus.NO_SHOW)
    Booking.all_tenants.create(
        jobcenter=nord, code="NORD000002", slot=slot_at(nord, nord_location, niklas, local_dt(first_day, dt.time(13))),
        concern=Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["phone"]),
        channel="phone", location=nord_location, staff=niklas, start=local_dt(first_day, dt.time(13)),
        end=local_dt(first_day, dt.time(13, 30)), name="Nord", email="n@example.org", status=BookingStatus.NO_SHOW,
    )  # fmt: skip
    day = first_day
    for seq, (hour, minute, wait) in enumerate([(9, 5, 10), (9, 20, 20), (9, 40, 30), (11, 0, 4)], start=1):
        ticket(zone, counter, seq, timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))), wait)
    return {"from": first_day, "to": first_day + dt.timedelta(days=10), "south": south, "benefits": benefits}


def test_appointments_booked_and_no_show_rate(demo, demo_location, scenario):
    total, by_location = appointment_rows(demo, ServiceFilter(scenario["from"], scenario["to"]))

    assert (total.bookings, total.attended, total.no_shows, total.cancelled) == (5, 2, 2, 1)
    assert total.no_show_percent == 50.0
    mitte = next(row for row in by_location if row.key == demo_location.pk)
    south = next(row for row in by_location if row.key == scenario["south"].pk)
    assert (mitte.bookings, mitte.no_show_percent) == (3, 50.0)
    assert (south.bookings, south.no_show_percent, south.label) == (2, 50.0, "Geschäftsstelle Süd")


def test_filters_by_team_and_location(demo, demo_team, demo_location, scenario):
    by_team, _rows = appointment_rows(demo, ServiceFilter(scenario["from"], scenario["to"], team=demo_team))
    assert (by_team.bookings, by_team.attended, by_team.no_shows) == (3, 1, 1)

    south_only = ServiceFilter(scenario["from"], scenario["to"], location=scenario["south"])
    total, rows = appointment_rows(demo, south_only)
    assert total.bookings == 2 and [row.label for row in rows] == ["Geschäftsstelle Süd"]


def test_waiting_times_per_zone_and_hour(demo, scenario):
    data = service_figures(demo, ServiceFilter(scenario["from"], scenario["to"]))

    assert data.waiting_available
    (zone_figures,) = data.waiting_zones
    nine, eleven = zone_figures.hours
    assert (nine.hour, nine.tickets, nine.wait_mean, nine.wait_median, nine.wait_p90) == (9, 3, 20.0, 20.0, 30.0)
    assert (eleven.hour, eleven.tickets, eleven.wait_mean) == (11, 1, 4.0)


def test_sources_that_do_not_exist_yet_are_named_not_faked():
    labels = [str(item.label) for item in unavailable_sources()]
    planned = {str(label): module for module, label, _reason in PLANNED}
    assert all(not _module_exists(planned[label]) for label in labels)
    assert not any("Assistent" in label for label in labels)  # the assistant counts since issue 9
    assert not any("Nachrichten" in label for label in labels)  # the Postfach since issue 6


def test_the_table_for_export_has_every_section(demo, scenario):
    table = figure_table(service_figures(demo, ServiceFilter(scenario["from"], scenario["to"])))

    assert table[0] == ["Bereich", "Gruppe", "Bezeichnung", "Stunde", "Kennzahl", "Wert"]
    assert ["Termine", "Gesamt", "Gesamt", "", "Quote Nichterscheinen (%)", 50.0] in table
    assert any(row[0] == "Wartezeiten Eingangszone" and row[3] == "09–10" for row in table)
    assert sum(1 for row in table if row[4] == "noch nicht verfügbar") == len(unavailable_sources())
    assert any(row[0] == "Antwortzeiten auf Nachrichten" for row in table)


def test_the_team_lead_sees_the_page_and_downloads_the_csv(client, tanja, scenario):
    sign_in(client, tanja)
    period = {"date_from": scenario["from"].isoformat(), "date_to": scenario["to"].isoformat()}
    page = client.get(URL, period).content.decode()

    assert "Gebuchte Termine und Nichterscheinen je Standort" in page and "50,0 %" in page
    assert "Wartezeiten in der Eingangszone" in page and "09–10" in page
    assert page.count("ojc-stat-missing") == len(unavailable_sources())
    assert "Antwortzeiten auf Nachrichten" in page

    response = client.get(URL, {**period, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Bereich", "Gruppe", "Bezeichnung", "Stunde", "Kennzahl", "Wert"]
    assert ["Termine", "Gesamt", "Gesamt", "", "Gebuchte Termine", "5"] in rows


def test_another_jobcenters_team_is_ignored_with_a_notice(client, tanja, nord, scenario):
    foreign = Team.all_tenants.create(jobcenter=nord, name="Fremd")
    sign_in(client, tanja)
    response = client.get(URL, {"team": foreign.pk, "date_from": "2026-02-30", "date_to": scenario["to"]})
    page = response.content.decode()

    assert response.status_code == 200
    assert "„Team“ war ungültig" in page and "„von“ war ungültig" in page


def test_an_advisor_may_not_see_the_service_figures(client, bernd):
    sign_in(client, bernd)
    assert client.get(URL).status_code == 403


def test_another_jobcenters_staff_get_a_404(client, niklas, demo):
    sign_in(client, niklas)
    assert client.get(URL).status_code == 404

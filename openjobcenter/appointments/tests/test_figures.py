"""Service figures per concern and location, checked against numbers worked out by hand.

Six appointments in the range (lead time = days from booking to appointment):

    #  concern  location  lead  outcome                 booked by
    1  A        Mitte      1    attended                online
    2  A        Mitte      2    no-show                 online
    3  A        Mitte      3    cancelled by client     online
    4  A        Süd       10    attended                staff
    5  B        Süd        4    cancelled by staff      staff
    6  B        Mitte      6    open                    online

plus one outside the range and one of Jobcenter Nordkreis, which must not count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot
from openjobcenter.appointments.services.figures import appointment_figures
from openjobcenter.appointments.services.slots import local_dt
from openjobcenter.core.models import Location

pytestmark = pytest.mark.django_db


def slot_at(jobcenter, location, staff, start: dt.datetime) -> Slot:
    return Slot.all_tenants.create(
        jobcenter=jobcenter, location=location, staff=staff, start=start, end=start + dt.timedelta(minutes=30),
        minutes=30, in_person=True, phone=True, video=True, capacity=1,
    )  # fmt: skip


@pytest.fixture
def scenario(demo, nord, bernd, niklas, demo_location, nord_location, demo_team, concern, make_booking, policy):
    south = Location.all_tenants.create(
        jobcenter=demo, name="Geschäftsstelle Süd", street="Südweg 2", postal_code="12345", city="Musterstadt"
    )
    other = Concern.all_tenants.create(jobcenter=demo, name={"de": "Leistungen"}, channels=["phone", "in_person"])
    other.teams.add(demo_team)
    first_day = timezone.localdate() + dt.timedelta(days=3)
    rows = [
        (concern, demo_location, 1, BookingStatus.ATTENDED, False, False),
        (concern, demo_location, 2, BookingStatus.NO_SHOW, False, False),
        (concern, demo_location, 3, BookingStatus.CANCELLED, False, False),
        (concern, south, 10, BookingStatus.ATTENDED, False, True),
        (other, south, 4, BookingStatus.CANCELLED, True, True),
        (other, demo_location, 6, BookingStatus.BOOKED, False, False),
    ]
    for i, (what, where, lead, status, by_staff, staff_booked) in enumerate(rows):
        start = local_dt(first_day + dt.timedelta(days=i), dt.time(13))
        booking = make_booking(slot_at(demo, where, bernd, start), email=f"p{i}@example.org")
        Booking.all_tenants.filter(pk=booking.pk).update(
            concern=what,
            status=status,
            cancelled_by_staff=by_staff,
            booked_by=bernd if staff_booked else None,
            created_at=start - dt.timedelta(days=lead),
        )
    outside = make_booking(
        slot_at(demo, demo_location, bernd, local_dt(first_day + dt.timedelta(days=30), dt.time(13)))
    )
    Booking.all_tenants.filter(pk=outside.pk).update(status=BookingStatus.NO_SHOW)
    Booking.all_tenants.create(
        jobcenter=nord, code="NORD000001", slot=slot_at(nord, nord_location, niklas, local_dt(first_day, dt.time(13))),
        concern=Concern.all_tenants.create(jobcenter=nord, name={"de": "Nord"}, channels=["phone"]),
        channel="phone", location=nord_location, staff=niklas, start=local_dt(first_day, dt.time(13)),
        end=local_dt(first_day, dt.time(13, 30)), name="Nord", email="n@example.org", status=BookingStatus.NO_SHOW,
    )  # fmt: skip
    return {"from": first_day, "to": first_day + dt.timedelta(days=10), "A": concern, "B": other, "south": south}


def test_figures_per_concern(demo, scenario):
    figures = appointment_figures(demo, scenario["from"], scenario["to"])
    a, b = (next(r for r in figures.by_concern if r.key == scenario[k].pk) for k in ("A", "B"))
    assert (a.bookings, a.cancelled_by_client, a.cancelled_by_staff, a.attended, a.no_shows, a.open) == (
        4,
        1,
        0,
        2,
        1,
        0,
    )
    assert a.no_show_percent == 33.3 and a.lead_time_avg_days == 4.0 and a.lead_time_median_days == 2.5
    assert (a.online_percent, a.staff_percent) == (75.0, 25.0)
    assert (b.bookings, b.cancelled_by_client, b.cancelled_by_staff, b.attended, b.no_shows, b.open) == (
        2,
        0,
        1,
        0,
        0,
        1,
    )
    assert b.no_show_rate is None and b.lead_time_avg_days == 5.0 and b.lead_time_median_days == 5.0
    assert (b.online_percent, b.staff_percent) == (50.0, 50.0)
    assert [r.label for r in figures.by_concern] == ["Beratung zur Arbeitsuche", "Leistungen"]


def test_figures_per_location(demo, demo_location, scenario):
    figures = appointment_figures(demo, scenario["from"], scenario["to"])
    mitte = next(r for r in figures.by_location if r.key == demo_location.pk)
    south = next(r for r in figures.by_location if r.key == scenario["south"].pk)
    assert (mitte.bookings, mitte.attended, mitte.no_shows, mitte.cancelled_by_client) == (4, 1, 1, 1)
    assert mitte.no_show_percent == 50.0 and mitte.lead_time_avg_days == 3.0 and mitte.lead_time_median_days == 2.5
    assert mitte.online_percent == 100.0
    assert (south.bookings, south.attended, south.no_shows, south.cancelled_by_staff) == (2, 1, 0, 1)
    assert south.no_show_percent == 0.0 and south.lead_time_avg_days == 7.0 and south.lead_time_median_days == 7.0
    assert south.online_percent == 0.0 and south.label == "Geschäftsstelle Süd"


def test_figures_in_total(demo, scenario):
    total = appointment_figures(demo, scenario["from"], scenario["to"]).total
    assert (total.bookings, total.cancelled, total.attended, total.no_shows) == (6, 2, 2, 1)
    assert total.no_show_percent == 33.3 and total.lead_time_avg_days == 4.3 and total.lead_time_median_days == 3.5
    assert total.online_percent == 66.7


def test_an_empty_range_has_no_rates(demo, scenario):
    figures = appointment_figures(demo, dt.date(2001, 1, 1), dt.date(2001, 1, 31))
    assert figures.by_concern == [] and figures.total.bookings == 0
    assert figures.total.no_show_rate is None and figures.total.lead_time_median_days is None


def test_the_page_shows_the_tables(client, tanja, scenario):
    sign_in(client, tanja)
    response = client.get(
        "/demo/staff/appointments/figures/", {"date_from": scenario["from"], "date_to": scenario["to"]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nach Anliegen" in page and "Nach Standort" in page and "Geschäftsstelle Süd" in page
    assert "33,3 %" in page and "2,5" in page and "<caption" in page and 'scope="row"' in page


def test_the_default_range_is_the_last_30_days(client, anja, scenario):
    sign_in(client, anja)
    page = client.get("/demo/staff/appointments/figures/").content.decode()
    today = timezone.localdate()
    assert f'value="{(today - dt.timedelta(days=30)).isoformat()}"' in page and f'value="{today.isoformat()}"' in page


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "gestern"},
        {"date_to": "2025-02-30"},
        {"date_from": "2025-05-01", "date_to": "2025-04-01"},
        {"date_from": "2000-01-01", "date_to": "2099-12-31"},
        {"date_from": "0001-01-01"},
    ],
)
def test_bad_dates_fall_back_with_a_message(client, tanja, query):
    sign_in(client, tanja)
    response = client.get("/demo/staff/appointments/figures/", query)
    assert response.status_code == 200 and "kern-alert--warning" in response.content.decode()


def test_the_csv_download(client, tanja, scenario):
    sign_in(client, tanja)
    response = client.get(
        "/demo/staff/appointments/figures/",
        {"date_from": scenario["from"], "date_to": scenario["to"], "format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Gruppe", "Bezeichnung", "Buchungen"]
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["Beratung zur Arbeitsuche"][2:8] == ["4", "1", "0", "2", "1", "33.3"]
    assert by_label["Gesamt"][2] == "6"


def test_names_that_look_like_formulas_are_defused_in_the_csv(client, tanja, demo, scenario):
    Concern.all_tenants.filter(pk=scenario["B"].pk).update(name={"de": "=HYPERLINK(1)"})
    sign_in(client, tanja)
    response = client.get(
        "/demo/staff/appointments/figures/",
        {"date_from": scenario["from"], "date_to": scenario["to"], "format": "csv"},
    )
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")

"""Today's list and the day and week calendars: whose appointments, free seats, blocked slots,
holidays, bad parameters, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, Slot, WorkingHours
from openjobcenter.appointments.services.slots import local_dt, reconcile_slots
from openjobcenter.core.models import Location, Team

pytestmark = pytest.mark.django_db


def move_to(booking: Booking, start: dt.datetime) -> Booking:
    """Put a booking (and its slot) at ``start``: bookings cannot be made in the past."""
    Slot.all_tenants.filter(pk=booking.slot_id).update(start=start, end=start + dt.timedelta(minutes=30))
    Booking.all_tenants.filter(pk=booking.pk).update(start=start, end=start + dt.timedelta(minutes=30))
    booking.refresh_from_db()
    return booking


def earlier_today() -> dt.datetime:
    """A time today that has already begun (or midnight, just after it)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    return max(now - dt.timedelta(hours=1), local_dt(now.date(), dt.time(0, 1)))


@pytest.fixture
def today_booking(make_booking, slots) -> Booking:
    later = timezone.now() + dt.timedelta(days=3)
    slot = next(s for s in slots if s.start > later)
    return move_to(make_booking(slot, name="Heute Hannes"), earlier_today())


@pytest.fixture
def south(demo) -> Location:
    return Location.all_tenants.create(
        jobcenter=demo, name="Geschäftsstelle Süd", street="Südweg 2", postal_code="12345", city="Musterstadt"
    )


def test_today_shows_the_advisors_own_appointments_with_outcome_buttons(client, bernd, today_booking):
    sign_in(client, bernd)
    page = client.get("/demo/staff/appointments/").content.decode()
    assert "Heute Hannes" in page and "Beratung zur Arbeitsuche" in page and "vor Ort" in page
    assert f"/demo/staff/appointments/{today_booking.code}/outcome/" in page
    assert 'value="attended"' in page and 'value="no_show"' in page
    assert "nie das Portal automatisch" in page


def test_today_for_a_colleague_without_appointments_is_empty(client, tanja, today_booking):
    sign_in(client, tanja)
    page = client.get("/demo/staff/appointments/").content.decode()
    assert "Heute Hannes" not in page and "keine Termine" in page


def test_reception_sees_a_location_by_default_and_can_switch(client, emre, today_booking, south, demo_location):
    sign_in(client, emre)
    page = client.get("/demo/staff/appointments/").content.decode()
    assert "am Standort Geschäftsstelle Süd" in page and "Heute Hannes" not in page  # the first by name
    page = client.get(f"/demo/staff/appointments/?location={demo_location.pk}").content.decode()
    assert "Heute Hannes" in page and "Bernd Brandt" in page


def test_reception_starts_with_the_location_of_its_team(client, demo, emre, today_booking, south, demo_location):
    team = Team.all_tenants.create(jobcenter=demo, name="Eingangszone Mitte", location=demo_location)
    User.objects.filter(pk=emre.pk).update(team=team)
    sign_in(client, emre)
    page = client.get("/demo/staff/appointments/").content.decode()
    assert "Heute Hannes" in page


def test_a_team_lead_switches_to_a_location(client, tanja, today_booking, demo_location):
    sign_in(client, tanja)
    page = client.get(f"/demo/staff/appointments/?location={demo_location.pk}").content.decode()
    assert "Heute Hannes" in page


def test_an_advisor_cannot_switch_to_a_location(client, bernd, today_booking, demo_location, south):
    sign_in(client, bernd)
    response = client.get(f"/demo/staff/appointments/?location={south.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "wurde nicht berücksichtigt" in page and "Heute Hannes" in page


@pytest.mark.parametrize(
    "query", ["?date=kaputt", "?date=2025-02-30", "?location=abc", "?location=999999", "?location=1&date=&x=1"]
)
def test_bad_parameters_on_today_fall_back(client, emre, today_booking, query):
    sign_in(client, emre)
    response = client.get(f"/demo/staff/appointments/{query}")
    assert response.status_code == 200


def test_cancelled_appointments_stay_on_todays_list_without_buttons(client, bernd, today_booking):
    Booking.all_tenants.filter(pk=today_booking.pk).update(status="cancelled")
    sign_in(client, bernd)
    page = client.get("/demo/staff/appointments/").content.decode()
    assert "Heute Hannes" in page and "abgesagt" in page
    assert f"{today_booking.code}/outcome/" not in page


# --- Calendar ---------------------------------------------------------------------------------------


def test_day_calendar_shows_bookings_and_free_seats(client, bernd, make_booking, free_slot):
    make_booking(free_slot, name="Clara Kalender")
    day = timezone.localtime(free_slot.start).date()
    sign_in(client, bernd)
    response = client.get(f"/demo/staff/appointments/calendar/?view=day&date={day.isoformat()}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Clara Kalender" in page and "<caption" in page and 'scope="row"' in page
    assert "1 frei" in page  # the other slots of the morning
    assert f"date={(day - dt.timedelta(days=1)).isoformat()}" in page  # previous day
    assert f"date={(day + dt.timedelta(days=1)).isoformat()}" in page  # next day


def test_week_calendar_lists_the_weekdays(client, bernd, make_booking, free_slot):
    make_booking(free_slot, name="Wilma Woche")
    day = timezone.localtime(free_slot.start).date()
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/appointments/calendar/?view=week&date={day.isoformat()}").content.decode()
    monday = day - dt.timedelta(days=day.weekday())
    assert "Wilma Woche" in page
    assert (
        f'id="tag-{monday.isoformat()}"' in page and f'id="tag-{(monday + dt.timedelta(days=4)).isoformat()}"' in page
    )
    assert f"date={(day + dt.timedelta(days=7)).isoformat()}" in page


def test_location_calendar_names_the_advisor(client, emre, make_booking, free_slot, demo_location):
    make_booking(free_slot, name="Lotte Lage")
    day = timezone.localtime(free_slot.start).date()
    sign_in(client, emre)
    url = f"/demo/staff/appointments/calendar/?location={demo_location.pk}&date={day.isoformat()}"
    page = client.get(url).content.decode()
    assert "Lotte Lage" in page and "bei Bernd Brandt" in page


def test_blocked_slots_are_marked_and_public_holidays_named(client, demo, bernd, bernd_hours, policy):
    # The next 1 May (Tag der Arbeit, everywhere in Germany) on a weekday with working hours.
    today = timezone.localdate()
    year = today.year if dt.date(today.year, 5, 1) > today else today.year + 1
    while dt.date(year, 5, 1).weekday() > 4:
        year += 1
    holiday = dt.date(year, 5, 1)
    WorkingHours.all_tenants.filter(staff=bernd).update(valid_from=today)
    reconcile_slots(demo, days=(holiday - today).days + 1)
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/appointments/calendar/?date={holiday.isoformat()}").content.decode()
    assert "Feiertag: Erster Mai" in page or "Feiertag: Tag der Arbeit" in page
    assert "gesperrt: Feiertag" in page


@pytest.mark.parametrize(
    "query",
    [
        "?view=month",
        "?date=31.12.2025",
        "?date=2025-13-01",
        "?staff=abc",
        "?staff=999999",
        "?location=999999",
        "?staff=1&location=1",
        "?view=week&date=0001-01-01",
        "?view=week&date=9999-12-31",
    ],
)
def test_bad_calendar_parameters_fall_back_with_a_message(client, tanja, slots, query):
    sign_in(client, tanja)
    response = client.get(f"/demo/staff/appointments/calendar/{query}")
    assert response.status_code == 200, query


def test_an_advisor_cannot_open_another_teams_calendar(client, bernd, demo, slots):
    other = make_user("olga@demo.example", Role.ADVISOR, jobcenter=demo, name="Olga Other")
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/appointments/calendar/?staff={other.pk}").content.decode()
    assert "wurde nicht berücksichtigt" in page and "Terminkalender: Bernd Brandt" in page


def test_the_week_of_a_busy_location_takes_a_bounded_number_of_queries(
    client, demo, demo_team, emre, demo_location, concern, make_booking, policy
):
    staff = [
        make_user(f"berater{i}@demo.example", Role.ADVISOR, jobcenter=demo, team=demo_team, name=f"Berater {i}")
        for i in range(8)
    ]
    for person in staff:
        for weekday in range(5):
            WorkingHours.all_tenants.create(
                jobcenter=demo, staff=person, location=demo_location, weekday=weekday, starts=dt.time(8),
                ends=dt.time(16), channels=["in_person"], desks=2, valid_from=timezone.localdate(),
            )  # fmt: skip
    reconcile_slots(demo)
    later = timezone.now() + dt.timedelta(days=2)
    free = list(Slot.objects.for_tenant(demo).filter(start__gt=later).order_by("start")[:40])
    for i, slot in enumerate(free):
        make_booking(slot, email=f"p{i}@example.org", name=f"Person {i}")
    day = timezone.localtime(free[0].start).date()
    sign_in(client, emre)
    url = f"/demo/staff/appointments/calendar/?view=week&location={demo_location.pk}&date={day.isoformat()}"
    client.get(url)  # warm up: session, permissions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Person 0" in response.content.decode()
    assert len(queries) <= 15, [q["sql"][:120] for q in queries.captured_queries]


def test_todays_list_takes_the_same_queries_for_one_or_many_appointments(client, emre, make_booking, slots):
    later = timezone.now() + dt.timedelta(days=3)
    future = [s for s in slots if s.start > later]
    base = earlier_today()
    move_to(make_booking(future[0], email="p0@example.org", name="Person 0"), base)
    sign_in(client, emre)
    client.get("/demo/staff/appointments/")
    with CaptureQueriesContext(connection) as one:
        client.get("/demo/staff/appointments/")
    for i, slot in enumerate(future[1:6], start=1):
        booking = make_booking(slot, email=f"p{i}@example.org", name=f"Person {i}")
        move_to(booking, base - dt.timedelta(seconds=i))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/demo/staff/appointments/").content.decode()
    assert "Person 5" in page
    assert len(many) == len(one)


def test_reception_starts_the_calendar_with_a_location(client, emre, make_booking, free_slot, demo_location):
    make_booking(free_slot, name="Rita Rezeption")
    day = timezone.localtime(free_slot.start).date()
    sign_in(client, emre)
    page = client.get(f"/demo/staff/appointments/calendar/?date={day.isoformat()}").content.decode()
    assert "Terminkalender: Hauptstelle Mitte" in page and "Rita Rezeption" in page

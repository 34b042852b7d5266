"""Slots from working hours (``services.slots``): generation, holidays, absences, reconciliation, search.

Every test passes a fixed ``now``, so the results do not depend on the day the suite runs.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from openjobcenter.appointments.models import Absence, BookingStatus, Concern, Slot, WorkingHours
from openjobcenter.appointments.services.booking import BookingRequest, book, cancel
from openjobcenter.appointments.services.slots import (
    bookable_slots,
    earliest_per_location,
    free_times,
    public_holiday,
    reconcile_slots,
)
from openjobcenter.core.models import Location

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
MONDAY = dt.date(2027, 2, 1)  # a week without public holidays
NOW = dt.datetime(2027, 2, 1, 8, 0, tzinfo=BERLIN)  # Monday, 08:00 local time


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def hours(jobcenter, staff, location, weekday=0, starts=(9, 0), ends=(12, 0), **fields) -> WorkingHours:
    fields.setdefault("channels", ["in_person", "phone", "video"])
    fields.setdefault("valid_from", dt.date(2026, 1, 1))
    return WorkingHours.all_tenants.create(
        jobcenter=jobcenter, staff=staff, location=location, weekday=weekday,
        starts=dt.time(*starts), ends=dt.time(*ends), **fields,
    )  # fmt: skip


def local_starts(slots) -> list[dt.datetime]:
    return [slot.start.astimezone(BERLIN).replace(tzinfo=None) for slot in slots]


def slots_of(staff) -> list[Slot]:
    return list(Slot.all_tenants.filter(staff=staff).order_by("start"))


# --- Generation ---------------------------------------------------------------------------------


def test_slots_follow_length_buffer_desks_and_channels(demo, bernd, demo_location):
    entry = hours(
        demo, bernd, demo_location, slot_minutes=30, buffer_minutes=15, desks=3, channels=["in_person", "phone"]
    )
    reconcile_slots(demo, now=NOW, days=6)
    slots = slots_of(bernd)
    # 09:00, 09:45, 10:30, 11:15 (ends 11:45); 12:00 would end after closing.
    assert local_starts(slots) == [dt.datetime(2027, 2, 1, h, m) for h, m in [(9, 0), (9, 45), (10, 30), (11, 15)]]
    for slot in slots:
        assert slot.end - slot.start == dt.timedelta(minutes=30) and slot.minutes == 30
        assert (slot.capacity, slot.booked, slot.blocked) == (3, 0, False)
        assert (slot.in_person, slot.phone, slot.video) == (True, True, False)
        assert slot.working_hours_id == entry.pk and slot.location_id == demo_location.pk


def test_slots_exist_only_on_the_weekday_and_within_the_validity(demo, bernd, demo_location):
    hours(demo, bernd, demo_location, weekday=2, starts=(9, 0), ends=(10, 0), slot_minutes=60,
          valid_from=dt.date(2027, 2, 8), valid_until=dt.date(2027, 2, 24))  # fmt: skip
    reconcile_slots(demo, now=NOW, days=42)
    days = [slot.start.astimezone(BERLIN).date() for slot in slots_of(bernd)]
    assert days == [dt.date(2027, 2, 10), dt.date(2027, 2, 17), dt.date(2027, 2, 24)]  # Wednesdays in validity


def test_slots_reach_the_horizon_and_never_start_in_the_past(demo, bernd, demo_location):
    hours(demo, bernd, demo_location, weekday=0)
    reconcile_slots(demo, now=at(MONDAY, 10, 15), days=14)
    starts = local_starts(slots_of(bernd))
    assert starts[0] == dt.datetime(2027, 2, 1, 10, 30)  # today's earlier slots are gone by
    assert starts[-1] == dt.datetime(2027, 2, 15, 11, 30)  # the last day of the horizon is included


def test_slots_on_a_public_holiday_of_the_state_are_blocked(demo, bernd, demo_location):
    christmas = dt.date(2026, 12, 25)  # a Friday
    assert public_holiday(demo, christmas) == "Erster Weihnachtstag"
    hours(demo, bernd, demo_location, weekday=4)
    reconcile_slots(demo, now=at(dt.date(2026, 12, 14), 8), days=14)
    by_day: dict[dt.date, set[bool]] = {}
    for slot in slots_of(bernd):
        by_day.setdefault(slot.start.astimezone(BERLIN).date(), set()).add(slot.blocked)
    assert by_day == {dt.date(2026, 12, 18): {False}, christmas: {True}}


def test_the_holidays_are_those_of_the_jobcenters_state(demo, nord):
    corpus_christi = dt.date(2027, 5, 27)  # Fronleichnam: a holiday in NRW, not in Schleswig-Holstein
    nord.state = "SH"
    assert public_holiday(demo, corpus_christi) is not None
    assert public_holiday(nord, corpus_christi) is None


def test_an_absence_blocks_the_slots_it_overlaps(demo, bernd, demo_location):
    hours(demo, bernd, demo_location)
    Absence.all_tenants.create(
        jobcenter=demo, staff=bernd, starts_at=at(MONDAY, 9, 45), ends_at=at(MONDAY, 11, 0), reason="Arzttermin"
    )
    reconcile_slots(demo, now=NOW, days=0)
    blocked = {slot.start.astimezone(BERLIN).time(): slot.blocked for slot in slots_of(bernd)}
    assert blocked == {
        dt.time(9): False,
        dt.time(9, 30): True,  # 09:30–10:00 overlaps the absence from 09:45
        dt.time(10): True,
        dt.time(10, 30): True,
        dt.time(11): False,  # the absence ends at 11:00
        dt.time(11, 30): False,
    }


def test_a_new_absence_blocks_existing_slots_in_place_and_ending_it_frees_them(demo, bernd, demo_location):
    hours(demo, bernd, demo_location)
    reconcile_slots(demo, now=NOW, days=0)
    ids = [slot.pk for slot in slots_of(bernd)]
    absence = Absence.all_tenants.create(
        jobcenter=demo, staff=bernd, starts_at=at(MONDAY, 0), ends_at=at(MONDAY + dt.timedelta(days=1), 0)
    )
    counts = reconcile_slots(demo, now=NOW, days=0, staff_ids=[bernd.pk])
    assert counts == {"created": 0, "updated": 6, "deleted": 0, "blocked": 0}
    assert [slot.pk for slot in slots_of(bernd)] == ids and all(slot.blocked for slot in slots_of(bernd))
    absence.delete()
    reconcile_slots(demo, now=NOW, days=0)
    assert not any(slot.blocked for slot in slots_of(bernd))


# --- Reconciliation -----------------------------------------------------------------------------


def test_reconciling_again_changes_nothing_and_ids_stay_stable(demo, bernd, demo_location):
    hours(demo, bernd, demo_location)
    first = reconcile_slots(demo, now=NOW, days=14)
    before = list(Slot.all_tenants.values_list("pk", "start", "end", "capacity", "blocked"))
    again = reconcile_slots(demo, now=NOW, days=14)
    assert first["created"] == 18 and again == {"created": 0, "updated": 0, "deleted": 0, "blocked": 0}
    assert list(Slot.all_tenants.values_list("pk", "start", "end", "capacity", "blocked")) == before


def test_new_channels_and_desks_update_the_same_slots(demo, bernd, demo_location):
    entry = hours(demo, bernd, demo_location, channels=["in_person"])
    reconcile_slots(demo, now=NOW, days=0)
    ids = [slot.pk for slot in slots_of(bernd)]
    WorkingHours.all_tenants.filter(pk=entry.pk).update(channels=["phone", "video"], desks=2)
    reconcile_slots(demo, now=NOW, days=0)
    slots = slots_of(bernd)
    assert [slot.pk for slot in slots] == ids
    assert all((s.in_person, s.phone, s.video, s.capacity) == (False, True, True, 2) for s in slots)


def test_changed_hours_delete_free_slots_and_keep_booked_ones_blocked(demo, bernd, demo_location, concern, policy):
    entry = hours(demo, bernd, demo_location)
    reconcile_slots(demo, now=NOW, days=0)
    ten = next(slot for slot in slots_of(bernd) if slot.start == at(MONDAY, 10))
    request = BookingRequest(slot_id=ten.pk, concern=concern, channel="in_person", name="Gast", email="g@example.org")
    booking, _created = book(demo, request, now=NOW)
    # Bernd now starts at 09:15 with 45-minute slots: 09:15, 10:00, 10:45 (ends 11:30).
    WorkingHours.all_tenants.filter(pk=entry.pk).update(starts=dt.time(9, 15), slot_minutes=45)
    counts = reconcile_slots(demo, now=NOW, days=0)
    slots = slots_of(bernd)
    kept = next(slot for slot in slots if slot.pk == ten.pk)
    assert kept.blocked and kept.working_hours_id is None and kept.booked == 1
    assert counts["deleted"] == 5 and counts["blocked"] == 1
    # The new 10:00 slot cannot exist beside the kept one (one slot per person and start).
    assert sorted(local_starts(slots)) == [dt.datetime(2027, 2, 1, h, m) for h, m in [(9, 15), (10, 0), (10, 45)]]
    booking.refresh_from_db()
    assert booking.slot_id == ten.pk and booking.status == BookingStatus.BOOKED


def test_a_kept_slot_is_released_when_its_booking_is_cancelled_and_hours_change_back(
    demo, bernd, demo_location, concern, policy
):
    entry = hours(demo, bernd, demo_location)
    reconcile_slots(demo, now=NOW, days=0)
    ten = next(slot for slot in slots_of(bernd) if slot.start == at(MONDAY, 10))
    request = BookingRequest(
        slot_id=ten.pk, concern=concern, channel="phone", phone="0123", name="Gast", email="g@example.org"
    )
    booking, _created = book(demo, request, now=NOW)
    WorkingHours.all_tenants.filter(pk=entry.pk).update(ends=dt.time(10))
    reconcile_slots(demo, now=NOW, days=0)
    assert Slot.all_tenants.get(pk=ten.pk).blocked
    cancel(booking, now=NOW)
    WorkingHours.all_tenants.filter(pk=entry.pk).update(ends=dt.time(12))
    reconcile_slots(demo, now=NOW, days=0)
    again = Slot.all_tenants.get(pk=ten.pk)  # still there (a cancelled booking keeps its history) …
    assert not again.blocked and again.working_hours_id == entry.pk and again.booked == 0  # … and bookable


def test_staff_who_leave_lose_their_free_slots(demo, bernd, demo_location):
    hours(demo, bernd, demo_location)
    reconcile_slots(demo, now=NOW, days=0)
    bernd.is_active = False
    bernd.save(update_fields=["is_active"])
    assert reconcile_slots(demo, now=NOW, days=0)["deleted"] == 6
    assert not slots_of(bernd)


def test_reconciling_one_person_leaves_the_others_alone(demo, bernd, tanja, demo_location):
    hours(demo, bernd, demo_location)
    hours(demo, tanja, demo_location)
    reconcile_slots(demo, now=NOW, days=0, staff_ids=[bernd.pk])
    assert len(slots_of(bernd)) == 6 and not slots_of(tanja)


@pytest.mark.parametrize(
    ("sunday", "utc_hour_before", "utc_hour_on_and_after"),
    [
        (dt.date(2027, 3, 28), 8, 7),  # summer time starts: 09:00 is 08:00 UTC before, 07:00 UTC from then on
        (dt.date(2026, 10, 25), 7, 8),  # summer time ends
    ],
)
def test_the_day_the_clocks_change_keeps_local_times(
    demo, bernd, demo_location, sunday, utc_hour_before, utc_hour_on_and_after
):
    for weekday in (5, 6, 0):  # Saturday, the Sunday of the change, Monday
        hours(demo, bernd, demo_location, weekday=weekday, starts=(9, 0), ends=(10, 0))
    saturday = sunday - dt.timedelta(days=1)
    reconcile_slots(demo, now=at(saturday, 6), days=2)
    slots = slots_of(bernd)
    assert local_starts(slots) == [dt.datetime.combine(saturday + dt.timedelta(days=d), dt.time(h, m))
                                   for d in range(3) for h, m in [(9, 0), (9, 30)]]  # fmt: skip
    assert [slot.start.astimezone(UTC).hour for slot in slots[::2]] == [
        utc_hour_before,
        utc_hour_on_and_after,
        utc_hour_on_and_after,
    ]
    assert all(slot.end - slot.start == dt.timedelta(minutes=30) for slot in slots)


# --- Finding free slots -------------------------------------------------------------------------


@pytest.fixture
def week(demo, bernd, demo_location) -> list[WorkingHours]:
    """Bernd, Monday to Friday 09:00–12:00 in 30-minute slots, all channels."""
    entries = [hours(demo, bernd, demo_location, weekday=day) for day in range(5)]
    reconcile_slots(demo, now=NOW, days=14)
    return entries


def test_the_lead_time_hides_slots_that_start_too_soon_except_for_staff(demo, concern, week):
    concern.min_lead_minutes = 120
    first = bookable_slots(demo, concern, "in_person", now=NOW).earliest("start")
    assert first.start == at(MONDAY, 10)  # 08:00 + 2 hours
    for_staff = bookable_slots(demo, concern, "in_person", now=NOW, for_staff=True).earliest("start")
    assert for_staff.start == at(MONDAY, 9)


def test_the_horizon_ends_with_its_last_day(demo, concern, week):
    concern.booking_horizon_days = 7
    last = bookable_slots(demo, concern, "in_person", now=NOW).latest("start")
    assert last.start == at(MONDAY + dt.timedelta(days=7), 11, 30)
    staff_last = bookable_slots(demo, concern, "in_person", now=NOW, for_staff=True).latest("start")
    assert staff_last.start == at(MONDAY + dt.timedelta(days=14), 11, 30)


def test_only_staff_of_the_concerns_teams_serve_it(demo, concern, week, lena, demo_location):
    hours(demo, lena, demo_location)  # Lena is in no team of the concern
    reconcile_slots(demo, now=NOW, days=14)
    staff = set(bookable_slots(demo, concern, "in_person", now=NOW).values_list("staff", flat=True))
    assert staff == {week[0].staff_id}
    concern.teams.clear()  # no team named: everybody's slots
    staff = set(bookable_slots(demo, concern, "in_person", now=NOW).values_list("staff", flat=True))
    assert staff == {week[0].staff_id, lena.pk}


def test_the_channel_must_be_offered_by_the_concern_and_the_slot(demo, concern, week):
    WorkingHours.all_tenants.filter(weekday__gt=0).update(channels=["in_person"])
    reconcile_slots(demo, now=NOW, days=14)
    video_days = {s.start.astimezone(BERLIN).weekday() for s in bookable_slots(demo, concern, "video", now=NOW)}
    assert video_days == {0}
    concern.channels = ["in_person", "phone"]
    assert not bookable_slots(demo, concern, "video", now=NOW).exists()
    assert not bookable_slots(demo, concern, "carrier-pigeon", now=NOW).exists()


def test_concerns_longer_than_a_slot_do_not_fit(demo, concern, week, bernd, demo_location):
    concern.duration_minutes = 45
    assert not bookable_slots(demo, concern, "in_person", now=NOW).exists()
    hours(demo, bernd, demo_location, weekday=0, starts=(14, 0), ends=(16, 0), slot_minutes=60)
    reconcile_slots(demo, now=NOW, days=14)
    assert {s.minutes for s in bookable_slots(demo, concern, "in_person", now=NOW)} == {60}


def test_full_and_blocked_slots_are_not_offered(demo, concern, week, bernd):
    slots = list(bookable_slots(demo, concern, "in_person", now=NOW).order_by("start")[:2])
    Slot.all_tenants.filter(pk=slots[0].pk).update(booked=1)
    Slot.all_tenants.filter(pk=slots[1].pk).update(blocked=True)
    offered = set(bookable_slots(demo, concern, "in_person", now=NOW).values_list("pk", flat=True))
    assert slots[0].pk not in offered and slots[1].pk not in offered


def test_slots_are_found_by_location_and_date_range(demo, concern, week, tanja):
    south = Location.all_tenants.create(jobcenter=demo, name="Süd", street="Südring 40", postal_code="12347", city="M")
    hours(demo, tanja, south, weekday=2)
    reconcile_slots(demo, now=NOW, days=14)
    wednesday = MONDAY + dt.timedelta(days=2)
    found = bookable_slots(demo, concern, "in_person", location=south, date_from=wednesday, date_to=wednesday, now=NOW)
    assert [(s.staff_id, s.start) for s in found.order_by("start")] == [
        (tanja.pk, at(wednesday, h, m)) for h in (9, 10, 11) for m in (0, 30)
    ]
    assert earliest_per_location(demo, concern, "in_person", now=NOW) == {
        week[0].location_id: at(MONDAY, 9),
        south.pk: at(wednesday, 9),
    }


def test_free_times_show_one_entry_per_time_with_the_seats_of_everybody(demo, concern, week, tanja, demo_location):
    hours(demo, tanja, demo_location, weekday=0, desks=2)
    reconcile_slots(demo, now=NOW, days=0)
    times = free_times(bookable_slots(demo, concern, "in_person", now=NOW, date_to=MONDAY))
    assert [(t.local_start.time(), t.seats) for t in times] == [
        (dt.time(h, m), 3) for h in (9, 10, 11) for m in (0, 30)
    ]
    assert all(Slot.all_tenants.get(pk=t.slot_id).start == t.start for t in times)


def test_nothing_of_another_jobcenter_is_offered(demo, nord, niklas, concern, week):
    north = Location.all_tenants.create(jobcenter=nord, name="N", street="H 3", postal_code="24999", city="N")
    hours(nord, niklas, north)
    reconcile_slots(nord, now=NOW, days=14)
    concern.teams.clear()
    assert not bookable_slots(demo, concern, "in_person", now=NOW).filter(jobcenter=nord).exists()
    assert Concern.objects.for_tenant(nord).count() == 0
    assert set(bookable_slots(demo, concern, "in_person", now=NOW).values_list("jobcenter", flat=True)) == {demo.pk}

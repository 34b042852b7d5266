"""Working hours and absences through the services: who may edit whom, the rules, and the slots
that follow at once (bookings are never deleted, only listed for staff to move)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.appointments.models import Absence, BookingStatus, Slot, WorkingHours
from openjobcenter.appointments.services import availability as svc
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Location, Team

pytestmark = pytest.mark.django_db


def hours(location, weekday=0, starts: int | dt.time = 9, ends: int | dt.time = 12, **fields) -> svc.WorkingHoursData:
    values = {
        "weekday": weekday,
        "starts": starts if isinstance(starts, dt.time) else dt.time(starts),
        "ends": ends if isinstance(ends, dt.time) else dt.time(ends),
        "location": location,
        "channels": ("in_person", "phone"),
        "valid_from": timezone.localdate(),
    }
    values.update(fields)
    return svc.WorkingHoursData(**values)


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def other_team(demo):
    return Team.all_tenants.create(jobcenter=demo, name="Leistung 2")


@pytest.fixture
def olaf(demo, other_team):
    """Olaf advises in another team than Bernd's."""
    return make_user("olaf@demo.example", Role.ADVISOR, jobcenter=demo, team=other_team, name="Olaf Otto")


# --- Who may edit whom --------------------------------------------------------------------


def test_an_advisor_manages_only_themselves(demo, bernd, tanja, lena):
    assert list(svc.manageable_staff(demo, bernd)) == [bernd]


def test_a_team_lead_manages_their_team_themselves_first(demo, bernd, tanja, lena, olaf):
    assert list(svc.manageable_staff(demo, tanja)) == [tanja, bernd]


def test_the_jobcenter_admin_manages_every_member_of_staff_with_appointments(
    demo, anja, bernd, tanja, lena, emre, olaf
):
    people = list(svc.manageable_staff(demo, anja))
    assert set(people) == {bernd, tanja, lena, olaf}  # reception and the admin hold no appointments
    assert [p.last_name for p in people] == sorted(p.last_name for p in people)


def test_nobody_reaches_the_staff_of_another_jobcenter(demo, nord, bernd, niklas, anja):
    assert not svc.manageable_staff(demo, niklas).exists()
    assert not svc.manageable_staff(nord, anja).exists()
    assert list(svc.manageable_staff(nord, niklas)) == [niklas]


def test_citizens_and_reception_manage_nobody(demo, aylin, emre, bernd):
    assert not svc.manageable_staff(demo, aylin).exists()
    assert not svc.manageable_staff(demo, emre).exists()
    assert not svc.may_manage_availability(aylin) and not svc.may_manage_availability(emre)


def test_deactivated_staff_are_not_listed(demo, anja, bernd):
    bernd.is_active = False
    bernd.save()
    assert bernd not in svc.manageable_staff(demo, anja)


# --- Working hours ------------------------------------------------------------------------


def test_new_working_hours_create_slots_at_once(demo, bernd, demo_location, tanja):
    entries = svc.create_working_hours(
        demo, bernd, [hours(demo_location, weekday=1), hours(demo_location, weekday=3)], actor=tanja
    )
    assert [e.weekday for e in entries] == [1, 3]
    slots = Slot.objects.for_tenant(demo).filter(staff=bernd)
    assert slots.filter(working_hours=entries[0]).count() >= 12  # six 30-minute slots, two or more Tuesdays
    assert {timezone.localtime(s.start).weekday() for s in slots} == {1, 3}
    assert AuditEntry.all_tenants.filter(action="appointments.working_hours_created", actor=tanja).count() == 2


def test_desks_buffer_and_channels_reach_the_slots(demo, bernd, demo_location):
    data = hours(demo_location, weekday=2, ends=11, desks=3, slot_minutes=20, buffer_minutes=10, channels=("video",))
    (entry,) = svc.create_working_hours(demo, bernd, [data], actor=bernd)
    slot = (
        Slot.objects.for_tenant(demo)
        .filter(working_hours=entry, start__gt=timezone.now() + dt.timedelta(days=1))
        .first()
    )
    assert slot is not None
    assert (slot.capacity, slot.minutes, slot.video, slot.in_person) == (3, 20, True, False)
    # 9:00–11:00 with 20 minutes and a 10-minute pause: 9:00, 9:30, 10:00, 10:30
    day_slots = [
        s for s in Slot.objects.for_tenant(demo).filter(working_hours=entry) if s.start.date() == slot.start.date()
    ]
    assert [timezone.localtime(s.start).strftime("%H:%M") for s in day_slots] == ["09:00", "09:30", "10:00", "10:30"]


def test_overlapping_hours_are_refused_also_at_another_location(demo, bernd, demo_location):
    second = Location.all_tenants.create(
        jobcenter=demo, name="Außenstelle Nord", street="Weg 1", postal_code="12345", city="Musterstadt"
    )
    svc.create_working_hours(demo, bernd, [hours(demo_location, weekday=0)], actor=bernd)
    with pytest.raises(ValidationError) as excinfo:
        svc.create_working_hours(demo, bernd, [hours(second, weekday=0, starts=11, ends=13)], actor=bernd)
    assert "überschneidet sich" in field_errors(excinfo)["starts"][0]
    assert "Hauptstelle Mitte" in field_errors(excinfo)["starts"][0]
    svc.create_working_hours(demo, bernd, [hours(second, weekday=0, starts=12, ends=14)], actor=bernd)  # touching


def test_an_entry_that_ends_before_another_begins_does_not_overlap_it(demo, bernd, demo_location):
    today = timezone.localdate()
    svc.create_working_hours(
        demo, bernd, [hours(demo_location, valid_until=today + dt.timedelta(days=30))], actor=bernd
    )
    svc.create_working_hours(demo, bernd, [hours(demo_location, valid_from=today + dt.timedelta(days=31))], actor=bernd)
    with pytest.raises(ValidationError):
        svc.create_working_hours(
            demo, bernd, [hours(demo_location, valid_from=today + dt.timedelta(days=30))], actor=bernd
        )


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"starts": dt.time(12), "ends": dt.time(9)}, "ends", "nach dem Beginn"),
        ({"starts": dt.time(9), "ends": dt.time(9, 20)}, "slot_minutes", "passt nicht"),
        ({"channels": ()}, "channels", "mindestens einen Weg"),
        ({"channels": ("fax",)}, "channels", "mindestens einen Weg"),
        ({"desks": 0}, "desks", "zwischen 1 und"),
        ({"slot_minutes": 3}, "slot_minutes", "mindestens 5"),
        ({"valid_until": dt.date(2000, 1, 1)}, "valid_until", "nicht vor"),
    ],
)
def test_invalid_hours_are_refused_with_a_message_on_the_field(demo, bernd, demo_location, changes, field, text):
    with pytest.raises(ValidationError) as excinfo:
        svc.create_working_hours(demo, bernd, [hours(demo_location, **changes)], actor=bernd)
    assert text in " ".join(field_errors(excinfo)[field])
    assert not WorkingHours.objects.for_tenant(demo).exists()


def test_the_location_must_be_active_and_of_this_jobcenter(demo, bernd, demo_location, nord_location):
    with pytest.raises(ValidationError) as excinfo:
        svc.create_working_hours(demo, bernd, [hours(nord_location)], actor=bernd)
    assert "Standort dieses Jobcenters" in field_errors(excinfo)["location"][0]
    demo_location.is_active = False
    demo_location.save()
    with pytest.raises(ValidationError) as excinfo:
        svc.create_working_hours(demo, bernd, [hours(demo_location)], actor=bernd)
    assert "deaktiviert" in field_errors(excinfo)["location"][0]


def test_changing_hours_moves_free_slots_and_keeps_booked_ones_blocked(
    demo, bernd, bernd_hours, slots, free_slot, make_booking, tanja
):
    booking = make_booking(free_slot)
    entry = next(e for e in bernd_hours if e.pk == free_slot.working_hours_id)
    afternoon = hours(
        entry.location, weekday=entry.weekday, starts=14, ends=16, valid_from=entry.valid_from, channels=entry.channels
    )
    changed = svc.update_working_hours(entry, afternoon, actor=tanja)
    assert changed == ["starts", "ends"]
    local = Slot.objects.for_tenant(demo).filter(working_hours=entry)
    assert local.exists() and all(timezone.localtime(s.start).hour >= 14 for s in local)
    kept = Slot.objects.for_tenant(demo).get(pk=free_slot.pk)
    assert kept.blocked and kept.booked == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert list(svc.displaced_bookings(demo, [bernd.pk])) == [booking]
    audit = AuditEntry.all_tenants.get(action="appointments.working_hours_changed")
    assert audit.details["before"]["starts"] == "09:00" and audit.details["after"]["starts"] == "14:00"


def test_an_unchanged_entry_writes_nothing(demo, bernd, bernd_hours, tanja):
    entry = bernd_hours[0]
    same = hours(entry.location, weekday=entry.weekday, valid_from=entry.valid_from, channels=tuple(entry.channels))
    assert svc.update_working_hours(entry, same, actor=tanja) == []
    assert not AuditEntry.all_tenants.filter(action="appointments.working_hours_changed").exists()


def test_deleting_hours_removes_free_slots_and_lists_booked_ones(
    demo, bernd, bernd_hours, slots, free_slot, make_booking, anja
):
    booking = make_booking(free_slot)
    entry = WorkingHours.objects.for_tenant(demo).get(pk=free_slot.working_hours_id)
    entry_pk = entry.pk
    free_of_entry = Slot.objects.for_tenant(demo).filter(working_hours=entry).exclude(pk=free_slot.pk).count()
    assert free_of_entry > 0
    svc.delete_working_hours(entry, actor=anja)
    assert not WorkingHours.objects.for_tenant(demo).filter(pk=entry_pk).exists()
    remaining = Slot.objects.for_tenant(demo).filter(staff=bernd, start__week_day=free_slot.start.isoweekday() % 7 + 1)
    assert list(remaining.values_list("pk", flat=True)) == [free_slot.pk]
    assert Slot.objects.for_tenant(demo).get(pk=free_slot.pk).blocked
    assert list(svc.displaced_bookings(demo, [bernd.pk])) == [booking]
    entry_audit = AuditEntry.all_tenants.get(action="appointments.working_hours_deleted")
    assert entry_audit.details["working_hours"] == entry_pk and entry_audit.target_id == str(bernd.pk)


def test_a_booking_whose_channel_is_no_longer_offered_is_listed(
    demo, bernd, bernd_hours, slots, free_slot, make_booking
):
    booking = make_booking(free_slot, channel="video")
    entry = WorkingHours.objects.for_tenant(demo).get(pk=free_slot.working_hours_id)
    same_but_no_video = hours(
        entry.location, weekday=entry.weekday, valid_from=entry.valid_from, channels=("in_person", "phone")
    )
    svc.update_working_hours(entry, same_but_no_video, actor=bernd)
    assert list(svc.displaced_bookings(demo, [bernd.pk])) == [booking]


# --- Absences -----------------------------------------------------------------------------


def absence_around(slot: Slot, reason: str = "Urlaub") -> svc.AbsenceData:
    return svc.AbsenceData(
        starts_at=slot.start - dt.timedelta(hours=1), ends_at=slot.end + dt.timedelta(hours=1), reason=reason
    )


def test_an_absence_blocks_the_slots_and_deleting_it_frees_them(demo, bernd, slots, free_slot, tanja):
    absence = svc.create_absence(demo, bernd, absence_around(free_slot), actor=tanja)
    assert Slot.objects.for_tenant(demo).get(pk=free_slot.pk).blocked
    entry = AuditEntry.all_tenants.get(action="appointments.absence_created")
    assert "Urlaub" not in str(entry.details)  # the internal reason stays out of the audit trail
    svc.delete_absence(absence, actor=tanja)
    assert not Slot.objects.for_tenant(demo).get(pk=free_slot.pk).blocked
    assert not Absence.objects.for_tenant(demo).exists()
    assert AuditEntry.all_tenants.filter(action="appointments.absence_deleted").count() == 1


def test_an_absence_over_a_booking_keeps_it_and_lists_it(demo, bernd, slots, free_slot, make_booking):
    booking = make_booking(free_slot)
    svc.create_absence(demo, bernd, absence_around(free_slot), actor=bernd)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert list(svc.displaced_bookings(demo, [bernd.pk])) == [booking]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (dt.timedelta(hours=5), dt.timedelta(hours=3), "nach dem Beginn"),
        (dt.timedelta(days=-3), dt.timedelta(days=-2), "schon vorbei"),
        (dt.timedelta(days=1), dt.timedelta(days=400), "höchstens 366 Tage"),
    ],
)
def test_invalid_absences_are_refused(demo, bernd, start, end, text):
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        svc.create_absence(demo, bernd, svc.AbsenceData(now + start, now + end), actor=bernd)
    assert text in field_errors(excinfo)["ends_at"][0]


# --- Overview and holidays ----------------------------------------------------------------


def test_the_overview_sums_the_week_and_lists_absences_and_conflicts(
    demo, anja, bernd, tanja, bernd_hours, slots, free_slot, make_booking
):
    make_booking(free_slot)
    svc.create_absence(demo, bernd, absence_around(free_slot), actor=anja)
    rows = {row.staff: row for row in svc.availability_overview(demo, [bernd, tanja])}
    assert rows[bernd].weekly_minutes == 5 * 180 and rows[bernd].weekly_hours == 15
    assert rows[bernd].day_names[0] == "Montag" and len(rows[bernd].absences) == 1
    assert rows[bernd].displaced == 1
    assert rows[tanja].weekly_minutes == 0 and rows[tanja].displaced == 0


def test_the_public_holidays_follow_the_state(demo):
    december = dt.date(2025, 12, 1)
    demo.state = "BY"
    names = dict(svc.upcoming_holidays(demo, today=december, weeks=5))
    assert names[dt.date(2025, 12, 25)] == "Erster Weihnachtstag"
    assert dt.date(2026, 1, 6) not in names  # five weeks end on 4 January
    assert dt.date(2026, 1, 6) in dict(svc.upcoming_holidays(demo, today=december, weeks=6))
    demo.state = "NW"
    assert dt.date(2026, 1, 6) not in dict(svc.upcoming_holidays(demo, today=december, weeks=6))

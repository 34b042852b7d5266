"""Turning working hours into bookable slots, and finding free ones.

``reconcile_slots`` makes the stored future slots of staff members match their working hours,
absences and the public holidays of the Jobcenter's state: new slots are created, slots nobody
ever booked are deleted when they no longer fit, and slots with bookings are kept but blocked,
so staff see the conflict and move the appointment. Slot ids of unchanged slots stay stable.
The worker runs it daily to move the horizon forward (``jobs.extend_slot_horizon``); changes to
working hours and absences run it for the staff member concerned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, QuerySet, Sum
from django.utils import timezone

from openjobcenter.appointments.models import CHANNEL_VALUES, Absence, Concern, Slot, WorkingHours
from openjobcenter.core.models import Jobcenter, Location

# How far ahead slots exist. Concerns can be bookable for at most this many days.
HORIZON_DAYS = 92


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=64)
def _holidays(state: str, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("DE", subdiv=state, years=year, language="de"))


def public_holiday(jobcenter: Jobcenter, day: dt.date) -> str | None:
    """The name of the public holiday on ``day`` in the Jobcenter's state, or ``None``."""
    return _holidays(jobcenter.state, day.year).get(day)


def local_dt(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz())


@dataclass(frozen=True)
class PlannedSlot:
    start: dt.datetime
    end: dt.datetime
    location_id: int
    working_hours_id: int
    channels: frozenset[str]
    capacity: int
    blocked: bool


def times_for(entry: WorkingHours, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The slot start and end times of one working-hours entry on one day (local time)."""
    times = []
    start = local_dt(day, entry.starts)
    close = local_dt(day, entry.ends)
    length = dt.timedelta(minutes=entry.slot_minutes)
    step = length + dt.timedelta(minutes=entry.buffer_minutes)
    while start + length <= close:
        times.append((start, start + length))
        start += step
    return times


def _overlaps(start: dt.datetime, end: dt.datetime, periods: Iterable[tuple[dt.datetime, dt.datetime]]) -> bool:
    return any(a < end and start < b for a, b in periods)


def plan(
    jobcenter: Jobcenter,
    staff_id: int,
    entries: list[WorkingHours],
    absences: list[tuple[dt.datetime, dt.datetime]],
    first_day: dt.date,
    last_day: dt.date,
    now: dt.datetime,
) -> dict[dt.datetime, PlannedSlot]:
    """The slots one staff member should have between two days (inclusive), by start time."""
    planned: dict[dt.datetime, PlannedSlot] = {}
    day = first_day
    while day <= last_day:
        holiday = public_holiday(jobcenter, day) is not None
        for entry in entries:
            if entry.weekday != day.weekday() or not entry.valid_on(day):
                continue
            for start, end in times_for(entry, day):
                if start <= now or start in planned:
                    continue
                planned[start] = PlannedSlot(
                    start=start,
                    end=end,
                    location_id=entry.location_id,
                    working_hours_id=entry.pk,
                    channels=frozenset(c for c in entry.channels if c in CHANNEL_VALUES),
                    capacity=entry.desks,
                    blocked=holiday or _overlaps(start, end, absences),
                )
        day += dt.timedelta(days=1)
    return planned


def reconcile_slots(
    jobcenter: Jobcenter,
    *,
    staff_ids: Iterable[int] | None = None,
    days: int = HORIZON_DAYS,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Make the future slots of the given staff (default: everybody with working hours) match the plan."""
    now = now or timezone.now()
    first_day = timezone.localdate(now)
    last_day = first_day + dt.timedelta(days=days)
    range_end = local_dt(last_day + dt.timedelta(days=1), dt.time())
    entries_qs = WorkingHours.objects.for_tenant(jobcenter).filter(staff__is_active=True)
    existing_qs = Slot.objects.for_tenant(jobcenter).filter(start__gt=now, start__lt=range_end)
    if staff_ids is not None:
        staff_ids = list(staff_ids)
        entries_qs = entries_qs.filter(staff_id__in=staff_ids)
        existing_qs = existing_qs.filter(staff_id__in=staff_ids)
    entries: dict[int, list[WorkingHours]] = defaultdict(list)
    for entry in entries_qs.order_by("valid_from", "pk"):
        entries[entry.staff_id].append(entry)
    existing: dict[int, dict[dt.datetime, Slot]] = defaultdict(dict)
    has_bookings = set(existing_qs.filter(bookings__isnull=False).values_list("pk", flat=True).distinct())
    for row in existing_qs:
        existing[row.staff_id][row.start] = row
    absences: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    absence_qs = Absence.objects.for_tenant(jobcenter).filter(ends_at__gt=now, starts_at__lt=range_end)
    if staff_ids is not None:
        absence_qs = absence_qs.filter(staff_id__in=staff_ids)
    for absence in absence_qs:
        absences[absence.staff_id].append((absence.starts_at, absence.ends_at))

    counts = {"created": 0, "updated": 0, "deleted": 0, "blocked": 0}
    to_create: list[Slot] = []
    to_delete: list[int] = []
    to_update: list[Slot] = []
    for staff_id in set(entries) | set(existing):
        wanted = plan(
            jobcenter, staff_id, entries.get(staff_id, []), absences.get(staff_id, []), first_day, last_day, now
        )
        have = existing.get(staff_id, {})
        deleted: set[int] = set()
        for start, slot in have.items():
            target = wanted.get(start)
            if target is not None and target.end == slot.end and target.location_id == slot.location_id:
                changed = _apply(slot, target)
                if changed:
                    to_update.append(slot)
                    counts["updated"] += 1
            elif slot.pk not in has_bookings:
                to_delete.append(slot.pk)
                deleted.add(slot.pk)
            elif not slot.blocked or slot.working_hours_id is not None:
                slot.blocked = True
                slot.working_hours_id = None
                to_update.append(slot)
                counts["blocked"] += 1
        for start, target in wanted.items():
            if start in have and have[start].pk not in deleted:
                continue  # kept: unchanged, or holding bookings that occupy this start time
            to_create.append(
                Slot(
                    jobcenter=jobcenter,
                    location_id=target.location_id,
                    staff_id=staff_id,
                    working_hours_id=target.working_hours_id,
                    start=target.start,
                    end=target.end,
                    minutes=int((target.end - target.start).total_seconds() // 60),
                    capacity=target.capacity,
                    blocked=target.blocked,
                    **{c: c in target.channels for c in CHANNEL_VALUES},
                )
            )
    with transaction.atomic():
        if to_delete:
            for chunk in _chunks(to_delete, 500):
                Slot.objects.for_tenant(jobcenter).filter(pk__in=chunk, booked=0, bookings__isnull=True).delete()
        if to_update:
            Slot.all_tenants.bulk_update(
                to_update, ["working_hours", "capacity", "blocked", *CHANNEL_VALUES], batch_size=500
            )
        if to_create:
            Slot.all_tenants.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    counts["created"] = len(to_create)
    counts["deleted"] = len(to_delete)
    return counts


def _apply(slot: Slot, target: PlannedSlot) -> bool:
    changed = False
    for channel in CHANNEL_VALUES:
        if getattr(slot, channel) != (channel in target.channels):
            setattr(slot, channel, channel in target.channels)
            changed = True
    capacity = max(target.capacity, slot.booked)
    if slot.capacity != capacity:
        slot.capacity = capacity
        changed = True
    if slot.blocked != target.blocked:
        slot.blocked = target.blocked
        changed = True
    if slot.working_hours_id != target.working_hours_id:
        slot.working_hours_id = target.working_hours_id
        changed = True
    return changed


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- Finding free slots ---------------------------------------------------------------------------


def bookable_window(concern: Concern, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and (exclusive) latest start a booking of ``concern`` may have right now."""
    now = now or timezone.now()
    earliest = now + dt.timedelta(minutes=concern.min_lead_minutes)
    horizon = min(concern.booking_horizon_days, HORIZON_DAYS)
    latest = local_dt(timezone.localdate(now) + dt.timedelta(days=horizon + 1), dt.time())
    return earliest, latest


def bookable_slots(
    jobcenter: Jobcenter,
    concern: Concern,
    channel: str,
    *,
    location: Location | int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    now: dt.datetime | None = None,
    for_staff: bool = False,
) -> QuerySet[Slot]:
    """Free slots that fit ``concern`` on ``channel``: served by its teams, long enough, in its window.

    ``for_staff`` drops the minimum lead time and horizon (staff may book a client in at short notice).
    """
    now = now or timezone.now()
    earliest, latest = bookable_window(concern, now)
    if for_staff:
        earliest, latest = now, local_dt(timezone.localdate(now) + dt.timedelta(days=HORIZON_DAYS + 1), dt.time())
    if date_from is not None:
        earliest = max(earliest, local_dt(date_from, dt.time()))
    if date_to is not None:
        latest = min(latest, local_dt(date_to + dt.timedelta(days=1), dt.time()))
    if channel not in CHANNEL_VALUES or not concern.offers(channel):
        return Slot.objects.for_tenant(jobcenter).none()
    slots = Slot.objects.for_tenant(jobcenter).filter(
        start__gte=earliest,
        start__lt=latest,
        blocked=False,
        booked__lt=F("capacity"),
        minutes__gte=concern.duration_minutes,
        staff__is_active=True,
        **{channel: True},
    )
    team_ids = [team.pk for team in concern.teams.all()]
    if team_ids:
        slots = slots.filter(staff__team_id__in=team_ids)
    if location is not None:
        slots = slots.filter(location=location)
    return slots


def slot_fits(
    slot: Slot, concern: Concern, channel: str, *, for_staff: bool = False, now: dt.datetime | None = None
) -> bool:
    """The rules of ``bookable_slots`` for one slot, except free seats (checked when the seat is taken)."""
    now = now or timezone.now()
    earliest, latest = bookable_window(concern, now)
    if for_staff:
        earliest, latest = now, local_dt(timezone.localdate(now) + dt.timedelta(days=HORIZON_DAYS + 1), dt.time())
    team_ids = {team.pk for team in concern.teams.all()}
    return (
        slot.jobcenter_id == concern.jobcenter_id
        and earliest <= slot.start < latest
        and not slot.blocked
        and slot.minutes >= concern.duration_minutes
        and channel in CHANNEL_VALUES
        and concern.offers(channel)
        and bool(getattr(slot, channel))
        and slot.staff.is_active
        and (not team_ids or slot.staff.team_id in team_ids)
    )


@dataclass(frozen=True)
class FreeTime:
    """A start time at a location with at least one free seat; ``slot_id`` books it."""

    slot_id: int
    start: dt.datetime
    end: dt.datetime
    location_id: int
    seats: int

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(tz())


def free_times(slots: QuerySet[Slot], *, limit: int | None = None) -> list[FreeTime]:
    """One entry per (location, start, end), in time order: what a person chooses from."""
    rows = (
        slots.order_by()
        .values("location_id", "start", "end")
        .annotate(slot_id=Min("id"), seats=Sum(F("capacity") - F("booked")))
        .order_by("start", "location_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        FreeTime(slot_id=r["slot_id"], start=r["start"], end=r["end"], location_id=r["location_id"], seats=r["seats"])
        for r in rows
    ]


def earliest_per_location(
    jobcenter: Jobcenter, concern: Concern, channel: str, *, now: dt.datetime | None = None
) -> dict[int, dt.datetime]:
    """The first free start per location (for "earliest slot at any location near me")."""
    rows = (
        bookable_slots(jobcenter, concern, channel, now=now)
        .order_by()
        .values("location_id")
        .annotate(first=Min("start"))
    )
    return {r["location_id"]: r["first"] for r in rows}

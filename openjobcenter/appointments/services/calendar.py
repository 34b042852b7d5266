"""Read queries for the staff side: whose appointments someone may see, today's list, calendars.

Scope: staff with ``appointments.view_location_appointments`` (reception, team leads, Jobcenter
admins) see every booking of their Jobcenter; staff with ``appointments.view_team_appointments``
(advisors, benefits officers) see the bookings held by themselves or a member of their team, and
those they booked on someone's behalf. Every page that shows or changes a booking looks it up
through ``visible_bookings``, so a booking outside that scope answers 404.

The calendars read a bounded number of queries whatever the size of the range: one for the slots,
one for the bookings, grouped here by start time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot
from openjobcenter.appointments.services.codes import normalise_code
from openjobcenter.appointments.services.slots import FreeTime, bookable_slots, local_dt, public_holiday, tz
from openjobcenter.core.models import Jobcenter, Location

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

VIEW_TEAM = "appointments.view_team_appointments"
VIEW_LOCATION = "appointments.view_location_appointments"
MANAGE = "appointments.manage_appointments"
# Roles whose holders have appointments of their own (a calendar to look at).
CALENDAR_ROLES = (Role.ADVISOR, Role.BENEFITS_OFFICER, Role.TEAM_LEAD)
# Free slots offered for booking or moving: this many days at a time, at most this many slots.
SLOT_LIST_DAYS = 7
SLOT_LIST_MAX = 80


def may_view_appointments(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm(VIEW_TEAM) or user.has_perm(VIEW_LOCATION))


def may_view_locations(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm(VIEW_LOCATION))


def may_manage(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm(MANAGE))


def visible_bookings(jobcenter: Jobcenter, user: User) -> QuerySet[Booking]:
    """The bookings of ``jobcenter`` that ``user`` may see and act on (all, their team's, or none)."""
    bookings = Booking.objects.for_tenant(jobcenter)
    if not user.belongs_to(jobcenter):
        return bookings.none()
    if user.has_perm(VIEW_LOCATION):
        return bookings
    if user.has_perm(VIEW_TEAM):
        scope = Q(staff=user) | Q(booked_by=user)
        if user.team_id is not None:
            scope |= Q(staff__team_id=user.team_id)
        return bookings.filter(scope)
    return bookings.none()


def visible_booking(jobcenter: Jobcenter, user: User, code: str) -> Booking | None:
    """One booking by its code (as typed, with or without dash) if ``user`` may see it."""
    return (
        visible_bookings(jobcenter, user)
        .select_related("concern", "location", "staff", "client", "booked_by", "outcome_by", "slot")
        .filter(code=normalise_code(code))
        .first()
    )


def calendar_staff(jobcenter: Jobcenter, user: User) -> QuerySet[User]:
    """Staff whose calendar ``user`` may open: everybody with appointments, or their own team."""
    staff = User.in_tenant.for_tenant(jobcenter).filter(is_active=True)
    if user.has_perm(VIEW_LOCATION):
        staff = staff.filter(role_assignments__role__in=CALENDAR_ROLES)
    elif user.has_perm(VIEW_TEAM):
        staff = staff.filter(Q(pk=user.pk) | Q(team_id=user.team_id) if user.team_id else Q(pk=user.pk))
    else:
        return staff.none()
    return staff.distinct().order_by("last_name", "first_name", "pk")


def calendar_locations(jobcenter: Jobcenter, user: User) -> QuerySet[Location]:
    """Locations whose whole calendar ``user`` may open."""
    if not user.has_perm(VIEW_LOCATION):
        return Location.objects.for_tenant(jobcenter).none()
    return Location.objects.for_tenant(jobcenter).filter(is_active=True).order_by("name", "pk")


def _day_range(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return local_dt(first_day, dt.time()), local_dt(last_day + dt.timedelta(days=1), dt.time())


def day_bookings(
    jobcenter: Jobcenter,
    user: User,
    day: dt.date,
    *,
    staff_id: int | None = None,
    location_id: int | None = None,
) -> list[Booking]:
    """The bookings of one day (cancelled ones too, so reception knows), for a person or a location."""
    start, end = _day_range(day, day)
    bookings = visible_bookings(jobcenter, user).filter(start__gte=start, start__lt=end)
    if location_id is not None:
        bookings = bookings.filter(location_id=location_id)
    else:
        bookings = bookings.filter(staff_id=staff_id if staff_id is not None else user.pk)
    return list(bookings.select_related("concern", "location", "staff").order_by("start", "name", "pk"))


@dataclass
class CalendarRow:
    """One start time of a day: who is booked, how many seats are free, whether it is blocked."""

    start: dt.datetime
    end: dt.datetime
    bookings: list[Booking] = field(default_factory=list)
    capacity: int = 0
    free: int = 0
    blocked: int = 0  # slots at this time that are blocked (absence or public holiday)
    slots: int = 0

    @property
    def all_blocked(self) -> bool:
        return self.slots > 0 and self.blocked == self.slots


@dataclass
class CalendarDay:
    day: dt.date
    holiday: str | None
    rows: list[CalendarRow]

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def booked(self) -> int:
        return sum(len(row.bookings) for row in self.rows)

    @property
    def free(self) -> int:
        return sum(row.free for row in self.rows)


def calendar_days(
    jobcenter: Jobcenter,
    user: User,
    first_day: dt.date,
    last_day: dt.date,
    *,
    staff_id: int | None = None,
    location_id: int | None = None,
) -> list[CalendarDay]:
    """Every day from ``first_day`` to ``last_day`` with its rows, for one staff member or location.

    Cancelled bookings hold no seat and are left out; the caller has checked that ``user`` may see
    this staff member's or location's calendar.
    """
    start, end = _day_range(first_day, last_day)
    slots = Slot.objects.for_tenant(jobcenter).filter(start__gte=start, start__lt=end)
    bookings = (
        visible_bookings(jobcenter, user)
        .filter(start__gte=start, start__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("concern", "staff", "location")
    )
    if location_id is not None:
        slots = slots.filter(location_id=location_id)
        bookings = bookings.filter(location_id=location_id)
    else:
        slots = slots.filter(staff_id=staff_id)
        bookings = bookings.filter(staff_id=staff_id)
    rows: dict[dt.datetime, CalendarRow] = {}
    zone = tz()
    for slot_start, slot_end, capacity, booked, blocked in slots.order_by().values_list(
        "start", "end", "capacity", "booked", "blocked"
    ):
        row = rows.setdefault(slot_start, CalendarRow(start=slot_start.astimezone(zone), end=slot_end.astimezone(zone)))
        row.end = max(row.end, slot_end.astimezone(zone))
        row.slots += 1
        row.capacity += capacity
        if blocked:
            row.blocked += 1
        else:
            row.free += max(capacity - booked, 0)
    for booking in bookings.order_by("start", "staff__last_name", "name", "pk"):
        row = rows.setdefault(
            booking.start, CalendarRow(start=booking.start.astimezone(zone), end=booking.end.astimezone(zone))
        )
        row.bookings.append(booking)
    by_day: dict[dt.date, list[CalendarRow]] = defaultdict(list)
    for key in sorted(rows):
        by_day[rows[key].start.date()].append(rows[key])
    days = []
    day = first_day
    while day <= last_day:
        days.append(CalendarDay(day=day, holiday=public_holiday(jobcenter, day), rows=by_day.get(day, [])))
        day += dt.timedelta(days=1)
    return days


def upcoming_bookings_of(jobcenter: Jobcenter, client: User, *, limit: int = 10) -> list[Booking]:
    """A client's open appointments from today on (shown when staff book another one for them)."""
    start, _end = _day_range(timezone.localdate(), timezone.localdate())
    return list(
        Booking.objects.for_tenant(jobcenter)
        .filter(client=client, status=BookingStatus.BOOKED, start__gte=start)
        .select_related("concern", "location")
        .order_by("start")[:limit]
    )


def find_clients(jobcenter: Jobcenter, query: str, *, limit: int = 20) -> list[User]:
    """Citizens of ``jobcenter`` whose name or e-mail address contains every word of ``query``."""
    words = query.split()[:5]
    if not words or len(query.strip()) < 2:
        return []
    clients = User.in_tenant.for_tenant(jobcenter).filter(is_active=True, role_assignments__role=Role.CLIENT)
    for word in words:
        clients = clients.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return list(clients.distinct().order_by("last_name", "first_name", "pk")[:limit])


def client_of(jobcenter: Jobcenter, pk: int) -> User | None:
    """The citizen with this id in ``jobcenter``, or ``None``."""
    return (
        User.in_tenant.for_tenant(jobcenter).filter(pk=pk, is_active=True, role_assignments__role=Role.CLIENT).first()
    )


def booking_history(booking: Booking) -> list[dict[str, object]]:
    """What happened to a booking, oldest first, as the staff page tells it."""
    if booking.booked_by is not None:
        text = _("Gebucht von %(name)s für die Kundin oder den Kunden") % {"name": booking.booked_by}
    else:
        text = _("Online gebucht")
    events: list[dict[str, object]] = [{"when": booking.created_at, "text": text}]
    if booking.reschedule_count:
        events.append({"when": None, "text": _("%(count)d-mal verschoben") % {"count": booking.reschedule_count}})
    if booking.cancelled_at is not None:
        by_staff = booking.cancelled_by_staff
        who = _("vom Jobcenter abgesagt") if by_staff else _("von der Kundin oder dem Kunden abgesagt")
        events.append({"when": booking.cancelled_at, "text": who, "reason": booking.cancel_reason})
    if booking.outcome_at is not None:
        by = booking.outcome_by or _("unbekannt")
        text = _("%(outcome)s, erfasst von %(name)s") % {"outcome": booking.get_status_display(), "name": by}
        events.append({"when": booking.outcome_at, "text": text})
    return events


# --- Free slots for staff (booking on behalf, moving) -------------------------------------------------


def staff_for_concern(jobcenter: Jobcenter, concern: Concern) -> list[User]:
    """The staff who may hold appointments of ``concern`` (its teams', or all with appointments)."""
    staff = User.in_tenant.for_tenant(jobcenter).filter(is_active=True, role_assignments__role__in=CALENDAR_ROLES)
    team_ids = [team.pk for team in concern.teams.all()]
    if team_ids:
        staff = staff.filter(team_id__in=team_ids)
    return list(staff.distinct().order_by("last_name", "first_name", "pk"))


@dataclass
class SlotDay:
    day: dt.date
    slots: list[Slot] = field(default_factory=list)


def free_slot_days(
    jobcenter: Jobcenter,
    concern: Concern,
    channel: str,
    first: dt.date,
    *,
    location_id: int | None = None,
    staff_id: int | None = None,
    exclude: int | None = None,
) -> tuple[list[SlotDay], dt.datetime | None]:
    """Free slots (staff rules: no lead time) of ``SLOT_LIST_DAYS`` days from ``first``, by day; when
    there are none, also the start of the next free one, so nobody pages through empty weeks."""
    slots = bookable_slots(jobcenter, concern, channel, location=location_id, date_from=first, for_staff=True)
    if exclude is not None:
        slots = slots.exclude(pk=exclude)
    if staff_id is not None:
        slots = slots.filter(staff_id=staff_id)
    end = local_dt(first + dt.timedelta(days=SLOT_LIST_DAYS), dt.time())
    shown = slots.filter(start__lt=end).select_related("staff", "location")
    days: list[SlotDay] = []
    zone = tz()
    for slot in shown.order_by("start", "location__name", "staff__last_name", "pk")[:SLOT_LIST_MAX]:
        day = slot.start.astimezone(zone).date()
        if not days or days[-1].day != day:
            days.append(SlotDay(day=day))
        days[-1].slots.append(slot)
    if days:
        return days, None
    return days, slots.order_by("start").values_list("start", flat=True).first()


@dataclass(frozen=True)
class Alternative:
    slot_id: int
    start: dt.datetime
    location: str
    seats: int


def named_alternatives(jobcenter: Jobcenter, alternatives: list[FreeTime]) -> list[Alternative]:
    """The free times offered after a slot was taken, with their location's name."""
    names = dict(
        Location.objects.for_tenant(jobcenter)
        .filter(pk__in={a.location_id for a in alternatives})
        .values_list("pk", "name")
    )
    return [Alternative(a.slot_id, a.start, names.get(a.location_id, ""), a.seats) for a in alternatives]

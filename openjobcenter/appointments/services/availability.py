"""Who may maintain whose availability, and changing working hours and absences.

Advisors, benefits officers and team leads keep their own weekly hours and absences; team leads
also those of their team; Jobcenter admins those of every member of staff who holds appointments.
Every change is one transaction with its audit entry; right after it the person's slots are
reconciled (``slots.reconcile_slots``), so what citizens can book follows at once. Bookings are
never deleted here: a booking whose slot left the working hours keeps its seat in a blocked slot
and is listed (``displaced_bookings``) until staff move it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import ROLE_PERMISSIONS, Role
from openjobcenter.appointments.models import CHANNEL_VALUES, Absence, Booking, BookingStatus, WorkingHours
from openjobcenter.appointments.services.slots import public_holiday, reconcile_slots
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Location, Weekday
from openjobcenter.core.services.hours import format_period

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

OWN_AVAILABILITY = "appointments.manage_own_availability"
SCHEDULES = "appointments.manage_schedules"
# Roles whose holders have appointments of their own (and so working hours).
BOOKABLE_ROLES = frozenset(role for role, perms in ROLE_PERMISSIONS.items() if OWN_AVAILABILITY in perms)
# Roles that maintain the availability of every member of staff, not only of one team.
ALL_STAFF_ROLES = (Role.JOBCENTER_ADMIN, Role.PLATFORM_ADMIN)

MAX_DESKS = 50
MAX_SLOT_MINUTES = 480
MAX_BUFFER_MINUTES = 240
MAX_ABSENCE_DAYS = 366
HOLIDAY_WEEKS = 8


# --- Who may edit whom ------------------------------------------------------------------------


def may_manage_availability(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.has_perm(OWN_AVAILABILITY) or user.has_perm(SCHEDULES))


def bookable_staff(jobcenter: Jobcenter) -> QuerySet[User]:
    """Active members of staff of the Jobcenter who hold appointments."""
    holds_appointments = RoleAssignment.objects.filter(user=OuterRef("pk"), role__in=BOOKABLE_ROLES)
    return User.in_tenant.for_tenant(jobcenter).filter(Exists(holds_appointments), is_active=True)


def manageable_staff(jobcenter: Jobcenter, user: User | AnonymousUser) -> QuerySet[User]:
    """The staff whose working hours and absences ``user`` may edit, the user first, then by name.

    Their own (advisors, benefits officers, team leads), their team's (team leads), everybody's
    (Jobcenter and platform admins). Nobody reaches the staff of another Jobcenter.
    """
    staff = bookable_staff(jobcenter)
    if not user.is_authenticated or not isinstance(user, User) or not user.belongs_to(jobcenter):
        return staff.none()
    if user.has_perm(SCHEDULES) and user.has_role(*ALL_STAFF_ROLES):
        allowed = staff
    else:
        condition = Q(pk__in=[])
        if user.has_perm(OWN_AVAILABILITY):
            condition |= Q(pk=user.pk)
        if user.has_perm(SCHEDULES) and user.team_id is not None:
            condition |= Q(team_id=user.team_id)
        allowed = staff.filter(condition)
    own_first = Case(When(pk=user.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
    return allowed.select_related("team").annotate(own_first=own_first).order_by("own_first", "last_name", "first_name")


# --- Reading ----------------------------------------------------------------------------------


def displaced_bookings(
    jobcenter: Jobcenter, staff_ids: Iterable[int], *, now: dt.datetime | None = None
) -> QuerySet[Booking]:
    """Open future bookings that no longer fit the working hours: their slot is blocked (absence,
    holiday, hours changed) or no longer offers the booking's channel. Staff move these."""
    now = now or timezone.now()
    channel_gone = Q()
    for channel in CHANNEL_VALUES:
        channel_gone |= Q(channel=channel, **{f"slot__{channel}": False})
    return (
        Booking.objects.for_tenant(jobcenter)
        .filter(slot__staff_id__in=list(staff_ids), status=BookingStatus.BOOKED, start__gte=now)
        .filter(Q(slot__blocked=True) | channel_gone)
        .select_related("concern", "location", "staff")
        .order_by("start", "pk")
    )


def upcoming_holidays(
    jobcenter: Jobcenter, *, today: dt.date | None = None, weeks: int = HOLIDAY_WEEKS
) -> list[tuple[dt.date, str]]:
    """The public holidays of the Jobcenter's state from today on: no appointments on these days."""
    today = today or timezone.localdate()
    days = (today + dt.timedelta(days=offset) for offset in range(weeks * 7))
    return [(day, name) for day in days if (name := public_holiday(jobcenter, day) or "")]


def upcoming_absences(jobcenter: Jobcenter, staff: User, *, now: dt.datetime | None = None) -> QuerySet[Absence]:
    now = now or timezone.now()
    return Absence.objects.for_tenant(jobcenter).filter(staff=staff, ends_at__gt=now).order_by("starts_at", "pk")


def entries_of(jobcenter: Jobcenter, staff: User) -> list[WorkingHours]:
    return list(
        WorkingHours.objects.for_tenant(jobcenter)
        .filter(staff=staff)
        .select_related("location")
        .order_by("weekday", "starts", "valid_from", "pk")
    )


def is_current(entry: WorkingHours, today: dt.date) -> bool:
    return entry.valid_until is None or entry.valid_until >= today


@dataclass(frozen=True)
class AbsencePeriod:
    """An absence as people read it: whole days as dates, otherwise start and end with times."""

    absence: Absence

    @property
    def starts(self) -> dt.datetime:
        return timezone.localtime(self.absence.starts_at)

    @property
    def ends(self) -> dt.datetime:
        return timezone.localtime(self.absence.ends_at)

    @property
    def whole_days(self) -> bool:
        return self.starts.time() == dt.time() and self.ends.time() == dt.time()

    @property
    def first_day(self) -> dt.date:
        return self.starts.date()

    @property
    def last_day(self) -> dt.date:
        """The last day the absence touches (one ending at midnight ends the day before)."""
        return (self.ends - dt.timedelta(microseconds=1)).date()


@dataclass
class StaffAvailability:
    """One line of the overview: a person's hours valid today, later changes, absences, conflicts."""

    staff: User
    weekly_minutes: int = 0
    days: list[int] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    planned_changes: int = 0
    absences: list[AbsencePeriod] = field(default_factory=list)
    displaced: int = 0

    @property
    def weekly_hours(self) -> float:
        return self.weekly_minutes / 60

    @property
    def day_names(self) -> list[str]:
        return [str(Weekday(day).label) for day in self.days]


def availability_overview(
    jobcenter: Jobcenter, staff: Sequence[User], *, now: dt.datetime | None = None
) -> list[StaffAvailability]:
    """Per person: the week valid today, upcoming absences and displaced bookings, in three queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = {person.pk: StaffAvailability(person) for person in staff}
    entries = (
        WorkingHours.objects.for_tenant(jobcenter)
        .filter(staff_id__in=rows)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("location")
        .order_by("weekday", "starts")
    )
    for entry in entries:
        row = rows[entry.staff_id]
        if not entry.valid_on(today):
            row.planned_changes += 1
            continue
        start, end = dt.datetime.combine(today, entry.starts), dt.datetime.combine(today, entry.ends)
        row.weekly_minutes += int((end - start).total_seconds() // 60)
        if entry.weekday not in row.days:
            row.days.append(entry.weekday)
        if entry.location.name not in row.locations:
            row.locations.append(entry.location.name)
    absences = Absence.objects.for_tenant(jobcenter).filter(staff_id__in=rows, ends_at__gt=now).order_by("starts_at")
    for absence in absences:
        rows[absence.staff_id].absences.append(AbsencePeriod(absence))
    counts: dict[int, int] = defaultdict(int)
    for staff_id in displaced_bookings(jobcenter, rows, now=now).values_list("slot__staff_id", flat=True):
        counts[staff_id] += 1
    for staff_id, count in counts.items():
        rows[staff_id].displaced = count
    return list(rows.values())


# --- Working hours ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingHoursData:
    """One weekly entry as entered; error keys of ``ValidationError`` are these attribute names."""

    weekday: int
    starts: dt.time
    ends: dt.time
    location: Location
    channels: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None = None
    desks: int = 1
    slot_minutes: int = 30
    buffer_minutes: int = 0


def _minutes(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _periods_overlap(a_from: dt.date, a_until: dt.date | None, b_from: dt.date, b_until: dt.date | None) -> bool:
    return (a_until is None or b_from <= a_until) and (b_until is None or a_from <= b_until)


def describe(entry: WorkingHours | WorkingHoursData) -> str:
    """ "Montag, 09:00–12:00 Uhr, Hauptstelle Mitte" – for messages and the audit trail."""
    return _("%(day)s, %(period)s, %(location)s") % {
        "day": Weekday(entry.weekday).label,
        "period": format_period(entry.starts, entry.ends),
        "location": entry.location.name,
    }


def check_working_hours(
    jobcenter: Jobcenter,
    staff: User,
    data: WorkingHoursData,
    *,
    others: Iterable[WorkingHours | WorkingHoursData],
) -> None:
    """Raise ``ValidationError`` (keyed by field) when ``data`` is not a valid entry for ``staff``.

    ``others`` are the person's other entries: none may overlap on the same weekday while both are
    valid, at any location (one person cannot sit at two desks).
    """
    errors: dict[str, list[str]] = defaultdict(list)
    if data.weekday not in Weekday.values:
        errors["weekday"].append(_("Bitte wählen Sie einen Wochentag."))
    length = _minutes(data.starts, data.ends)
    if length <= 0:
        errors["ends"].append(_("Das Ende muss nach dem Beginn liegen."))
    if not 5 <= data.slot_minutes <= MAX_SLOT_MINUTES:
        errors["slot_minutes"].append(
            _("Ein Termin dauert mindestens 5 und höchstens %(max)s Minuten.") % {"max": MAX_SLOT_MINUTES}
        )
    elif length > 0 and data.slot_minutes > length:
        errors["slot_minutes"].append(
            _("Ein Termin von %(minutes)s Minuten passt nicht in die Zeit von %(period)s.")
            % {"minutes": data.slot_minutes, "period": format_period(data.starts, data.ends)}
        )
    if not 0 <= data.buffer_minutes <= MAX_BUFFER_MINUTES:
        errors["buffer_minutes"].append(
            _("Die Pause liegt zwischen 0 und %(max)s Minuten.") % {"max": MAX_BUFFER_MINUTES}
        )
    if not 1 <= data.desks <= MAX_DESKS:
        errors["desks"].append(_("Bitte geben Sie zwischen 1 und %(max)s Plätzen an.") % {"max": MAX_DESKS})
    if not data.channels or any(c not in CHANNEL_VALUES for c in data.channels):
        errors["channels"].append(_("Bitte wählen Sie mindestens einen Weg."))
    if data.location.jobcenter_id != jobcenter.pk:
        errors["location"].append(_("Bitte wählen Sie einen Standort dieses Jobcenters."))
    elif not data.location.is_active:
        errors["location"].append(_("Dieser Standort ist deaktiviert. Bitte wählen Sie einen aktiven Standort."))
    if data.valid_until is not None and data.valid_until < data.valid_from:
        errors["valid_until"].append(_("„Gültig bis“ darf nicht vor „gültig ab“ liegen."))
    if staff.jobcenter_id != jobcenter.pk:
        errors["__all__"].append(_("Diese Person gehört nicht zu diesem Jobcenter."))
    if length > 0 and not errors.get("valid_until"):
        for other in others:
            if (
                other.weekday == data.weekday
                and data.starts < other.ends
                and other.starts < data.ends
                and _periods_overlap(data.valid_from, data.valid_until, other.valid_from, other.valid_until)
            ):
                errors["starts"].append(
                    _("Diese Zeit überschneidet sich mit einer anderen Sprechzeit: %(other)s.")
                    % {"other": describe(other)}
                )
                break
    if errors:
        raise ValidationError(dict(errors))


def _lock_person(staff: User) -> None:
    """Serialise changes to one person's hours, so two overlapping entries cannot slip in at once."""
    User.objects.select_for_update().filter(pk=staff.pk).first()


def _details(entry: WorkingHours) -> dict[str, Any]:
    return {
        "working_hours": entry.pk,
        "weekday": entry.weekday,
        "starts": f"{entry.starts:%H:%M}",
        "ends": f"{entry.ends:%H:%M}",
        "location": entry.location_id,
        "channels": list(entry.channels),
        "desks": entry.desks,
        "slot_minutes": entry.slot_minutes,
        "buffer_minutes": entry.buffer_minutes,
        "valid_from": entry.valid_from.isoformat(),
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else None,
    }


def _apply(entry: WorkingHours, data: WorkingHoursData) -> list[str]:
    changed = []
    values: dict[str, Any] = {
        "weekday": data.weekday,
        "starts": data.starts,
        "ends": data.ends,
        "location": data.location,
        "channels": [c for c in CHANNEL_VALUES if c in data.channels],
        "desks": data.desks,
        "slot_minutes": data.slot_minutes,
        "buffer_minutes": data.buffer_minutes,
        "valid_from": data.valid_from,
        "valid_until": data.valid_until,
    }
    for name, value in values.items():
        current = entry.location_id if name == "location" else getattr(entry, name)
        if current != (value.pk if name == "location" else value):
            setattr(entry, name, value)
            changed.append(name)
    return changed


def create_working_hours(
    jobcenter: Jobcenter,
    staff: User,
    entries: Sequence[WorkingHoursData],
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> list[WorkingHours]:
    """Add weekly entries (e.g. the same hours on several weekdays) and create their slots."""
    created: list[WorkingHours] = []
    with transaction.atomic():
        _lock_person(staff)
        existing = list(WorkingHours.objects.for_tenant(jobcenter).filter(staff=staff).select_related("location"))
        for index, data in enumerate(entries):
            check_working_hours(jobcenter, staff, data, others=[*existing, *entries[:index]])
        for data in entries:
            entry = WorkingHours(jobcenter=jobcenter, staff=staff)
            _apply(entry, data)
            entry.full_clean(exclude=["staff", "jobcenter", "location"])
            entry.save()
            created.append(entry)
        # The person is the target: the audit search then shows all changes to their availability.
        for entry in created:
            log_change(
                actor=actor,
                jobcenter=jobcenter,
                action="appointments.working_hours_created",
                target=staff,
                details=_details(entry),
                request=request,
            )
    reconcile_slots(jobcenter, staff_ids=[staff.pk])
    return created


def update_working_hours(
    entry: WorkingHours, data: WorkingHoursData, *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Change one entry; its future slots follow (booked ones are kept, blocked if they no longer fit)."""
    jobcenter = entry.jobcenter
    staff = entry.staff
    with transaction.atomic():
        _lock_person(staff)
        others = WorkingHours.objects.for_tenant(jobcenter).filter(staff=staff).exclude(pk=entry.pk)
        check_working_hours(jobcenter, staff, data, others=others.select_related("location"))
        before = _details(entry)
        changed = _apply(entry, data)
        if not changed:
            return []
        entry.full_clean(exclude=["staff", "jobcenter", "location"])
        entry.save()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.working_hours_changed",
            target=staff,
            details={"fields": changed, "before": before, "after": _details(entry)},
            request=request,
        )
    reconcile_slots(jobcenter, staff_ids=[staff.pk])
    return changed


def delete_working_hours(entry: WorkingHours, *, actor: User, request: HttpRequest | None = None) -> None:
    """Remove an entry: its free slots go, slots with bookings stay blocked for staff to move."""
    jobcenter = entry.jobcenter
    staff = entry.staff
    details = _details(entry)
    with transaction.atomic():
        entry.delete()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.working_hours_deleted",
            target=staff,
            details=details,
            request=request,
        )
    reconcile_slots(jobcenter, staff_ids=[staff.pk])


# --- Absences ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceData:
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = ""


def check_absence(data: AbsenceData, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    errors: dict[str, list[str]] = defaultdict(list)
    if data.ends_at <= data.starts_at:
        errors["ends_at"].append(_("Das Ende muss nach dem Beginn liegen."))
    elif data.ends_at <= now:
        errors["ends_at"].append(_("Diese Abwesenheit ist schon vorbei. Bitte tragen Sie nur künftige ein."))
    elif data.ends_at - data.starts_at > dt.timedelta(days=MAX_ABSENCE_DAYS):
        errors["ends_at"].append(
            _("Eine Abwesenheit dauert höchstens %(days)s Tage. Bitte teilen Sie sie auf.") % {"days": MAX_ABSENCE_DAYS}
        )
    if len(data.reason) > 200:
        errors["reason"].append(_("Bitte fassen Sie den Grund in höchstens 200 Zeichen."))
    if errors:
        raise ValidationError(dict(errors))


def create_absence(
    jobcenter: Jobcenter, staff: User, data: AbsenceData, *, actor: User, request: HttpRequest | None = None
) -> Absence:
    """Block a person's slots for a time; booked ones stay and are listed for staff to move."""
    check_absence(data)
    if staff.jobcenter_id != jobcenter.pk:
        raise ValidationError(_("Diese Person gehört nicht zu diesem Jobcenter."))
    with transaction.atomic():
        absence = Absence.objects.create_for_tenant(
            jobcenter, staff=staff, starts_at=data.starts_at, ends_at=data.ends_at, reason=data.reason.strip()
        )
        # The reason stays out of the audit trail: it may say more about a colleague than needed.
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.absence_created",
            target=staff,
            details={"absence": absence.pk, "starts_at": absence.starts_at, "ends_at": absence.ends_at},
            request=request,
        )
    reconcile_slots(jobcenter, staff_ids=[staff.pk])
    return absence


def delete_absence(absence: Absence, *, actor: User, request: HttpRequest | None = None) -> None:
    """Remove an absence: the person's slots in that time become bookable again."""
    jobcenter = absence.jobcenter
    staff = absence.staff
    details = {"absence": absence.pk, "starts_at": absence.starts_at, "ends_at": absence.ends_at}
    with transaction.atomic():
        absence.delete()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="appointments.absence_deleted",
            target=staff,
            details=details,
            request=request,
        )
    reconcile_slots(jobcenter, staff_ids=[staff.pk])

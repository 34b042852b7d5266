"""Issuing tickets, checking in booked clients, and every move of a ticket through the queue.

Each function is one transaction with an audit entry; displays and ticket pages hear of it on
commit (``events.queue_changed``). Calling is safe against two counters at once: the candidate is
picked with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite serialises writers) and claimed with
a conditional UPDATE on its status; only the counter whose UPDATE changed the row calls it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import Booking, BookingStatus, Concern
from openjobcenter.appointments.services import codes
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.models import (
    Counter,
    CounterSession,
    Priority,
    Ticket,
    TicketSource,
    TicketStatus,
    ZoneSettings,
)
from openjobcenter.reception.services import events
from openjobcenter.reception.signals import ticket_called

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

# A booked client may be called this long before the appointment starts.
CHECK_IN_EARLY = dt.timedelta(minutes=5)
# Check-in is accepted from this long before the appointment until this long after its start.
CHECK_IN_WINDOW_BEFORE = dt.timedelta(minutes=60)
CHECK_IN_WINDOW_AFTER = dt.timedelta(minutes=30)
# "Did not come" may be marked after this many calls.
CALLS_BEFORE_NO_SHOW = 2


class QueueError(Exception):
    """A queue action that cannot be done; ``message`` is shown to the person as it is."""

    status = 422
    code = "invalid"

    def __init__(self, message: str | Promise, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class ZoneClosed(QueueError):
    status = 409
    code = "zone_closed"


class AlreadyCalled(QueueError):
    status = 409
    code = "already_called"


def settings_for(zone: ReceptionZone) -> ZoneSettings:
    zone_settings, _created = ZoneSettings.all_tenants.get_or_create(jobcenter_id=zone.jobcenter_id, zone=zone)
    return zone_settings


def open_zones(location: Location) -> QuerySet[ReceptionZone]:
    return (
        ReceptionZone.objects.for_tenant(location.jobcenter_id)
        .filter(location=location)
        .exclude(queue_settings__is_open=False)
    )


def zone_for(location: Location, concern: Concern | None) -> ReceptionZone | None:
    """The open zone that serves ``concern`` at ``location``; else the first open zone."""
    zones = open_zones(location).order_by("code")
    if concern is not None:
        serving = zones.filter(queue_settings__concerns=concern).first()
        if serving is not None:
            return serving
    return zones.first()


def _next_sequence(zone: ReceptionZone, day: dt.date) -> int:
    last = Ticket.objects.for_tenant(zone.jobcenter_id).filter(zone=zone, day=day).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def issue_ticket(
    location: Location,
    *,
    zone: ReceptionZone | None = None,
    concern: Concern | None = None,
    source: str = TicketSource.KIOSK,
    priority: int = Priority.NORMAL,
    booking: Booking | None = None,
    not_before: dt.datetime | None = None,
    language: str = "de",
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Ticket:
    """Draw a number in ``zone`` (or the zone serving ``concern``). Retries if two draw at once."""
    if not location.is_active:
        raise QueueError(_("Dieser Standort ist geschlossen."), code="location_closed", status=409)
    if zone is None:
        zone = zone_for(location, concern)
    if zone is None or zone.location_id != location.pk:
        raise ZoneClosed(_("Hier werden gerade keine Wartenummern ausgegeben."))
    if not settings_for(zone).is_open:
        raise ZoneClosed(_("Diese Eingangszone nimmt gerade keine Wartenummern an."))
    if source == TicketSource.REMOTE and not settings_for(zone).remote_join:
        raise ZoneClosed(_("An diesem Standort kann man sich nicht von unterwegs anstellen."))
    now = timezone.now()
    day = timezone.localdate(now)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                sequence = _next_sequence(zone, day)
                ticket = Ticket.objects.create_for_tenant(
                    location.jobcenter,
                    location=location,
                    zone=zone,
                    concern=concern,
                    day=day,
                    sequence=sequence,
                    number=f"{zone.code}{sequence:03d}",
                    token=secrets.token_urlsafe(24),
                    priority=priority,
                    source=source,
                    booking=booking,
                    language=language,
                    queued_at=now,
                    not_before=not_before,
                )
                from openjobcenter.reception.services.estimate import estimate_for

                estimate = estimate_for(ticket)
                if estimate is not None:
                    ticket.estimate_minutes = estimate.expected_minutes
                    ticket.save(update_fields=["estimate_minutes"])
                log_change(
                    actor=actor,
                    jobcenter=location.jobcenter,
                    action="reception.ticket_issued",
                    target=ticket,
                    details={"number": ticket.number, "source": source, "priority": priority},
                    request=request,
                )
                events.queue_changed(location.pk, tickets=(ticket,))
                return ticket
        except IntegrityError as exc:
            if booking is not None and Ticket.objects.for_tenant(location.jobcenter).filter(booking=booking).exists():
                raise QueueError(
                    _("Sie sind für diesen Termin schon angemeldet."), code="already_checked_in", status=409
                ) from exc
            continue  # somebody drew the same number at the same moment: draw again
    raise QueueError(_("Bitte versuchen Sie es noch einmal."), code="busy", status=503)


def check_in(
    jobcenter: Jobcenter,
    code: str,
    *,
    location: Location | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """A client with a booked in-person appointment arrives: a ticket with appointment priority."""
    now = now or timezone.now()
    code = codes.normalise_code(code)
    booking = (
        Booking.objects.for_tenant(jobcenter)
        .select_related("location", "concern")
        .filter(code=code, status=BookingStatus.BOOKED)
        .first()
    )
    if booking is None or booking.channel != "in_person":
        raise QueueError(
            _("Zu dieser Buchungsnummer gibt es hier keinen Termin vor Ort."), code="unknown_booking", status=404
        )
    if location is not None and booking.location_id != location.pk:
        raise QueueError(
            _("Ihr Termin ist an einem anderen Standort: %(location)s.") % {"location": booking.location.name},
            code="other_location",
        )
    if not (booking.start - CHECK_IN_WINDOW_BEFORE <= now <= booking.start + CHECK_IN_WINDOW_AFTER):
        raise QueueError(
            _("Anmelden können Sie sich ab einer Stunde vor Ihrem Termin bis eine halbe Stunde danach."),
            code="outside_check_in_window",
        )
    existing = Ticket.objects.for_tenant(jobcenter).filter(booking=booking).first()
    if existing is not None:
        return existing
    return issue_ticket(
        booking.location,
        concern=booking.concern,
        source=TicketSource.CHECK_IN,
        priority=Priority.APPOINTMENT,
        booking=booking,
        not_before=booking.start - CHECK_IN_EARLY,
        language=booking.language,
        actor=actor,
        request=request,
    )


# --- Counters -----------------------------------------------------------------------------------


def open_counter(counter: Counter, staff: User, *, request: HttpRequest | None = None) -> CounterSession:
    """``staff`` sits down at ``counter``; leaves any other counter first."""
    with transaction.atomic():
        now = timezone.now()
        CounterSession.objects.for_tenant(counter.jobcenter_id).filter(
            Q(staff=staff) | Q(counter=counter), closed_at__isnull=True
        ).update(closed_at=now)
        session = CounterSession.objects.create_for_tenant(counter.jobcenter, counter=counter, staff=staff)
        log_change(
            actor=staff, jobcenter=counter.jobcenter, action="reception.counter_opened", target=counter, request=request
        )
    events.queue_changed(counter.location_id)
    return session


def close_counter(staff: User, jobcenter: Jobcenter, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        session = CounterSession.objects.for_tenant(jobcenter).filter(staff=staff, closed_at__isnull=True).first()
        if session is None:
            return
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])
        log_change(
            actor=staff, jobcenter=jobcenter, action="reception.counter_closed", target=session.counter, request=request
        )
    events.queue_changed(session.counter.location_id)


def current_counter(staff: User, jobcenter: Jobcenter) -> Counter | None:
    session = (
        CounterSession.objects.for_tenant(jobcenter)
        .select_related("counter", "counter__zone")
        .filter(staff=staff, closed_at__isnull=True)
        .first()
    )
    return session.counter if session else None


# --- Calling ------------------------------------------------------------------------------------


def waiting_in(zone: ReceptionZone, *, now: dt.datetime | None = None) -> QuerySet[Ticket]:
    """The tickets a counter of ``zone`` may call now, in calling order."""
    now = now or timezone.now()
    return (
        Ticket.objects.for_tenant(zone.jobcenter_id)
        .filter(zone=zone, status=TicketStatus.WAITING, day=timezone.localdate(now))
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .order_by("-priority", "queued_at", "id")
    )


def _claim(ticket_id: int, counter: Counter, staff: User, now: dt.datetime, *, statuses: tuple[str, ...]) -> bool:
    return bool(
        Ticket.objects.for_tenant(counter.jobcenter_id)
        .filter(pk=ticket_id, status__in=statuses)
        .update(
            status=TicketStatus.CALLED,
            counter=counter,
            called_by=staff,
            called_at=now,
            call_count=F("call_count") + 1,
        )
    )


def _called(ticket_id: int, counter: Counter, staff: User, request: HttpRequest | None, action: str) -> Ticket:
    ticket = (
        Ticket.objects.for_tenant(counter.jobcenter_id).select_related("counter", "zone", "location").get(pk=ticket_id)
    )
    log_change(
        actor=staff,
        jobcenter=counter.jobcenter,
        action=action,
        target=ticket,
        details={"number": ticket.number, "counter": counter.name},
        request=request,
    )
    events.queue_changed(ticket.location_id, called=ticket, tickets=(ticket,))
    ticket_called.send(sender=Ticket, ticket=ticket)
    return ticket


def call_next(counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket | None:
    """Call the next waiting ticket of the counter's zone to ``counter``; ``None`` if nobody waits."""
    now = timezone.now()
    with transaction.atomic():
        for _attempt in range(10):
            candidates = waiting_in(counter.zone, now=now)
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            candidate = candidates.values_list("pk", flat=True).first()
            if candidate is None:
                return None
            if _claim(candidate, counter, staff, now, statuses=(TicketStatus.WAITING,)):
                return _called(candidate, counter, staff, request, "reception.ticket_called")
    return None


def call_ticket(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    """Call one particular waiting or parked ticket; 409 when another counter got it first."""
    with transaction.atomic():
        if not _claim(ticket.pk, counter, staff, timezone.now(), statuses=(TicketStatus.WAITING, TicketStatus.PARKED)):
            raise AlreadyCalled(_("Diese Wartenummer wurde schon aufgerufen oder ist nicht mehr in der Warteschlange."))
        return _called(ticket.pk, counter, staff, request, "reception.ticket_called")


def _mine(ticket: Ticket, counter: Counter) -> Ticket:
    locked = (
        Ticket.objects.for_tenant(counter.jobcenter_id)
        .select_for_update(of=("self",))
        .select_related("zone", "location", "counter")
        .get(pk=ticket.pk)
    )
    if locked.counter_id != counter.pk or locked.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
        raise AlreadyCalled(_("Diese Wartenummer ist nicht an Ihrem Schalter."))
    return locked


def recall(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    with transaction.atomic():
        locked = _mine(ticket, counter)
        if locked.status != TicketStatus.CALLED:
            raise QueueError(_("Nur aufgerufene Wartenummern können erneut aufgerufen werden."))
        locked.call_count += 1
        locked.called_at = timezone.now()
        locked.save(update_fields=["call_count", "called_at"])
        return _called(locked.pk, counter, staff, request, "reception.ticket_recalled")


def _finish(
    locked: Ticket, status: str, staff: User, action: str, request: HttpRequest | None, **fields: object
) -> Ticket:
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    log_change(
        actor=staff,
        jobcenter=locked.jobcenter,
        action=action,
        target=locked,
        details={"number": locked.number},
        request=request,
    )
    events.queue_changed(locked.location_id, tickets=(locked,))
    return locked


def start_service(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    with transaction.atomic():
        locked = _mine(ticket, counter)
        if locked.status == TicketStatus.SERVING:
            return locked
        return _finish(
            locked, TicketStatus.SERVING, staff, "reception.service_started", request, service_started_at=timezone.now()
        )


def finish(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    with transaction.atomic():
        locked = _mine(ticket, counter)
        now = timezone.now()
        started = locked.service_started_at or locked.called_at or now
        return _finish(
            locked,
            TicketStatus.DONE,
            staff,
            "reception.ticket_done",
            request,
            service_started_at=started,
            finished_at=now,
        )


def no_show(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    with transaction.atomic():
        locked = _mine(ticket, counter)
        if locked.call_count < CALLS_BEFORE_NO_SHOW:
            raise QueueError(
                _("Bitte rufen Sie die Nummer mindestens %(count)s-mal auf, bevor Sie „nicht erschienen“ wählen.")
                % {"count": CALLS_BEFORE_NO_SHOW}
            )
        return _finish(
            locked, TicketStatus.NO_SHOW, staff, "reception.ticket_no_show", request, finished_at=timezone.now()
        )


def park(ticket: Ticket, counter: Counter, staff: User, *, request: HttpRequest | None = None) -> Ticket:
    """Put a called ticket aside (e.g. the person fetches a document); it can be called again later."""
    with transaction.atomic():
        locked = _mine(ticket, counter)
        return _finish(locked, TicketStatus.PARKED, staff, "reception.ticket_parked", request, counter=None)


def transfer(
    ticket: Ticket,
    counter: Counter,
    staff: User,
    *,
    to_zone: ReceptionZone | None = None,
    to_counter: Counter | None = None,
    request: HttpRequest | None = None,
) -> Ticket:
    """Send the person to another zone (back into its queue) or straight to another counter."""
    if (to_zone is None) == (to_counter is None):
        raise QueueError(_("Bitte wählen Sie genau ein Ziel: eine Eingangszone oder einen Schalter."))
    with transaction.atomic():
        locked = _mine(ticket, counter)
        now = timezone.now()
        if to_counter is not None:
            if to_counter.jobcenter_id != counter.jobcenter_id or to_counter.location_id != locked.location_id:
                raise QueueError(_("Dieser Schalter gehört nicht zu diesem Standort."))
            return _finish(
                locked,
                TicketStatus.CALLED,
                staff,
                "reception.ticket_transferred",
                request,
                counter=to_counter,
                zone=to_counter.zone,
                called_at=now,
                call_count=1,
            )
        assert to_zone is not None
        if to_zone.jobcenter_id != counter.jobcenter_id or to_zone.location_id != locked.location_id:
            raise QueueError(_("Diese Eingangszone gehört nicht zu diesem Standort."))
        return _finish(
            locked,
            TicketStatus.WAITING,
            staff,
            "reception.ticket_transferred",
            request,
            zone=to_zone,
            counter=None,
            queued_at=now,
            call_count=0,
            called_at=None,
        )


def ticket_by_token(jobcenter: Jobcenter, token: str) -> Ticket | None:
    return (
        Ticket.objects.for_tenant(jobcenter).select_related("zone", "counter", "location").filter(token=token).first()
    )

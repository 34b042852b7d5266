"""Booking, cancelling, moving appointments, and recording whether people came.

Never double-booked: the seat is taken with one conditional ``UPDATE`` of the slot row
(``booked = booked + 1 WHERE booked < capacity``), which locks that one row until commit on
PostgreSQL and is serialised by SQLite; it runs late in the transaction, after all checks. The
partial unique constraint on (slot, seat) is the last guard. A retried request with the same
``request_key`` (the booking form's one-time key, or the API's ``Idempotency-Key``) returns the
booking it made the first time instead of making a second one.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openjobcenter.appointments.models import (
    SEAT_HOLDING,
    Booking,
    BookingPolicy,
    BookingStatus,
    Channel,
    Concern,
    Slot,
)
from openjobcenter.appointments.services import codes, mail
from openjobcenter.appointments.services.slots import FreeTime, bookable_slots, free_times, slot_fits
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

ALTERNATIVES = 5


class BookingError(Exception):
    """A booking that cannot be made or changed; ``message`` is shown to the person as it is."""

    status = 422
    code = "not_bookable"

    def __init__(self, message: str | Promise, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class SlotTaken(BookingError):
    status = 409
    code = "slot_taken"

    def __init__(self, alternatives: list[FreeTime]) -> None:
        super().__init__(_("Dieser Termin wurde gerade von jemand anderem gebucht. Bitte wählen Sie einen anderen."))
        self.alternatives = alternatives


class SlotGone(BookingError):
    status = 409
    code = "slot_unavailable"


class TooManyBookings(BookingError):
    status = 429
    code = "too_many_bookings"


class SignInRequired(BookingError):
    status = 403
    code = "sign_in_required"


class NotChangeable(BookingError):
    status = 409
    code = "not_changeable"


def policy_for(jobcenter: Jobcenter) -> BookingPolicy:
    policy, _created = BookingPolicy.all_tenants.get_or_create(jobcenter=jobcenter)
    return policy


@dataclass
class BookingRequest:
    """What a person (or staff member on their behalf) asks for."""

    slot_id: int
    concern: Concern
    channel: str
    name: str
    email: str
    phone: str = ""
    language: str = "de"
    client: User | None = None
    booked_by: User | None = None
    request_key: str | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _validate_person(req: BookingRequest) -> None:
    errors: dict[str, list[str]] = {}
    req.name = " ".join(req.name.split())
    req.email = req.email.strip().lower()
    req.phone = req.phone.strip()
    if not req.name:
        errors["name"] = [str(_("Bitte geben Sie Ihren Namen an."))]
    elif len(req.name) > 200:
        errors["name"] = [str(_("Der Name ist zu lang (höchstens 200 Zeichen)."))]
    try:
        validate_email(req.email)
    except ValidationError:
        errors["email"] = [str(_("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."))]
    if req.channel == Channel.PHONE and not req.phone:
        errors["phone"] = [str(_("Für einen Telefontermin brauchen wir Ihre Telefonnummer."))]
    elif req.phone and (len(req.phone) > 40 or not all(ch.isdigit() or ch in " +-/()" for ch in req.phone)):
        errors["phone"] = [str(_("Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen, + - / ( ) an."))]
    if errors:
        raise BookingError(_("Bitte prüfen Sie Ihre Eingaben."), fields=errors)


def _check_concern(jobcenter: Jobcenter, req: BookingRequest) -> None:
    concern = req.concern
    if concern.jobcenter_id != jobcenter.pk or not concern.is_active:
        raise BookingError(
            _("Dieses Anliegen kann nicht gebucht werden."), fields={"concern": [str(_("Unbekanntes Anliegen."))]}
        )
    if req.channel not in Channel.values or not concern.offers(req.channel):
        raise BookingError(
            _("Für dieses Anliegen gibt es keine Termine auf diesem Weg."),
            fields={"channel": [str(_("Bitte wählen Sie einen angebotenen Weg."))]},
        )
    if concern.requires_sign_in and req.client is None:
        raise SignInRequired(_("Für dieses Anliegen melden Sie sich bitte zuerst an."))


def alternatives_for(
    jobcenter: Jobcenter,
    concern: Concern,
    channel: str,
    *,
    near: dt.datetime | None = None,
    location_id: int | None = None,
    for_staff: bool = False,
) -> list[FreeTime]:
    """The next free times after ``near`` (or from now), at the same location if given."""
    slots = bookable_slots(jobcenter, concern, channel, location=location_id, for_staff=for_staff)
    if near is not None:
        slots = slots.filter(start__gte=near - dt.timedelta(hours=2))
    return free_times(slots, limit=ALTERNATIVES)


def _existing_for_key(jobcenter: Jobcenter, request_key: str | None) -> Booking | None:
    if not request_key:
        return None
    return Booking.objects.for_tenant(jobcenter).filter(request_key=request_key).select_related("slot").first()


def _claim(jobcenter: Jobcenter, slot_id: int) -> bool:
    """Take one seat of the slot if one is free: one conditional UPDATE, which locks the row."""
    return bool(
        Slot.objects.for_tenant(jobcenter)
        .filter(pk=slot_id, blocked=False, booked__lt=F("capacity"))
        .update(booked=F("booked") + 1)
    )


def _take_seat(jobcenter: Jobcenter, slot: Slot, concern: Concern, channel: str, *, for_staff: bool) -> Slot | None:
    """Take a seat in ``slot`` or, if it is full, in another slot with the same time and place.

    Must run inside a transaction. Returns the slot whose seat was taken, or ``None``.
    """
    if _claim(jobcenter, slot.pk):
        slot.booked += 1
        return slot
    siblings = (
        bookable_slots(jobcenter, concern, channel, location=slot.location_id, for_staff=for_staff)
        .filter(start=slot.start, end=slot.end)
        .exclude(pk=slot.pk)
        .order_by("booked", "pk")
        .values_list("pk", flat=True)[:20]
    )
    for candidate in list(siblings):
        if _claim(jobcenter, candidate):
            return Slot.objects.for_tenant(jobcenter).select_related("staff", "location").get(pk=candidate)
    return None


def _free_seat(slot: Slot) -> int:
    if slot.capacity == 1:
        return 1
    used = set(
        Booking.objects.for_tenant(slot.jobcenter_id)
        .filter(slot=slot, status__in=SEAT_HOLDING)
        .values_list("seat", flat=True)
    )
    return next(seat for seat in range(1, slot.capacity + 1) if seat not in used)


def _open_bookings_of(jobcenter: Jobcenter, email: str, now: dt.datetime) -> int:
    return (
        Booking.objects.for_tenant(jobcenter)
        .filter(email__iexact=email, status=BookingStatus.BOOKED, start__gt=now)
        .count()
    )


def book(
    jobcenter: Jobcenter, req: BookingRequest, *, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> tuple[Booking, bool]:
    """Book ``req``; returns the booking and whether it is new (``False``: a retried request)."""
    now = now or timezone.now()
    for_staff = req.booked_by is not None
    _validate_person(req)
    _check_concern(jobcenter, req)
    if (existing := _existing_for_key(jobcenter, req.request_key)) is not None:
        return existing, False
    slot = (
        Slot.objects.for_tenant(jobcenter)
        .select_related("staff", "jobcenter", "location")
        .filter(pk=req.slot_id)
        .first()
    )
    if slot is None:
        raise SlotGone(
            _("Diesen Termin gibt es nicht (mehr). Bitte wählen Sie einen anderen."),
            fields={"slot_id": [str(_("Unbekannter Termin."))]},
        )
    if slot.start <= now:
        raise SlotGone(_("Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen anderen."))
    if not slot_fits(slot, req.concern, req.channel, for_staff=for_staff, now=now):
        raise SlotGone(
            _("Dieser Termin kann für dieses Anliegen nicht gebucht werden. Bitte wählen Sie einen anderen.")
        )
    if not for_staff:
        limit = policy_for(jobcenter).max_open_bookings_per_email
        if _open_bookings_of(jobcenter, req.email, now) >= limit:
            raise TooManyBookings(
                _(
                    "Mit dieser E-Mail-Adresse sind schon %(count)s Termine gebucht. Bitte sagen Sie zuerst einen "
                    "Termin ab, den Sie nicht brauchen."
                )
                % {"count": limit}
            )
    try:
        with transaction.atomic():
            taken = _take_seat(jobcenter, slot, req.concern, req.channel, for_staff=for_staff)
            if taken is None:
                # A twin of this request (double click, retry) may just have taken the last seat.
                if (existing := _existing_for_key(jobcenter, req.request_key)) is not None:
                    return existing, False
                raise SlotTaken(
                    alternatives_for(
                        jobcenter,
                        req.concern,
                        req.channel,
                        near=slot.start,
                        location_id=slot.location_id,
                        for_staff=for_staff,
                    )
                )
            booking = _create_booking(jobcenter, taken, req)
            mail.send_confirmation(booking)
            log_change(
                actor=req.booked_by or req.client,
                jobcenter=jobcenter,
                action="appointments.booked",
                target=booking,
                subject=req.client,
                details={
                    "code": booking.code,
                    "concern": req.concern.pk,
                    "channel": req.channel,
                    "start": booking.start.isoformat(),
                    "on_behalf": for_staff,
                },
                request=request,
            )
    except IntegrityError:
        if (existing := _existing_for_key(jobcenter, req.request_key)) is not None:
            return existing, False
        raise SlotTaken(
            alternatives_for(
                jobcenter, req.concern, req.channel, near=slot.start, location_id=slot.location_id, for_staff=for_staff
            )
        ) from None
    return booking, True


def _create_booking(jobcenter: Jobcenter, slot: Slot, req: BookingRequest) -> Booking:
    """Insert the booking. The code is drawn at random from 30^10; a clash with an existing code
    (a chance of about one in 10^14 per booking) fails on the unique constraint and rolls back."""
    start = slot.start
    booking = Booking(
        jobcenter=jobcenter,
        code=codes.new_code(),
        slot=slot,
        seat=_free_seat(slot),
        concern=req.concern,
        channel=req.channel,
        location=slot.location,
        staff=slot.staff,
        start=start,
        end=start + dt.timedelta(minutes=req.concern.duration_minutes),
        client=req.client,
        name=req.name,
        email=req.email,
        phone=req.phone,
        language=req.language or "de",
        booked_by=req.booked_by,
        request_key=req.request_key or None,
        meeting_key=secrets.token_urlsafe(18) if req.channel == Channel.VIDEO else "",
    )
    booking.save(force_insert=True)
    return booking


# --- Finding one's booking ----------------------------------------------------------------------


def booking_by_token(jobcenter: Jobcenter, code: str, token: str | None) -> Booking | None:
    """The booking with this code if ``token`` is its manage token; ``None`` otherwise (no hint which)."""
    code = codes.normalise_code(code)
    if not codes.token_matches(code, token):
        return None
    return (
        Booking.objects.for_tenant(jobcenter)
        .select_related("concern", "location", "staff", "slot")
        .filter(code=code)
        .first()
    )


def bookings_of(jobcenter: Jobcenter, user: User) -> list[Booking]:
    """A signed-in citizen's appointments: booked with their account or with their verified address."""
    return list(
        Booking.objects.for_tenant(jobcenter)
        .filter(
            Q(client=user) | Q(client__isnull=True, email__iexact=user.email)
            if user.email_verified_at
            else Q(client=user)
        )
        .select_related("concern", "location")
        .order_by("-start")[:100]
    )


# --- Cancelling and moving ----------------------------------------------------------------------


def _lock(booking: Booking) -> Booking:
    # Lock only the booking row: PostgreSQL refuses FOR UPDATE on the outer join to the optional client.
    return (
        Booking.objects.for_tenant(booking.jobcenter_id)
        .select_for_update(of=("self",))
        .select_related("jobcenter", "concern", "location", "staff", "client")
        .get(pk=booking.pk)
    )


def cancel(
    booking: Booking,
    *,
    actor: User | None = None,
    by_staff: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Cancel: the seat is free again at once. Citizens can cancel until the appointment starts."""
    now = now or timezone.now()
    reason = reason.strip()[:300]
    if by_staff and not reason:
        raise BookingError(
            _("Bitte geben Sie einen Grund an; die Kundin oder der Kunde erfährt ihn."),
            fields={"reason": [str(_("Bitte geben Sie einen Grund an."))]},
        )
    with transaction.atomic():
        locked = _lock(booking)
        if locked.status == BookingStatus.CANCELLED:
            return locked  # cancelling twice (double click, retried request) changes nothing
        if locked.status != BookingStatus.BOOKED or (locked.start <= now and not by_staff):
            raise NotChangeable(_("Dieser Termin kann nicht mehr abgesagt werden."))
        Slot.objects.for_tenant(locked.jobcenter_id).filter(pk=locked.slot_id, booked__gt=0).update(
            booked=F("booked") - 1
        )
        locked.status = BookingStatus.CANCELLED
        locked.cancelled_at = now
        locked.cancelled_by_staff = by_staff
        locked.cancel_reason = reason
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by_staff", "cancel_reason", "changed_at"])
        mail.send_cancellation(locked)
        log_change(
            actor=actor,
            jobcenter=locked.jobcenter,
            action="appointments.cancelled",
            target=locked,
            subject=locked.client,
            details={"code": locked.code, "by_staff": by_staff, "reason": reason},
            request=request,
        )
    return locked


def reschedule(
    booking: Booking,
    slot_id: int,
    *,
    actor: User | None = None,
    by_staff: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Move to another slot in one step: the new seat is taken before the old one is given up."""
    now = now or timezone.now()
    reason = reason.strip()[:300]
    if by_staff and not reason:
        raise BookingError(
            _("Bitte geben Sie einen Grund an; die Kundin oder der Kunde erfährt ihn."),
            fields={"reason": [str(_("Bitte geben Sie einen Grund an."))]},
        )
    jobcenter = booking.jobcenter
    new_slot = Slot.objects.for_tenant(jobcenter).select_related("staff").filter(pk=slot_id).first()
    if new_slot is None:
        raise SlotGone(_("Diesen Termin gibt es nicht (mehr). Bitte wählen Sie einen anderen."))
    if new_slot.start <= now:
        raise SlotGone(_("Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen anderen."))
    if not slot_fits(new_slot, booking.concern, booking.channel, for_staff=by_staff, now=now):
        raise SlotGone(
            _("Dieser Termin kann für dieses Anliegen nicht gebucht werden. Bitte wählen Sie einen anderen.")
        )
    try:
        with transaction.atomic():
            locked = _lock(booking)
            if locked.status != BookingStatus.BOOKED or (locked.start <= now and not by_staff):
                raise NotChangeable(_("Dieser Termin kann nicht mehr verschoben werden."))
            if locked.slot_id == new_slot.pk:
                return locked
            taken = _take_seat(jobcenter, new_slot, locked.concern, locked.channel, for_staff=by_staff)
            if taken is None:
                raise SlotTaken(
                    alternatives_for(
                        jobcenter,
                        locked.concern,
                        locked.channel,
                        near=new_slot.start,
                        location_id=new_slot.location_id,
                        for_staff=by_staff,
                    )
                )
            old = {"start": locked.start.isoformat(), "slot": locked.slot_id}
            Slot.objects.for_tenant(jobcenter).filter(pk=locked.slot_id, booked__gt=0).update(booked=F("booked") - 1)
            locked.slot = taken
            locked.seat = _free_seat(taken)
            locked.location_id = taken.location_id
            locked.staff_id = taken.staff_id
            locked.start = taken.start
            locked.end = taken.start + dt.timedelta(minutes=locked.concern.duration_minutes)
            locked.reschedule_count += 1
            locked.reminder_sent_at = None
            locked.save()
            locked.refresh_from_db()
            mail.send_rescheduled(locked, by_staff=by_staff, reason=reason)
            log_change(
                actor=actor,
                jobcenter=jobcenter,
                action="appointments.rescheduled",
                target=locked,
                subject=locked.client,
                details={
                    "code": locked.code,
                    "from": old,
                    "to": {"start": locked.start.isoformat(), "slot": locked.slot_id},
                    "by_staff": by_staff,
                    "reason": reason,
                },
                request=request,
            )
    except IntegrityError:
        raise SlotTaken(
            alternatives_for(
                jobcenter,
                booking.concern,
                booking.channel,
                near=new_slot.start,
                location_id=new_slot.location_id,
                for_staff=by_staff,
            )
        ) from None
    return locked


def record_outcome(
    booking: Booking,
    status: str,
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Mark attended or did not attend. Only the fact and its date are recorded: any consequence
    under the law valid on that date is decided by staff, never by this system. ``actor`` is None
    when the system records it (the video server reported the end of a video appointment)."""
    now = now or timezone.now()
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.BOOKED):
        raise BookingError(_("Unbekanntes Ergebnis."))
    with transaction.atomic():
        locked = _lock(booking)
        if locked.status == BookingStatus.CANCELLED:
            raise NotChangeable(_("Ein abgesagter Termin hat kein Ergebnis."))
        if locked.start > now and status != BookingStatus.BOOKED:
            raise NotChangeable(_("Ob jemand gekommen ist, können Sie erst ab Beginn des Termins erfassen."))
        if locked.status == status:
            return locked
        previous = locked.status
        locked.status = status
        locked.outcome_at = now if status != BookingStatus.BOOKED else None
        locked.outcome_by = actor if status != BookingStatus.BOOKED else None
        locked.save(update_fields=["status", "outcome_at", "outcome_by", "changed_at"])
        log_change(
            actor=actor,
            jobcenter=locked.jobcenter,
            action="appointments.outcome_recorded",
            target=locked,
            subject=locked.client,
            details={
                "code": locked.code,
                "from": previous,
                "to": status,
                "appointment_date": locked.start.date().isoformat(),
            },
            request=request,
        )
    return locked

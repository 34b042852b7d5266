"""Appointments API (API.md "Appointments"): concerns, locations, free slots, bookings.

Public: anybody may list concerns, locations and free slots and book, rate-limited per client
address (booking and moving more strictly than reading). A booking is managed afterwards with
its code and the manage token (header ``X-Manage-Token``), exactly like the link in the mail.
Anonymous bookers solve the ALTCHA proof of work (``GET …/challenge``) when the Jobcenter asks
for it; callers signed in with the portal session or a Bearer token do not. A client signed in
with the portal session books as themselves (the booking appears in their area).

Times are ISO 8601 with the offset of Europe/Berlin.
"""

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema, Status
from pydantic import field_validator

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.appointments.models import CHANNEL_VALUES, Booking, BookingStatus, Concern, Slot
from openjobcenter.appointments.services import booking as booking_svc
from openjobcenter.appointments.services import challenge, codes, mail
from openjobcenter.appointments.services.slots import HORIZON_DAYS, FreeTime, bookable_slots, free_times, tz
from openjobcenter.core.api import ApiError, ReceptionZoneOut, api_auth, errors, public_rate_limit, tenant_from_path
from openjobcenter.core.i18n import language_codes
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.core.ratelimits import rate_limit
from openjobcenter.core.services.tenants import public_locations
from openjobcenter.notifications.rendering import absolute_url

router = Router(tags=["Termine"])


# The longest date range one slot search may cover.
MAX_SEARCH_DAYS = 62
# Database ids are 64-bit: larger numbers are refused as input instead of failing in the database.
MAX_ID = 2**63 - 1

ChannelName = Literal["in_person", "phone", "video"]
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
# The router is mounted under /{jobcenter}/appointments: declared as a path parameter explicitly.
JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]


def booking_api_rate(group: str, request: HttpRequest) -> str | None:
    """``BOOKING_API_RATE_LIMIT`` (default 30/h) per client address for booking and moving.

    Integrations that send a valid Bearer token (made by an administrator with
    ``create_api_token``) are not held to it; they still share the general public budget.
    """
    if isinstance(getattr(request, "auth", None), User) and _sent_bearer(request):
        return None
    return str(settings.BOOKING_API_RATE_LIMIT)


booking_rate_limit = rate_limit(booking_api_rate, group="api-bookings", method="POST")


def _sent_bearer(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def _anonymous(request: HttpRequest) -> object | None:
    """The last authentication option: nobody signed in. A wrong Bearer token is still a 401."""
    if request.headers.get("Authorization"):
        return None
    return ANONYMOUS


ANONYMOUS = object()
optional_auth = [*api_auth, _anonymous]
# Appended to the documented security requirements: {} = no sign-in needed.
OPTIONAL_AUTH_DOC: dict[str, Any] = {"security": [{}]}


# --- Schemas ------------------------------------------------------------------------------------


class AppointmentConcernOut(Schema):
    id: int
    name: str = Field(description="In the request's language (Accept-Language), else German.")
    description: str
    duration_minutes: int
    channels: list[ChannelName]
    requires_sign_in: bool = Field(description="Only clients signed in with their account can book it.")
    what_to_bring: str
    booking_horizon_days: int = Field(description="Bookable at most this many days ahead.")
    min_lead_minutes: int = Field(description="Bookable at the latest this many minutes before the start.")


class AppointmentLocationOut(Schema):
    id: int
    name: str
    address: str
    reception_zones: list[ReceptionZoneOut]


class FreeSlotOut(Schema):
    slot_id: int = Field(description="Book it with POST …/bookings.")
    start: dt.datetime
    end: dt.datetime = Field(description="End of an appointment for the concern asked for.")
    location: int = Field(description="Location id (…/locations).")
    location_name: str
    channel: ChannelName
    free_seats: int


class ChallengeOut(Schema):
    """An ALTCHA challenge (v2, https://altcha.org), as the widget expects it: find the counter and send
    the widget's payload (base64) as ``altcha`` with the booking. Valid for ten minutes, usable once."""

    parameters: dict[str, Any] = Field(
        description="algorithm, cost, keyLength, keyPrefix, nonce, salt, expiresAt (ALTCHA's names)."
    )
    signature: str


def _clean_text(value: str | None) -> str | None:
    """Refuse control characters and lone surrogates: they cannot be stored (e.g. NUL on PostgreSQL)."""
    if value is None:
        return value
    for ch in value:
        code = ord(ch)
        if (code < 32 and ch not in "\t\n\r") or code == 127 or 0xD800 <= code <= 0xDFFF:
            raise ValueError(_("Die Eingabe enthält unzulässige Zeichen."))
    return value


class BookingIn(Schema):
    slot_id: ObjectId = Field(description="From …/slots.")
    concern: ObjectId
    channel: ChannelName
    name: str | None = Field(
        None, max_length=1000, description="Required, unless a client is signed in (then: the account's name)."
    )
    email: str | None = Field(
        None,
        max_length=254,
        description="Required, unless a client is signed in (then the account's address is used).",
    )
    phone: str | None = Field(None, max_length=100, description="Needed for appointments by phone.")
    language: str | None = Field(
        None, description="Language of the e-mails (de, en, tr, ar, uk, ru). Default: the request's language."
    )
    altcha: str | None = Field(
        None,
        max_length=20000,
        description="The ALTCHA widget's payload (base64), required for anonymous bookings when the "
        "Jobcenter asks for it (see GET …/challenge).",
    )

    @field_validator("name", "email", "phone", "altcha")
    @classmethod
    def printable(cls, value: str | None) -> str | None:
        return _clean_text(value)

    @field_validator("language")
    @classmethod
    def known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in language_codes():
            raise ValueError(
                _("Bitte wählen Sie eine dieser Sprachen: %(codes)s.") % {"codes": ", ".join(language_codes())}
            )
        return value


class RescheduleIn(Schema):
    slot_id: ObjectId = Field(description="A free slot for the booking's concern and channel (…/slots).")


class BookingCreatedOut(Schema):
    booking_code: str = Field(description="The code to quote and to use in …/bookings/{booking_code}.")
    display_code: str = Field(description="The code as printed in the mail, e.g. ABCDE-FGHJK.")
    status: str
    concern: int
    channel: ChannelName
    start: dt.datetime
    end: dt.datetime
    location: int
    location_name: str
    location_address: str
    manage_token: str = Field(description="Send as header X-Manage-Token to read, cancel or move the booking.")
    manage_url: str = Field(description="The page to manage the booking (the link in the e-mail).")
    ics_url: str = Field(description="The appointment as an iCalendar file (RFC 5545).")


class BookingOut(Schema):
    booking_code: str
    display_code: str
    status: Literal["booked", "cancelled", "attended", "no_show"]
    concern: int
    concern_name: str
    channel: ChannelName
    start: dt.datetime
    end: dt.datetime
    location: int
    location_name: str
    location_address: str
    name: str
    email: str = Field(description="Masked (a***@example.org): manage links end up in shared calendars.")
    phone: str = Field(description="Masked except the last two digits.")
    language: str
    changeable: bool = Field(description="Whether it can still be cancelled or moved.")
    cancelled_at: dt.datetime | None
    cancel_reason: str = Field(description="When the Jobcenter cancelled: the reason the client was given.")
    manage_url: str
    ics_url: str


class SlotConflictDetail(Schema):
    code: str = Field(description="slot_taken (someone else was faster) or slot_unavailable.")
    message: str
    fields: dict[str, list[str]]
    alternatives: list[FreeSlotOut] = Field(description="The next free slots for the same concern and channel.")


class SlotConflictOut(Schema):
    error: SlotConflictDetail


# --- Helpers ------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(tz())


def _invalid(field: str, message: str, *, code: str = "invalid") -> ApiError:
    """422 tied to ``field``; with ``code="invalid"`` the general "please check" message on top."""
    summary = _("Bitte prüfen Sie Ihre Eingaben.") if code == "invalid" else message
    return ApiError(422, code, summary, fields={field: [message]})


def _concern(tenant: Jobcenter, concern_id: int) -> Concern:
    concern = Concern.objects.for_tenant(tenant).filter(pk=concern_id, is_active=True).first()
    if concern is None:
        raise _invalid("concern", _("Dieses Anliegen gibt es hier nicht."))
    return concern


def _channel_offered(concern: Concern, channel: str) -> None:
    if not concern.offers(channel):
        offered = ", ".join(c for c in CHANNEL_VALUES if concern.offers(c))
        raise _invalid(
            "channel",
            _("Für dieses Anliegen gibt es keine Termine auf diesem Weg. Angeboten: %(channels)s.")
            % {"channels": offered or "–"},
            code="channel_not_offered",
        )


def _location_names(tenant: Jobcenter, ids: set[int]) -> dict[int, Location]:
    if not ids:
        return {}
    return {loc.pk: loc for loc in Location.objects.for_tenant(tenant).filter(pk__in=ids)}


def _free_slots_out(tenant: Jobcenter, concern: Concern, rows: list[tuple[str, FreeTime]]) -> list[dict[str, Any]]:
    locations = _location_names(tenant, {row.location_id for _channel, row in rows})
    length = dt.timedelta(minutes=concern.duration_minutes)
    return [
        {
            "slot_id": row.slot_id,
            "start": _local(row.start),
            "end": _local(row.start + length),
            "location": row.location_id,
            "location_name": locations[row.location_id].name if row.location_id in locations else "",
            "channel": channel,
            "free_seats": row.seats,
        }
        for channel, row in rows
    ]


def _full_url(request: HttpRequest, path: str) -> str:
    url = absolute_url(path)
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(path)


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _mask_phone(phone: str) -> str:
    digits = [ch for ch in phone if ch.isdigit()]
    return "*" * max(len(digits) - 2, 0) + "".join(digits[-2:]) if digits else ""


def _booking_common(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return {
        "booking_code": booking.code,
        "display_code": booking.display_code,
        "status": booking.status,
        "concern": booking.concern_id,
        "channel": booking.channel,
        "start": _local(booking.start),
        "end": _local(booking.end),
        "location": booking.location_id,
        "location_name": booking.location.name,
        "location_address": booking.location.address,
        "manage_url": _full_url(request, mail.manage_path(booking)),
        "ics_url": _full_url(request, mail.ics_path(booking)),
    }


def _booking_created_out(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return {**_booking_common(request, booking), "manage_token": codes.manage_token(booking.code)}


def _booking_out(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return {
        **_booking_common(request, booking),
        "concern_name": booking.concern.display_name(),
        "name": booking.name,
        "email": _mask_email(booking.email),
        "phone": _mask_phone(booking.phone),
        "language": booking.language,
        "changeable": booking.status == BookingStatus.BOOKED and booking.start > timezone.now(),
        "cancelled_at": _local(booking.cancelled_at) if booking.cancelled_at else None,
        "cancel_reason": booking.cancel_reason if booking.cancelled_by_staff else "",
    }


def _conflict(
    tenant: Jobcenter, exc: booking_svc.BookingError, concern: Concern, channel: str, alternatives: list[FreeTime]
) -> JsonResponse:
    """409 in the error format of API.md, with the next free slots offered in ``error.alternatives``."""
    body = {
        "error": {
            "code": exc.code,
            "message": str(exc.message),
            "fields": exc.fields,
            "alternatives": _free_slots_out(tenant, concern, [(channel, alt) for alt in alternatives]),
        }
    }
    return JsonResponse(body, status=409, json_dumps_params={"ensure_ascii": False})


def _from_booking_error(exc: booking_svc.BookingError) -> ApiError:
    return ApiError(exc.status, exc.code, str(exc.message), fields=exc.fields)


def _managed_booking(tenant: Jobcenter, booking_code: str, token: str | None) -> Booking:
    """The booking if ``token`` is its manage token; one 404 for unknown code and wrong token alike."""
    booking = booking_svc.booking_by_token(tenant, booking_code, token)
    if booking is None:
        raise ApiError(
            404,
            "not_found",
            _(
                "Diesen Termin gibt es nicht, oder der Link ist nicht (mehr) gültig. Bitte prüfen Sie die Buchungsnummer."
            ),
        )
    return booking


def _signed_in_client(request: HttpRequest, tenant: Jobcenter) -> User | None:
    user = getattr(request, "auth", None)
    if isinstance(user, User) and user.jobcenter_id == tenant.pk and user.has_role(Role.CLIENT):
        return user
    return None


def _request_key(idempotency_key: str | None, email: str) -> str | None:
    """The API's ``Idempotency-Key`` joined with the address: the same key from somebody else is another request."""
    if idempotency_key is None:
        return None
    key = idempotency_key.strip()
    if not key or len(key) > 200 or not key.isascii() or not key.isprintable():
        raise ApiError(
            422,
            "invalid",
            _("Bitte prüfen Sie Ihre Eingaben."),
            fields={"Idempotency-Key": [_("Bitte senden Sie 1 bis 200 druckbare ASCII-Zeichen, z. B. eine UUID.")]},
        )
    return hashlib.sha256(f"api\n{key}\n{email.strip().lower()}".encode()).hexdigest()


# --- Endpoints ----------------------------------------------------------------------------------


@router.get(
    "/concerns",
    response={200: list[AppointmentConcernOut], **errors(404, 429)},
    summary="Anliegen, für die man Termine buchen kann",
)
@public_rate_limit
def list_concerns(request: HttpRequest, jobcenter: JobcenterSlug) -> list[dict[str, Any]]:
    """The bookable concerns, with names and texts in the request's language (``Accept-Language``)."""
    tenant = tenant_from_path(request, jobcenter)
    return [
        {
            "id": concern.pk,
            "name": concern.display_name(),
            "description": concern.description_text(),
            "duration_minutes": concern.duration_minutes,
            "channels": [c for c in CHANNEL_VALUES if concern.offers(c)],
            "requires_sign_in": concern.requires_sign_in,
            "what_to_bring": concern.what_to_bring_text(),
            "booking_horizon_days": min(concern.booking_horizon_days, HORIZON_DAYS),
            "min_lead_minutes": concern.min_lead_minutes,
        }
        for concern in Concern.objects.for_tenant(tenant).filter(is_active=True)
    ]


@router.get(
    "/locations",
    response={200: list[AppointmentLocationOut], **errors(404, 429)},
    summary="Standorte für Termine vor Ort",
)
@public_rate_limit
def list_locations(request: HttpRequest, jobcenter: JobcenterSlug) -> list[dict[str, Any]]:
    """The Jobcenter's active locations with their reception zones (opening hours: ``GET /{jobcenter}/locations``)."""
    tenant = tenant_from_path(request, jobcenter)
    return [
        {
            "id": location.pk,
            "name": location.name,
            "address": location.address,
            "reception_zones": [
                {"code": zone.code, "name": zone.display_name()} for zone in location.reception_zones.all()
            ],
        }
        for location in public_locations(tenant)
    ]


class SlotFilters(Schema):
    concern: ObjectId = Field(description="Concern id (…/concerns).")
    channel: ChannelName | None = Field(None, description="Default: every channel the concern offers.")
    location: ObjectId | None = Field(None, description="Location id (…/locations). Default: all locations.")
    date_from: dt.date | None = Field(None, description="First day (YYYY-MM-DD). Default: today.")
    date_to: dt.date | None = Field(
        None, description=f"Last day, inclusive. Default and maximum: {MAX_SEARCH_DAYS} days after date_from."
    )


@router.get(
    "/slots",
    response={200: list[FreeSlotOut], **errors(404, 422, 429)},
    summary="Freie Termine",
)
@public_rate_limit
def list_slots(request: HttpRequest, jobcenter: JobcenterSlug, filters: Query[SlotFilters]) -> list[dict[str, Any]]:
    """Free slots for a concern, in time order; only those that can be booked right now.

    Errors: 422 ``invalid`` (unknown concern or location, dates; ``fields`` says which),
    422 ``channel_not_offered`` (the concern is not offered on that channel).
    """
    tenant = tenant_from_path(request, jobcenter)
    concern = _concern(tenant, filters.concern)
    if filters.channel is not None:
        _channel_offered(concern, filters.channel)
    channels = [filters.channel] if filters.channel else [c for c in CHANNEL_VALUES if concern.offers(c)]
    location = None
    if filters.location is not None:
        location = Location.objects.for_tenant(tenant).filter(pk=filters.location, is_active=True).first()
        if location is None:
            raise _invalid("location", _("Diesen Standort gibt es hier nicht."))
    today = timezone.localdate()
    date_from = filters.date_from or today
    date_to = filters.date_to or date_from + dt.timedelta(days=MAX_SEARCH_DAYS)
    if date_to < date_from:
        raise _invalid("date_to", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
    if (date_to - date_from).days > MAX_SEARCH_DAYS:
        raise _invalid(
            "date_to",
            _("Bitte suchen Sie in höchstens %(days)s Tagen auf einmal.") % {"days": MAX_SEARCH_DAYS},
        )
    last_day = today + dt.timedelta(days=HORIZON_DAYS + 1)
    if date_to < today or date_from > last_day:
        return []  # nothing bookable in the past or beyond every horizon
    date_from, date_to = max(date_from, today), min(date_to, last_day)
    rows: list[tuple[str, FreeTime]] = []
    for channel in channels:
        slots = bookable_slots(tenant, concern, channel, location=location, date_from=date_from, date_to=date_to)
        rows.extend((channel, row) for row in free_times(slots))
    rows.sort(key=lambda item: (item[1].start, item[1].location_id, CHANNEL_VALUES.index(item[0])))
    return _free_slots_out(tenant, concern, rows)


@router.get(
    "/challenge",
    response={200: ChallengeOut, **errors(404, 429)},
    summary="Rechenaufgabe gegen Bots (ALTCHA)",
)
@public_rate_limit
def get_challenge(request: HttpRequest, jobcenter: JobcenterSlug) -> dict[str, Any]:
    """A fresh proof-of-work challenge for an anonymous booking. Solve it (e.g. with the ALTCHA widget)
    and send the payload as ``altcha`` with POST …/bookings."""
    tenant = tenant_from_path(request, jobcenter)
    return challenge.new_challenge(tenant)


@router.post(
    "/bookings",
    auth=optional_auth,
    response={
        200: BookingCreatedOut,
        201: BookingCreatedOut,
        409: SlotConflictOut,
        **errors(400, 401, 403, 404, 413, 422, 429),
    },
    summary="Termin buchen",
    openapi_extra=OPTIONAL_AUTH_DOC,
)
@public_rate_limit
@booking_rate_limit
def create_booking(
    request: HttpRequest,
    jobcenter: JobcenterSlug,
    payload: BookingIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Optional, e.g. a UUID. Sending the same request again with the same key (and e-mail "
        "address) returns the booking made the first time with status 200 instead of booking twice.",
    ),
) -> Status[dict[str, Any]] | JsonResponse:
    """Book a free slot. Anonymous, with the portal session, or with a Bearer token.

    - 201: booked; 200: the same request was sent again with the same ``Idempotency-Key``.
    - 409 ``slot_taken``: someone else was faster; 409 ``slot_unavailable``: the slot cannot be
      booked (any more), e.g. it lies in the past. Both offer ``error.alternatives``.
    - 422 ``invalid`` (``fields`` names the input), ``channel_not_offered``, ``challenge_failed``
      (anonymous bookings: the ``altcha`` proof of work is missing or wrong), ``unknown_slot``.
    - 403 ``sign_in_required``: the concern can only be booked by a signed-in client.
    - 429 ``too_many_bookings``: this e-mail address already has as many open bookings as allowed;
      429 ``rate_limited`` (with ``Retry-After``): too many requests from this address.
    """
    tenant = tenant_from_path(request, jobcenter)
    client = _signed_in_client(request, tenant)
    auth = getattr(request, "auth", None)
    user = auth if isinstance(auth, User) else None
    concern = _concern(tenant, payload.concern)
    _channel_offered(concern, payload.channel)
    name = payload.name or ""
    email = payload.email or ""
    if client is not None:
        name = name.strip() or client.get_full_name()
        email = client.email
    language = (client.language if client else None) or payload.language or _request_language(tenant)
    if payload.channel == "phone" and not (payload.phone or "").strip():
        raise _invalid("phone", _("Für einen Termin am Telefon geben Sie bitte Ihre Telefonnummer an."))
    request_key = _request_key(idempotency_key, email)
    if request_key is not None:
        existing = _replayed(tenant, request_key)
        if existing is not None:
            return Status(200, _booking_created_out(request, existing))
    if challenge.challenge_required(tenant, user) and not (
        payload.altcha and challenge.verify_payload(tenant, payload.altcha)
    ):
        message = _("Die Prüfung gegen automatische Buchungen ist fehlgeschlagen. Bitte versuchen Sie es erneut.")
        raise ApiError(422, "challenge_failed", message, fields={"altcha": [message]})
    req = booking_svc.BookingRequest(
        slot_id=payload.slot_id,
        concern=concern,
        channel=payload.channel,
        name=name,
        email=email,
        phone=payload.phone or "",
        language=language,
        client=client,
        request_key=request_key,
    )
    try:
        booking, created = booking_svc.book(tenant, req, request=request)
    except booking_svc.SlotTaken as exc:
        return _conflict(tenant, exc, concern, payload.channel, exc.alternatives)
    except booking_svc.SlotGone as exc:
        if "slot_id" in exc.fields:
            raise ApiError(422, "unknown_slot", _("Diesen Termin gibt es hier nicht."), fields=exc.fields) from None
        alternatives = booking_svc.alternatives_for(tenant, concern, payload.channel)
        return _conflict(tenant, exc, concern, payload.channel, alternatives)
    except booking_svc.BookingError as exc:
        raise _from_booking_error(exc) from None
    return Status(201 if created else 200, _booking_created_out(request, booking))


def _request_language(tenant: Jobcenter) -> str:
    language = (translation.get_language() or "de").split("-")[0]
    return language if language in language_codes() else "de"


def _replayed(tenant: Jobcenter, request_key: str) -> Booking | None:
    return (
        Booking.objects.for_tenant(tenant)
        .select_related("location", "jobcenter")
        .filter(request_key=request_key)
        .first()
    )


ManageToken = Header(
    None, alias="X-Manage-Token", description="The manage token from the booking response or the e-mail's link."
)


@router.get(
    "/bookings/{booking_code}",
    response={200: BookingOut, **errors(404, 429)},
    summary="Einen Termin ansehen",
)
@public_rate_limit
def get_booking(
    request: HttpRequest, jobcenter: JobcenterSlug, booking_code: str, x_manage_token: str | None = ManageToken
) -> dict[str, Any]:
    """The booking, for the holder of its manage token. Unknown code and wrong token give the same 404.

    The e-mail address and phone number are masked: manage links travel in calendar entries."""
    tenant = tenant_from_path(request, jobcenter)
    return _booking_out(request, _managed_booking(tenant, booking_code, x_manage_token))


@router.post(
    "/bookings/{booking_code}/cancel",
    response={200: BookingOut, **errors(404, 409, 429)},
    summary="Einen Termin absagen",
)
@public_rate_limit
def cancel_booking(
    request: HttpRequest, jobcenter: JobcenterSlug, booking_code: str, x_manage_token: str | None = ManageToken
) -> dict[str, Any]:
    """Cancel: the slot is free again at once. Cancelling again answers 200 with the same state.

    409 ``not_changeable``: the appointment has started or is over."""
    tenant = tenant_from_path(request, jobcenter)
    booking = _managed_booking(tenant, booking_code, x_manage_token)
    try:
        cancelled = booking_svc.cancel(booking, request=request)
    except booking_svc.BookingError as exc:
        raise _from_booking_error(exc) from None
    return _booking_out(request, cancelled)


@router.post(
    "/bookings/{booking_code}/reschedule",
    response={200: BookingOut, 409: SlotConflictOut, **errors(400, 404, 413, 422, 429)},
    summary="Einen Termin verschieben",
)
@public_rate_limit
@booking_rate_limit
def reschedule_booking(
    request: HttpRequest,
    jobcenter: JobcenterSlug,
    booking_code: str,
    payload: RescheduleIn,
    x_manage_token: str | None = ManageToken,
) -> dict[str, Any] | JsonResponse:
    """Move the booking to another free slot in one step (the old one is freed only once the new one is taken).

    409 ``slot_taken`` / ``slot_unavailable`` with ``error.alternatives``; 409 ``not_changeable``
    (cancelled, started or over; without alternatives); 422 ``unknown_slot``."""
    tenant = tenant_from_path(request, jobcenter)
    booking = _managed_booking(tenant, booking_code, x_manage_token)
    if not Slot.objects.for_tenant(tenant).filter(pk=payload.slot_id).exists():
        raise ApiError(
            422,
            "unknown_slot",
            _("Diesen Termin gibt es hier nicht."),
            fields={"slot_id": [_("Unbekannter Termin.")]},
        )
    try:
        moved = booking_svc.reschedule(booking, payload.slot_id, request=request)
    except booking_svc.SlotTaken as exc:
        return _conflict(tenant, exc, booking.concern, booking.channel, exc.alternatives)
    except booking_svc.SlotGone as exc:
        alternatives = booking_svc.alternatives_for(tenant, booking.concern, booking.channel)
        return _conflict(tenant, exc, booking.concern, booking.channel, alternatives)
    except booking_svc.BookingError as exc:
        raise _from_booking_error(exc) from None
    return _booking_out(request, moved)

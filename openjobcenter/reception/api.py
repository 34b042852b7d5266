"""Reception API (API.md "Reception"): draw a ticket, call the next one, live waiting times.

- ``GET …/{location_id}/waiting-times``: public, rate-limited per client address like every
  public endpoint.
- ``POST …/{location_id}/tickets``: staff with ``reception.issue_ticket`` (portal session or Bearer
  token) draw a ticket for somebody in any open zone. Anybody else joins the queue from their phone:
  only where the zone allows joining remotely, and held to ``RECEPTION_TICKET_RATE_LIMIT`` (default
  10/h) per client address on top of the public limit.
- ``POST …/{location_id}/counters/{counter_id}/call-next``: staff with ``reception.call_ticket``.
  The caller must sit at that counter; if they sit nowhere and the counter is free, calling opens
  it for them. 204 when nobody waits.

Errors: ``{"error": {"code", "message", "fields"}}``; unknown, closed or other Jobcenters' locations
and counters are 404, a zone that takes no tickets is 409.
"""

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from openjobcenter.accounts.models import User
from openjobcenter.appointments.api import optional_auth
from openjobcenter.appointments.models import Concern
from openjobcenter.core.api import (
    ApiError,
    api_auth,
    current_user,
    errors,
    member_tenant,
    public_rate_limit,
    require_permission,
    tenant_from_path,
)
from openjobcenter.core.i18n import language_codes
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.core.ratelimits import rate_limit
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.reception.models import Counter, CounterSession, Priority, TicketSource
from openjobcenter.reception.services import queue
from openjobcenter.reception.services.estimate import estimate_for, position_of, waiting_times_body

router = Router(tags=["Eingangszone"])

MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]
LocationId = Annotated[int, Path(ge=1, le=MAX_ID, description="Location id (GET /{jobcenter}/locations).")]
CounterId = Annotated[int, Path(ge=1, le=MAX_ID, description="Counter id.")]
OPTIONAL_AUTH_DOC: dict[str, Any] = {"security": [{}]}


def ticket_api_rate(group: str, request: HttpRequest) -> str | None:
    """``RECEPTION_TICKET_RATE_LIMIT`` (default 10/h) per address for people joining from their phone;
    staff drawing tickets for others are not held to it."""
    user = getattr(request, "auth", None)
    if isinstance(user, User) and user.has_perm("reception.issue_ticket"):
        return None
    return str(getattr(settings, "RECEPTION_TICKET_RATE_LIMIT", "10/h"))


ticket_rate_limit = rate_limit(ticket_api_rate, group="api-reception-tickets", method="POST")


# --- Schemas ------------------------------------------------------------------------------------


class ZoneWaitingOut(Schema):
    zone: str = Field(description="The zone's letter, as on the tickets (A017).")
    name: str
    waiting: int = Field(description="Tickets waiting to be called.")
    estimated_wait_minutes: int | None = Field(
        description="For somebody who draws a ticket now; null while no counter is open or the zone is closed."
    )
    estimated_wait_range: list[int] | None = Field(
        description="[low, high] in minutes, rounded to 5 (20th–80th percentile); null like the estimate."
    )
    open_counters: int
    is_open: bool = Field(description="Whether the zone gives out tickets now.")


class WaitingTimesOut(Schema):
    location: int
    updated_at: str = Field(description="ISO 8601 with the offset of Europe/Berlin.")
    zones: list[ZoneWaitingOut]


class TicketIn(Schema):
    concern: ObjectId | None = Field(None, description="Concern id (…/appointments/concerns): picks the zone.")
    zone: str | None = Field(None, max_length=3, description="Zone letter; default: the zone serving the concern.")
    language: str | None = Field(None, description="Language of the ticket page (de, en, tr, ar, uk, ru).")


class TicketOut(Schema):
    ticket_number: str
    zone: str
    position: int = Field(description="Tickets that will be called before this one.")
    estimated_wait_minutes: int | None
    estimated_wait_range: list[int] | None
    token: str = Field(description="Key of the personal ticket page (keep it private).")
    ticket_url: str = Field(description="The personal ticket page with position and estimate, live.")
    source: str = Field(description="reception (drawn by staff for somebody) or remote (joined from a phone).")


class CalledOut(Schema):
    ticket_number: str
    counter: str
    zone: str
    called_at: str


# --- Helpers ------------------------------------------------------------------------------------


def _location(tenant: Jobcenter, location_id: int) -> Location:
    location = Location.objects.for_tenant(tenant).filter(pk=location_id, is_active=True).first()
    if location is None:
        raise ApiError(404, "unknown_location", _("Diesen Standort gibt es hier nicht, oder er ist geschlossen."))
    return location


def _from_queue_error(exc: queue.QueueError) -> ApiError:
    return ApiError(exc.status, exc.code, str(exc.message))


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", _("Bitte prüfen Sie Ihre Eingaben."), fields={field: [message]})


def _staff(request: HttpRequest, tenant: Jobcenter, perm: str) -> User | None:
    user = getattr(request, "auth", None)
    if isinstance(user, User) and user.belongs_to(tenant) and user.has_perm(perm):
        return user
    return None


def _ticket_url(request: HttpRequest, tenant: Jobcenter, token: str) -> str:
    path = reverse("reception:ticket", kwargs={"jobcenter": tenant.slug, "token": token})
    url = absolute_url(path)
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(path)


# --- Endpoints ----------------------------------------------------------------------------------


@router.get(
    "/{location_id}/waiting-times",
    response={200: WaitingTimesOut, **errors(404, 422, 429)},
    summary="Aktuelle Wartezeiten eines Standorts",
)
@public_rate_limit
def waiting_times(request: HttpRequest, jobcenter: JobcenterSlug, location_id: LocationId) -> dict[str, Any]:
    """Per reception zone: people waiting, open counters and the estimate for somebody who draws a
    ticket now (median, and a range rounded to 5 minutes). Live: ``GET /{jobcenter}/reception/
    {location_id}/events`` (Server-Sent Events, see docs/realtime.md)."""
    tenant = tenant_from_path(request, jobcenter)
    location = _location(tenant, location_id)
    return waiting_times_body(location.pk)


@router.post(
    "/{location_id}/tickets",
    auth=optional_auth,
    response={201: TicketOut, **errors(400, 401, 404, 409, 413, 422, 429)},
    summary="Wartenummer ziehen",
    openapi_extra=OPTIONAL_AUTH_DOC,
)
@public_rate_limit
@ticket_rate_limit
def create_ticket(
    request: HttpRequest, jobcenter: JobcenterSlug, location_id: LocationId, payload: TicketIn
) -> Status[dict[str, Any]]:
    """Draw a ticket in the zone serving ``concern`` (or in ``zone``).

    Staff with the permission to issue tickets draw for somebody at the counter; everybody else
    joins from their phone, which the zone must allow (else 409 ``zone_closed``).
    409 ``zone_closed``: the zone gives out no tickets now; 422 ``invalid``: unknown concern or zone.
    """
    tenant = tenant_from_path(request, jobcenter)
    location = _location(tenant, location_id)
    staff = _staff(request, tenant, "reception.issue_ticket")
    concern = None
    if payload.concern is not None:
        concern = Concern.objects.for_tenant(tenant).filter(pk=payload.concern, is_active=True).first()
        if concern is None:
            raise _invalid("concern", _("Dieses Anliegen gibt es hier nicht."))
    zone = None
    if payload.zone is not None:
        zone = (
            ReceptionZone.objects.for_tenant(tenant)
            .filter(location=location, code__iexact=payload.zone.strip())
            .first()
        )
        if zone is None:
            raise _invalid("zone", _("Diese Eingangszone gibt es an diesem Standort nicht."))
    language = payload.language or "de"
    if language not in language_codes():
        raise _invalid(
            "language", _("Bitte wählen Sie eine dieser Sprachen: %(codes)s.") % {"codes": ", ".join(language_codes())}
        )
    source = TicketSource.RECEPTION if staff else TicketSource.REMOTE
    try:
        ticket = queue.issue_ticket(
            location,
            zone=zone,
            concern=concern,
            source=source,
            priority=Priority.NORMAL,
            language=language,
            actor=staff,
            request=request,
        )
    except queue.QueueError as exc:
        raise _from_queue_error(exc) from None
    estimate = estimate_for(ticket)
    return Status(
        201,
        {
            "ticket_number": ticket.number,
            "zone": ticket.zone.code,
            "position": position_of(ticket),
            "estimated_wait_minutes": estimate.expected_minutes if estimate else None,
            "estimated_wait_range": [estimate.low_minutes, estimate.high_minutes] if estimate else None,
            "token": ticket.token,
            "ticket_url": _ticket_url(request, tenant, ticket.token),
            "source": source,
        },
    )


@router.post(
    "/{location_id}/counters/{counter_id}/call-next",
    auth=api_auth,
    response={200: CalledOut, 204: None, **errors(401, 403, 404, 409, 429)},
    summary="Nächste Wartenummer aufrufen",
)
@public_rate_limit
def call_next(
    request: HttpRequest, jobcenter: JobcenterSlug, location_id: LocationId, counter_id: CounterId
) -> Status[dict[str, Any]] | HttpResponse:
    """Call the next ticket of the counter's zone to this counter (priority first, then first come).

    204: nobody waits. 409 ``counter_taken``: somebody else sits at the counter; 409
    ``other_counter``: the caller sits at another counter (close it first); 409 ``counter_inactive``.
    """
    tenant = member_tenant(request, jobcenter)
    require_permission(request, "reception.call_ticket")
    staff = current_user(request)
    location = _location(tenant, location_id)
    counter = (
        Counter.objects.for_tenant(tenant)
        .select_related("zone", "location")
        .filter(pk=counter_id, location=location)
        .first()
    )
    if counter is None:
        raise ApiError(404, "unknown_counter", _("Diesen Schalter gibt es an diesem Standort nicht."))
    if not counter.is_active:
        raise ApiError(409, "counter_inactive", _("Dieser Schalter ist außer Betrieb."))
    _sit_at(counter, staff, tenant, request)
    try:
        ticket = queue.call_next(counter, staff, request=request)
    except queue.QueueError as exc:
        raise _from_queue_error(exc) from None
    if ticket is None:
        return HttpResponse(status=204)
    called_at = timezone.localtime(ticket.called_at).isoformat() if ticket.called_at else ""
    return Status(
        200, {"ticket_number": ticket.number, "counter": counter.name, "zone": ticket.zone.code, "called_at": called_at}
    )


def _sit_at(counter: Counter, staff: User, tenant: Jobcenter, request: HttpRequest) -> None:
    """The caller must sit at ``counter``; sitting nowhere and the counter free: open it for them."""
    mine = queue.current_counter(staff, tenant)
    if mine is not None and mine.pk == counter.pk:
        return
    if mine is not None:
        raise ApiError(
            409,
            "other_counter",
            _("Sie sind an Schalter %(counter)s angemeldet. Bitte melden Sie sich dort zuerst ab.")
            % {"counter": mine.name},
        )
    if CounterSession.objects.for_tenant(tenant).filter(counter=counter, closed_at__isnull=True).exists():
        raise ApiError(409, "counter_taken", _("An diesem Schalter arbeitet gerade jemand anderes."))
    queue.open_counter(counter, staff, request=request)

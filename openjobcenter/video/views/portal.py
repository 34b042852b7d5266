"""Joining a video appointment, the check page before the call, the page after it, the end callback.

The join address serves the booking's client (signed in, or holding the booking's manage token: the
link in the mail carries it once, it moves into the session and leaves the address bar) and the
advisor of the booking (or a team lead who may host meetings and sees the booking). Everybody
else, and every other Jobcenter, gets a 404 — the same answer as for a code that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.appointments.models import Booking, Channel
from openjobcenter.appointments.services import booking as booking_service
from openjobcenter.appointments.services import calendar as appointment_calendar
from openjobcenter.appointments.services.codes import manage_token, normalise_code, token_matches
from openjobcenter.core.models import Jobcenter
from openjobcenter.video.services import meetings
from openjobcenter.video.services.config import settings_for
from openjobcenter.video.services.providers import ProviderError

SESSION_TOKENS = "ojc_video_tokens"
SESSION_TOKENS_KEPT = 10
HOST_PERMISSION = "video.host_meeting"
MANAGE_PERMISSION = "appointments.manage_appointments"


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _join_path(request: HttpRequest, code: str) -> str:
    return reverse("video:join", kwargs={"jobcenter": _jobcenter(request).slug, "appointment_id": code})


def _remember(request: HttpRequest, code: str) -> None:
    tokens = dict(request.session.get(SESSION_TOKENS, {}))
    tokens.pop(code, None)
    tokens[code] = manage_token(code)
    request.session[SESSION_TOKENS] = dict(list(tokens.items())[-SESSION_TOKENS_KEPT:])


def _as_host(request: HttpRequest, code: str) -> Booking | None:
    """The booking if the signed-in member of staff may host its meeting."""
    user: Any = request.user
    booking = appointment_calendar.visible_booking(_jobcenter(request), user, code)
    if booking is None:
        return None
    if booking.staff_id == user.pk:
        return booking
    if user.has_perm(HOST_PERMISSION) and user.has_perm(MANAGE_PERMISSION):
        return booking
    return None


def _as_client(request: HttpRequest, code: str) -> Booking | None:
    """The booking if this visitor is its client: by the manage token in the session, or signed in."""
    jobcenter = _jobcenter(request)
    token = request.session.get(SESSION_TOKENS, {}).get(code)
    if token and token_matches(code, token):
        return booking_service.booking_by_token(jobcenter, code, token)
    user: Any = request.user
    if not user.is_authenticated or not user.belongs_to(jobcenter) or user.is_jobcenter_staff:
        return None
    own = Q(client=user)
    if user.email_verified_at:  # booked without an account before signing up, as "Meine Termine" shows
        own |= Q(client__isnull=True, email__iexact=user.email)
    return (
        Booking.objects.for_tenant(jobcenter)
        .select_related("concern", "location", "staff", "jobcenter")
        .filter(own, code=code)
        .first()
    )


def _authorised(request: HttpRequest, code: str) -> tuple[Booking, bool] | None:
    user: Any = request.user
    if user.is_authenticated and user.is_jobcenter_staff:
        if not user.belongs_to(_jobcenter(request)):
            return None
        booking = _as_host(request, code)
        return (booking, True) if booking is not None else None
    booking = _as_client(request, code)
    return (booking, False) if booking is not None else None


@never_cache
@require_GET
def join(request: HttpRequest, appointment_id: str) -> HttpResponse:
    code = normalise_code(appointment_id)
    if "token" in request.GET:
        if booking_service.booking_by_token(_jobcenter(request), code, request.GET["token"][:100]) is None:
            raise Http404
        _remember(request, code)
        return redirect(_join_path(request, code))  # the token leaves the address bar
    found = _authorised(request, code)
    if found is None or found[0].channel != Channel.VIDEO:
        raise Http404
    booking, as_host = found
    user: Any = request.user if request.user.is_authenticated else None
    context: dict[str, Any] = {"booking": booking, "as_host": as_host}
    try:
        url = meetings.join_url(booking, as_host=as_host, user=user, request=request)
    except meetings.NotJoinable as closed:
        context.update(reason=closed.reason, opens_at=closed.opens_at, closes_at=closed.closes_at)
        return render(request, "video/not_open.html", context)
    except ProviderError as error:
        meetings.report_failure(booking, error, as_host=as_host, user=user, request=request)
        context.update(reason=error.key)
        return render(request, "video/failed.html", context, status=503)
    # Top level, never in a frame: the browser leaves the portal for the video server.
    return HttpResponseRedirect(url)


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    code = normalise_code(request.GET.get("termin", ""))[:12]
    context = {
        "join_url": _join_path(request, code) if code else "",
        "opens_minutes": settings_for(_jobcenter(request)).opens_minutes_before,
    }
    return render(request, "video/check.html", context)


@require_GET
def left(request: HttpRequest) -> HttpResponse:
    return render(request, "video/left.html")


@csrf_exempt  # called by the video server, which has no session; the token in the path authorises
@require_http_methods(["GET", "POST"])
def ended(request: HttpRequest, meeting: int, token: str) -> HttpResponse:
    try:
        found = meetings.meeting_for_callback(_jobcenter(request).pk, meeting, token[:200])
    except meetings.BadCallback:
        raise Http404 from None
    outcome = meetings.meeting_ended(found, request=request)
    return HttpResponse(
        outcome, content_type="text/plain; charset=utf-8", status=202 if outcome == "unconfirmed" else 200
    )

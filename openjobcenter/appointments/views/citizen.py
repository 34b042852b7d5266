"""Booking an appointment online, and managing it with the link from the mail or in one's area.

Works without JavaScript, except the proof-of-work challenge anonymous visitors solve. The manage
token (``services.codes``) never stays in an address: a link with ``?token=`` puts it into the
session and redirects to the same page without it. Wrong codes, tokens and other Jobcenters'
bookings all get the same 404, so nobody learns which part was wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.appointments.forms_citizen import BookingForm, FindBookingForm, new_request_key
from openjobcenter.appointments.models import Booking, BookingStatus, Channel, Concern, Slot
from openjobcenter.appointments.services import booking as svc
from openjobcenter.appointments.services import challenge as challenges
from openjobcenter.appointments.services import codes, mail
from openjobcenter.appointments.services import ics as ics_service
from openjobcenter.appointments.services.slots import FreeTime, slot_fits
from openjobcenter.appointments.views.citizen_calendar import TimeChoice, nearby, parse_search, week_of
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.core.ratelimits import rate_limit
from openjobcenter.notifications.services import send_to_address

BOOK_PERMISSION = "appointments.book_appointment"
SESSION_TOKENS = "ojc_appointment_tokens"
SESSION_TOKENS_KEPT = 20
# Per client address. A person books one or two appointments; an office behind one address a few more.
BOOK_RATE = "60/h"
FIND_RATE = "10/h"
CHALLENGE_RATE = "600/h"


def _book_rate(group: str, request: HttpRequest) -> str:
    return BOOK_RATE  # read per request, so tests can lower it


def _find_rate(group: str, request: HttpRequest) -> str:
    return FIND_RATE


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _url(request: HttpRequest, name: str, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    url = reverse(f"appointments:{name}", kwargs={"jobcenter": _jobcenter(request).slug, **kwargs})
    query = {k: v for k, v in (query or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _client(request: HttpRequest) -> Any:
    """The signed-in client of this Jobcenter who books for themselves, or ``None``."""
    user = request.user
    if user.is_authenticated and user.belongs_to(_jobcenter(request)) and user.has_perm(BOOK_PERMISSION):
        return user
    return None


def _concern_or_404(request: HttpRequest, concern_id: int) -> Concern:
    concern = (
        Concern.objects.for_tenant(_jobcenter(request))
        .filter(pk=concern_id, is_active=True)
        .prefetch_related("teams")
        .first()
    )
    if concern is None:
        raise Http404
    return concern


def _locations(jobcenter: Jobcenter) -> list[Location]:
    return list(Location.objects.for_tenant(jobcenter).filter(is_active=True))


# --- The manage token in the session ------------------------------------------------------------


def _remember(request: HttpRequest, booking: Booking) -> None:
    tokens = dict(request.session.get(SESSION_TOKENS, {}))
    tokens.pop(booking.code, None)
    tokens[booking.code] = codes.manage_token(booking.code)
    request.session[SESSION_TOKENS] = dict(list(tokens.items())[-SESSION_TOKENS_KEPT:])


def _own_booking(request: HttpRequest, code: str, token: str | None = None) -> Booking | None:
    """The booking if this visitor may manage it: by a token (given or in the session), or as its client."""
    jobcenter = _jobcenter(request)
    code = codes.normalise_code(code)
    token = token or request.session.get(SESSION_TOKENS, {}).get(code)
    booking = svc.booking_by_token(jobcenter, code, token) if token else None
    if booking is None and request.user.is_authenticated:
        booking = (
            Booking.objects.for_tenant(jobcenter)
            .select_related("concern", "location", "staff", "slot")
            .filter(code=code, client=request.user)
            .first()
        )
    return booking


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/citizen/not_found.html", status=404)


def _changeable(booking: Booking) -> bool:
    return booking.status == BookingStatus.BOOKED and booking.start > timezone.now()


# --- Pages --------------------------------------------------------------------------------------


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    client = _client(request)
    rows = []
    for concern in Concern.objects.for_tenant(jobcenter).filter(is_active=True):
        choose_url = _url(request, "choose", concern_id=concern.pk)
        needs_sign_in = concern.requires_sign_in and client is None
        login = reverse("accounts:login", kwargs={"jobcenter": jobcenter.slug})
        rows.append(
            {
                "concern": concern,
                "channels": [c.label for c in Channel if concern.offers(c.value)],
                "url": f"{login}?{urlencode({'next': choose_url})}" if needs_sign_in else choose_url,
                "needs_sign_in": needs_sign_in,
            }
        )
    return render(request, "appointments/citizen/start.html", {"rows": rows, "client": client})


@require_GET
def choose(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    if concern.requires_sign_in and _client(request) is None:
        return _sign_in_required(request, concern, request.get_full_path())
    locations = _locations(_jobcenter(request))
    form, search = parse_search(request.GET, concern, locations)
    context: dict[str, Any] = {"concern": concern, "form": form, "search": search}
    if not search.channel:
        return render(request, "appointments/citizen/choose.html", context)

    def page_url(week: dt.date, location: int | None = None) -> str:
        loc = location or (search.location.pk if search.location else None)
        query = {"channel": search.channel, "location": loc, "plz": search.plz, "week": week.isoformat()}
        return _url(request, "choose", query, concern_id=concern.pk) + "#woche"

    def time_url(time: FreeTime) -> str:
        return _url(request, "details", {"channel": search.channel}, concern_id=concern.pk, slot_id=time.slot_id)

    context["week"] = week_of(_jobcenter(request), concern, search, locations, time_url=time_url, page_url=page_url)
    if search.channel == Channel.IN_PERSON and len(locations) > 1:
        context["nearby"] = nearby(_jobcenter(request), concern, search, locations, page_url)
    return render(request, "appointments/citizen/choose.html", context)


def _sign_in_required(request: HttpRequest, concern: Concern, next_url: str) -> HttpResponse:
    login = reverse("accounts:login", kwargs={"jobcenter": _jobcenter(request).slug})
    context = {"concern": concern, "login_url": f"{login}?{urlencode({'next': next_url})}"}
    return render(request, "appointments/citizen/sign_in_required.html", context, status=403)


@never_cache
@require_GET
@rate_limit(CHALLENGE_RATE, group="appointments.challenge")
def challenge(request: HttpRequest) -> HttpResponse:
    """The proof-of-work challenge for the booking form's widget (JSON)."""
    return JsonResponse(challenges.new_challenge(_jobcenter(request)))


def _details_context(
    request: HttpRequest, concern: Concern, slot: Slot | None, channel: str, form: BookingForm, **extra: Any
) -> dict[str, Any]:
    jobcenter = _jobcenter(request)
    return {
        "concern": concern,
        "slot": slot,
        "channel": channel,
        "channel_label": Channel(channel).label if channel in Channel.values else "",
        "form": form,
        "client": _client(request),
        "challenge_required": challenges.challenge_required(jobcenter, request.user),
        "back_url": _url(request, "choose", {"channel": channel}, concern_id=concern.pk),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@rate_limit(_book_rate, method="POST", group="appointments.book")
def details(request: HttpRequest, concern_id: int, slot_id: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    concern = _concern_or_404(request, concern_id)
    client = _client(request)
    if concern.requires_sign_in and client is None:
        return _sign_in_required(request, concern, request.get_full_path())
    slot = Slot.objects.for_tenant(jobcenter).select_related("location", "staff").filter(pk=slot_id).first()
    channel = (request.POST.get("channel") if request.method == "POST" else None) or request.GET.get("channel", "")
    if request.method != "POST":
        if not concern.offers(channel):
            messages.warning(request, _("Bitte wählen Sie zuerst, wie Sie mit uns sprechen möchten."))
            return redirect(_url(request, "choose", concern_id=concern.pk))
        if slot is None or not slot_fits(slot, concern, channel):
            messages.warning(request, _("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen."))
            return redirect(_url(request, "choose", {"channel": channel}, concern_id=concern.pk))
        initial = {"language": client.language} if client else {}
        form = BookingForm(initial=initial, jobcenter=jobcenter, signed_in=client is not None,
                           phone_required=channel == Channel.PHONE)  # fmt: skip
        return render(
            request, "appointments/citizen/details.html", _details_context(request, concern, slot, channel, form)
        )
    return _book(request, concern, slot_id, slot, channel, client)


def _book(
    request: HttpRequest, concern: Concern, slot_id: int, slot: Slot | None, channel: str, client: Any
) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = BookingForm(request.POST, jobcenter=jobcenter, signed_in=client is not None,
                       phone_required=channel == Channel.PHONE)  # fmt: skip

    def again(status: int, **extra: Any) -> HttpResponse:
        if not form.cleaned_data.get("request_key"):
            form.data = _with_new_key(request)
        context = _details_context(request, concern, slot, channel, form, **extra)
        return render(request, "appointments/citizen/details.html", context, status=status)

    if not form.is_valid():
        return again(400)
    data = form.cleaned_data
    if data.get("request_key") is None:
        form.add_error(None, _("Das Formular war zu lange geöffnet. Bitte senden Sie es noch einmal."))
        return again(400)
    if challenges.challenge_required(jobcenter, request.user) and not _challenge_passed(request, data["request_key"]):
        form.add_error(
            None,
            _(
                "Die Sicherheitsprüfung ist nicht abgeschlossen oder abgelaufen. Bitte warten Sie, bis „Überprüft“ "
                "angezeigt wird, und senden Sie das Formular dann noch einmal."
            ),
        )
        return again(400)
    req = svc.BookingRequest(
        slot_id=slot_id,
        concern=concern,
        channel=channel,
        name=client.get_full_name() if client else data["name"],
        email=client.email if client else data["email"],
        phone=data.get("phone", ""),
        language=data["language"],
        client=client,
        request_key=data["request_key"],
    )
    try:
        booking, created = svc.book(jobcenter, req, request=request)
    except svc.SignInRequired:
        return _sign_in_required(request, concern, request.get_full_path())
    except svc.BookingError as error:
        return again(error.status, **_booking_error(request, form, error, concern, channel, slot))
    if not created and (booking.email != req.email or booking.client_id != (client.pk if client else None)):
        # The form's key was used for somebody else's booking: never hand that booking out.
        form.data = _with_new_key(request)
        form.add_error(None, _("Bitte senden Sie das Formular noch einmal."))
        return again(400)
    _remember(request, booking)
    return redirect(_url(request, "booked", code=booking.code))


def _with_new_key(request: HttpRequest) -> Any:
    """The sent form with a fresh one-time key: nothing typed is lost, the next try is a new request."""
    data = request.POST.copy()
    data["request_key"] = new_request_key()
    return data


def _challenge_passed(request: HttpRequest, request_key: str) -> bool:
    payload = request.POST.get("altcha", "")
    return challenges.verify_payload(_jobcenter(request), payload, request_key=request_key)


def _booking_error(
    request: HttpRequest, form: BookingForm, error: svc.BookingError, concern: Concern, channel: str, slot: Slot | None
) -> dict[str, Any]:
    """Put a service's error on the form; for a taken or gone slot offer the next free times."""
    on_fields = {name: errors for name, errors in error.fields.items() if name in form.fields}
    for name, field_errors in on_fields.items():
        for message in field_errors:
            form.add_error(name, message)
    if not on_fields:
        form.add_error(None, str(error.message))
    alternatives: list[FreeTime] = []
    if isinstance(error, svc.SlotTaken):
        alternatives = error.alternatives
    elif isinstance(error, svc.SlotGone) and concern.offers(channel):
        alternatives = svc.alternatives_for(
            _jobcenter(request), concern, channel, near=None, location_id=slot.location_id if slot else None
        )
    names = {loc.pk: loc.name for loc in _locations(_jobcenter(request))} if alternatives else {}
    choices = [
        TimeChoice(
            time=time,
            url=_url(request, "details", {"channel": channel}, concern_id=concern.pk, slot_id=time.slot_id),
            location_name=names.get(time.location_id, ""),
        )
        for time in alternatives
    ]
    return {"alternatives": choices, "error_code": error.code}


@never_cache
@require_GET
def booked(request: HttpRequest, code: str) -> HttpResponse:
    booking = _own_booking(request, code)
    if booking is None:
        return _not_found(request)
    return render(request, "appointments/citizen/booked.html", _booking_context(request, booking))


def _booking_context(request: HttpRequest, booking: Booking) -> dict[str, Any]:
    return {
        "booking": booking,
        "changeable": _changeable(booking),
        "is_past": booking.start <= timezone.now(),
        "manage_url": _url(request, "manage", code=booking.code),
        "ics_url": _url(request, "ics", code=booking.code),
        "channel_label": Channel(booking.channel).label,
    }


@never_cache
@require_GET
def manage(request: HttpRequest, code: str) -> HttpResponse:
    if "token" in request.GET:
        booking = _own_booking(request, code, token=request.GET["token"][:100])
        if booking is None:
            return _not_found(request)
        _remember(request, booking)
        return redirect(_url(request, "manage", code=booking.code))  # the token leaves the address bar
    booking = _own_booking(request, code)
    if booking is None:
        return _not_found(request)
    return render(request, "appointments/citizen/manage.html", _booking_context(request, booking))


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    booking = _own_booking(request, code)
    if booking is None:
        return _not_found(request)
    manage_url = _url(request, "manage", code=booking.code)
    if not _changeable(booking):
        return redirect(manage_url)
    if request.method == "POST":
        actor = request.user if request.user.is_authenticated else None
        try:
            svc.cancel(booking, actor=actor, request=request)
        except svc.BookingError as error:
            messages.error(request, str(error.message))
            return redirect(manage_url)
        messages.success(request, _("Ihr Termin ist abgesagt. Wir haben Ihnen eine Bestätigung geschickt."))
        return redirect(manage_url)
    return render(request, "appointments/citizen/cancel.html", _booking_context(request, booking))


@never_cache
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, code: str) -> HttpResponse:
    booking = _own_booking(request, code)
    if booking is None:
        return _not_found(request)
    manage_url = _url(request, "manage", code=booking.code)
    if not _changeable(booking):
        return redirect(manage_url)
    if request.method == "POST":
        return _move(request, booking)
    if "slot" in request.GET:
        return _confirm_move(request, booking)
    concern = booking.concern
    locations = _locations(_jobcenter(request))
    form, search = parse_search(request.GET, concern, locations, channel=booking.channel)
    if not request.GET and booking.channel == Channel.IN_PERSON:
        search.location = booking.location
        form.initial["location"] = booking.location_id

    def page_url(week: dt.date, location: int | None = None) -> str:
        loc = location or (search.location.pk if search.location else None)
        return _url(request, "reschedule", {"location": loc, "week": week.isoformat()}, code=booking.code) + "#woche"

    def time_url(time: FreeTime) -> str:
        return _url(request, "reschedule", {"slot": time.slot_id}, code=booking.code)

    context = {
        **_booking_context(request, booking),
        "form": form,
        "search": search,
        "week": week_of(_jobcenter(request), concern, search, locations, time_url=time_url, page_url=page_url),
    }
    return render(request, "appointments/citizen/reschedule.html", context)


def _confirm_move(request: HttpRequest, booking: Booking) -> HttpResponse:
    slot_id = request.GET.get("slot", "")
    slot = None
    if slot_id.isdigit():
        slot = (
            Slot.objects.for_tenant(_jobcenter(request)).select_related("location", "staff").filter(pk=slot_id).first()
        )
    if slot is None or not slot_fits(slot, booking.concern, booking.channel):
        messages.warning(request, _("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen."))
        return redirect(_url(request, "reschedule", code=booking.code))
    context = {**_booking_context(request, booking), "slot": slot}
    return render(request, "appointments/citizen/reschedule_confirm.html", context)


def _move(request: HttpRequest, booking: Booking) -> HttpResponse:
    slot_id = request.POST.get("slot", "")
    if not slot_id.isdigit():
        messages.warning(request, _("Bitte wählen Sie einen neuen Termin."))
        return redirect(_url(request, "reschedule", code=booking.code))
    actor = request.user if request.user.is_authenticated else None
    try:
        moved = svc.reschedule(booking, int(slot_id), actor=actor, request=request)
    except svc.BookingError as error:
        alternatives = error.alternatives if isinstance(error, svc.SlotTaken) else []
        if isinstance(error, svc.SlotGone):
            alternatives = svc.alternatives_for(_jobcenter(request), booking.concern, booking.channel)
        names = {loc.pk: loc.name for loc in _locations(_jobcenter(request))}
        context = {
            **_booking_context(request, booking),
            "error": error.message,
            "alternatives": [
                TimeChoice(time=t, url="", location_name=names.get(t.location_id, "")) for t in alternatives
            ],
            "calendar_url": _url(request, "reschedule", code=booking.code),
        }
        return render(request, "appointments/citizen/reschedule_failed.html", context, status=error.status)
    messages.success(request, _("Ihr Termin ist verschoben. Wir haben Ihnen eine neue Bestätigung geschickt."))
    return redirect(_url(request, "manage", code=moved.code))


@require_GET
def ics(request: HttpRequest, code: str) -> HttpResponse:
    booking = _own_booking(request, code, token=request.GET.get("token", "")[:100] or None)
    if booking is None:
        raise Http404
    content = ics_service.calendar_file(booking, manage_link=mail.manage_url(booking))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_service.filename(booking)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@rate_limit(_find_rate, method="POST", group="appointments.find")
def find(request: HttpRequest) -> HttpResponse:
    """Send the manage link again. The answer is the same whether or not code and address matched."""
    jobcenter = _jobcenter(request)
    form = FindBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking = (
            Booking.objects.for_tenant(jobcenter)
            .select_related("concern", "location", "jobcenter")
            .filter(code=form.cleaned_data["code"], email__iexact=form.cleaned_data["email"])
            .first()
        )
        if booking is not None:
            context = {"booking": booking, "manage_url": mail.manage_url(booking)}
            with timezone.override(settings.TIME_ZONE):  # the mail's dates are the Jobcenter's
                send_to_address(
                    booking.email, booking.language, "appointments_manage_link", context, jobcenter=jobcenter
                )
        return redirect(_url(request, "find", {"gesendet": "1"}))
    context = {"form": form, "sent": request.GET.get("gesendet") == "1" and request.method == "GET"}
    return render(request, "appointments/citizen/find.html", context, status=400 if form.errors else 200)


@never_cache
@permission_required(BOOK_PERMISSION)
@require_GET
def my_appointments(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    upcoming: list[dict[str, Any]] = []
    past: list[dict[str, Any]] = []
    for booking in svc.bookings_of(_jobcenter(request), user):  # type: ignore[arg-type]
        # Bookings made before signing up (same verified address) are opened with their token.
        token = None if booking.client_id == user.pk else codes.manage_token(booking.code)
        url = _url(request, "manage", {"token": token}, code=booking.code)
        row = {"booking": booking, "url": url, "channel_label": Channel(booking.channel).label}
        (upcoming if booking.status == BookingStatus.BOOKED and booking.end > now else past).append(row)
    upcoming.reverse()  # bookings_of gives the latest first; the next appointment belongs on top
    context = {"upcoming": upcoming, "past": past, "start_url": _url(request, "start")}
    return render(request, "appointments/citizen/my_appointments.html", context)

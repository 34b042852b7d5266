"""The public side of the walk-in queue: waiting times, the kiosk, check-in, joining from one's phone
and the personal ticket page.

No sign-in anywhere: the kiosk runs on a device in the building, and the ticket page is opened
from the QR code on the printed or displayed ticket. The ticket's token (not guessable) is the key
to its page. Every page works without JavaScript; ``static/js/reception-live.js`` only adds the
live updates (Server-Sent Events, see docs/realtime.md). Unknown, inactive and other Jobcenters'
locations and tickets all get the same 404.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.appointments.models import Concern
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.core.ratelimits import rate_limit
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.reception.forms_public import CheckInForm, QueueChoiceForm, queue_choices
from openjobcenter.reception.models import OPEN_STATUSES, Ticket, TicketSource, TicketStatus, ZoneSettings
from openjobcenter.reception.services import queue
from openjobcenter.reception.services.estimate import ticket_state, waiting_times_body

# Per client address and only for POSTs. A kiosk is one address that draws many numbers a day.
KIOSK_RATE = "60/m"
CHECK_IN_RATE = "30/h"
REMOTE_JOIN_RATE = "10/h"
# Remote tickets this browser session holds, per location: one open ticket per location.
SESSION_REMOTE = "ojc_reception_remote"
# "Bald dran" from this position on (people still before you).
SOON_POSITION = 2
# At most this many locations on the overview get live updates (browsers open ~6 streams per host).
LIVE_LOCATIONS = 4
# The kiosk's ticket page goes back to the start after this long.
KIOSK_RETURN_SECONDS = 30


def wait_texts() -> dict[str, str]:
    """How a waiting estimate reads; ``reception-live.js`` fills in the same texts."""
    return {
        "range": _("etwa {low}–{high} Minuten"),
        "up_to": _("bis etwa {high} Minuten"),
        "closed": _("Zurzeit ist kein Schalter geöffnet."),
    }


def wait_text(estimated_range: list[int] | None, texts: dict[str, str] | None = None) -> str:
    texts = texts or wait_texts()
    if not estimated_range:
        return texts["closed"]
    low, high = estimated_range
    return (texts["range"] if low > 0 else texts["up_to"]).format(low=low, high=high)


def ticket_texts() -> dict[str, str]:
    """The ticket page's changing texts (server-rendered and, with placeholders, for the script)."""
    return {
        **wait_texts(),
        "soon": _("Sie sind bald dran. Bitte bleiben Sie in der Nähe der Eingangszone."),
        "next": _("Sie sind als Nächstes dran. Bitte bleiben Sie in der Nähe der Eingangszone."),
        "called": _("Sie sind jetzt dran – bitte gehen Sie zu Schalter {counter}."),
        "serving": _("Sie werden gerade bedient."),
        "parked": _("Ihre Wartenummer ist zurückgestellt. Sie werden noch einmal aufgerufen."),
        "ended": _("Diese Wartenummer ist abgeschlossen."),
        "none": "–",
    }


def ticket_alert(state: dict[str, Any], texts: dict[str, str]) -> tuple[str, str]:
    """The prominent message for ``state``: (kind, text); kind "" when there is none."""
    status = state["status"]
    if status == TicketStatus.CALLED:
        return "called", texts["called"].format(counter=state["counter"] or "–")
    if status == TicketStatus.SERVING:
        return "serving", texts["serving"]
    if status == TicketStatus.WAITING and state["position"] == 0:
        return "soon", texts["next"]
    if status == TicketStatus.WAITING and state["position"] <= SOON_POSITION:
        return "soon", texts["soon"]
    if status == TicketStatus.PARKED:
        return "info", texts["parked"]
    if status not in OPEN_STATUSES:
        return "info", texts["ended"]
    return "", ""


def _kiosk_rate(group: str, request: HttpRequest) -> str:
    return KIOSK_RATE  # read per request, so tests can lower it


def _check_in_rate(group: str, request: HttpRequest) -> str:
    return CHECK_IN_RATE


def _remote_join_rate(group: str, request: HttpRequest) -> str:
    return REMOTE_JOIN_RATE


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _url(request: HttpRequest, name: str, query: dict[str, str] | None = None, **kwargs: Any) -> str:
    url = reverse(f"reception:{name}", kwargs={"jobcenter": _jobcenter(request).slug, **kwargs})
    return f"{url}?{urlencode(query)}" if query else url


def _location_or_404(request: HttpRequest, location_id: int) -> Location:
    location = Location.objects.for_tenant(_jobcenter(request)).filter(pk=location_id, is_active=True).first()
    if location is None:
        raise Http404
    return location


def _ticket_or_404(request: HttpRequest, token: str) -> Ticket:
    ticket = queue.ticket_by_token(_jobcenter(request), token)
    if ticket is None:
        raise Http404
    return ticket


def _open_zones(location: Location, *, remote: bool = False) -> list[ReceptionZone]:
    zones = queue.open_zones(location).order_by("code")
    if remote:
        zones = zones.filter(queue_settings__remote_join=True)
    active_concerns = Concern.objects.for_tenant(location.jobcenter_id).filter(is_active=True)
    return list(
        zones.select_related("queue_settings").prefetch_related(
            Prefetch("queue_settings__concerns", queryset=active_concerns)
        )
    )


def _zones(location: Location) -> list[dict[str, Any]]:
    """The location's zones with their waiting times, names in the visitor's language."""
    texts = wait_texts()
    return [
        {**row, "wait_text": wait_text(row["estimated_wait_range"], texts)}
        for row in waiting_times_body(location.pk)["zones"]
    ]


def _remote_join_allowed(location: Location) -> bool:
    return (
        ZoneSettings.objects.for_tenant(location.jobcenter_id)
        .filter(zone__location=location, remote_join=True, is_open=True)
        .exists()
    )


def _live_context(request: HttpRequest, location: Location, *, live: bool = True) -> dict[str, Any]:
    return {
        "location": location,
        "zones": _zones(location),
        "events_url": _url(request, "events", location_id=location.pk) if live else "",
        "remote_join": _remote_join_allowed(location),
        "wait_texts": wait_texts(),
    }


# --- Waiting times ----------------------------------------------------------------------------------


@require_GET
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    locations = list(Location.objects.for_tenant(_jobcenter(request)).filter(is_active=True).order_by("name"))
    places = [_live_context(request, loc, live=index < LIVE_LOCATIONS) for index, loc in enumerate(locations)]
    return render(request, "reception/public/overview.html", {"places": places, "wait_texts": wait_texts()})


@require_GET
@never_cache
def location_waiting(request: HttpRequest, location_id: int) -> HttpResponse:
    location = _location_or_404(request, location_id)
    return render(request, "reception/public/location.html", _live_context(request, location))


# --- The kiosk --------------------------------------------------------------------------------------


def _kiosk_language(request: HttpRequest) -> str:
    """The kiosk's language for this visitor only: from ``lang`` in the address or the form.

    Not the language cookie: the next person at the kiosk starts in the kiosk's own language.
    """
    language = request.POST.get("lang") or request.GET.get("lang") or ""
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def _kiosk_render(
    request: HttpRequest,
    location: Location,
    context: dict[str, Any],
    status: int = 200,
    *,
    here: tuple[str, dict[str, Any]] | None = None,
) -> HttpResponse:
    """Render a kiosk page; its language links stay on it (``here``: URL name and kwargs; else the start)."""
    language = translation.get_language()
    name, kwargs = here or ("kiosk", {"location_id": location.pk})
    extra = {"termin": "1"} if context.get("appointment") else {}
    languages = [
        {"code": code, "name": label, "url": _url(request, name, {"lang": code, **extra}, **kwargs)}
        for code, label in settings.LANGUAGES
    ]
    base = {
        "location": location,
        "language": language,
        "languages": languages,
        "start_url": _url(request, "kiosk", {"lang": language}, location_id=location.pk),
        # Where the ticket page returns to by itself: the kiosk's own language, for the next person.
        "home_url": _url(request, "kiosk", location_id=location.pk),
        "return_seconds": KIOSK_RETURN_SECONDS,
        "appointment_url": _url(request, "kiosk", {"lang": language, "termin": "1"}, location_id=location.pk),
    }
    return render(request, "reception/public/kiosk.html", {**base, **context}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
@rate_limit(_kiosk_rate, group="reception-kiosk", method="POST")
def kiosk(request: HttpRequest, location_id: int) -> HttpResponse:
    location = _location_or_404(request, location_id)
    language = _kiosk_language(request)
    choices = queue_choices(_open_zones(location))
    appointment = (request.method == "POST" and "code" in request.POST) or request.GET.get("termin") == "1"
    choice_form = QueueChoiceForm(
        request.POST if request.method == "POST" and not appointment else None, choices=choices
    )
    code_form = CheckInForm(request.POST if request.method == "POST" and appointment else None)
    # A QR scanner types into the focused field: the check-in field is ready for it at once.
    code_form.fields["code"].widget.attrs["autofocus"] = True
    problem = ""
    if request.method == "POST":
        try:
            if appointment and code_form.is_valid():
                ticket = queue.check_in(
                    _jobcenter(request), code_form.cleaned_data["code"], location=location, request=request
                )
                return redirect(
                    _url(request, "kiosk_ticket", {"lang": language}, location_id=location.pk, token=ticket.token)
                )
            if not appointment and choice_form.is_valid():
                selected = choice_form.selected()
                ticket = queue.issue_ticket(
                    location,
                    zone=selected.zone,
                    concern=selected.concern,
                    source=TicketSource.KIOSK,
                    language=language,
                    request=request,
                )
                return redirect(
                    _url(request, "kiosk_ticket", {"lang": language}, location_id=location.pk, token=ticket.token)
                )
        except queue.QueueError as exc:
            problem = str(exc.message)
    context = {"choices": choices, "choice_form": choice_form, "code_form": code_form, "appointment": appointment}
    status = 422 if problem or choice_form.errors or code_form.errors else 200
    return _kiosk_render(request, location, {**context, "problem": problem}, status=status)


def _ticket_url(request: HttpRequest, ticket: Ticket) -> str:
    path = _url(request, "ticket", token=ticket.token)
    url = absolute_url(path)
    return request.build_absolute_uri(path) if url.startswith("/") else url


def _qr_svg(url: str, *, title: str) -> str:
    qr = segno.make(url, error="m")
    return str(
        qr.svg_inline(scale=1, border=2, omitsize=True, title=title, svgclass="ojc-qr", lineclass="ojc-qr__line")
    )


@require_GET
@never_cache
def kiosk_ticket(request: HttpRequest, location_id: int, token: str) -> HttpResponse:
    location = _location_or_404(request, location_id)
    language = _kiosk_language(request)
    ticket = _ticket_or_404(request, token)
    if ticket.location_id != location.pk:
        raise Http404
    url = _ticket_url(request, ticket)
    state = ticket_state(ticket)
    context = {
        "ticket": ticket,
        "state": state,
        "zone_name": ticket.zone.display_name(),
        "wait_text": wait_text(state["estimated_wait_range"]),
        "ticket_url": url,
        "qr": mark_safe(_qr_svg(url, title=_("QR-Code: Ihre Wartenummer auf dem Telefon"))),  # noqa: S308 (segno's own SVG)
    }
    here = ("kiosk_ticket", {"location_id": location.pk, "token": ticket.token})
    return _kiosk_render(request, location, {**context, "ticket_page": True, "language": language}, here=here)


# --- Check-in and joining from one's phone ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
@rate_limit(_check_in_rate, group="reception-check-in", method="POST")
def check_in(request: HttpRequest, location_id: int) -> HttpResponse:
    location = _location_or_404(request, location_id)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            ticket = queue.check_in(_jobcenter(request), form.cleaned_data["code"], location=location, request=request)
        except queue.QueueError as exc:
            problem = str(exc.message)
        else:
            return redirect(_url(request, "ticket", token=ticket.token))
    status = 422 if problem or form.errors else 200
    return render(
        request,
        "reception/public/check_in.html",
        {"location": location, "form": form, "problem": problem},
        status=status,
    )


def _remote_ticket(request: HttpRequest, location: Location) -> Ticket | None:
    """This session's open remote ticket at ``location``, if any."""
    token = request.session.get(SESSION_REMOTE, {}).get(str(location.pk))
    if not token:
        return None
    ticket = queue.ticket_by_token(_jobcenter(request), token)
    return ticket if ticket is not None and ticket.status in OPEN_STATUSES else None


@require_http_methods(["GET", "POST"])
@never_cache
@rate_limit(_remote_join_rate, group="reception-remote-join", method="POST")
def remote_join(request: HttpRequest, location_id: int) -> HttpResponse:
    location = _location_or_404(request, location_id)
    existing = _remote_ticket(request, location)
    choices = queue_choices(_open_zones(location, remote=True))
    form = QueueChoiceForm(request.POST if request.method == "POST" else None, choices=choices)
    problem = ""
    if request.method == "POST" and existing is not None:
        return redirect(_url(request, "ticket", token=existing.token))
    if request.method == "POST" and form.is_valid():
        selected = form.selected()
        try:
            ticket = queue.issue_ticket(
                location,
                zone=selected.zone,
                concern=selected.concern,
                source=TicketSource.REMOTE,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                request=request,
            )
        except queue.QueueError as exc:
            problem = str(exc.message)
        else:
            request.session[SESSION_REMOTE] = {
                **request.session.get(SESSION_REMOTE, {}),
                str(location.pk): ticket.token,
            }
            return redirect(_url(request, "ticket", token=ticket.token))
    context = {
        "location": location,
        "form": form,
        "choices": choices,
        "existing": existing,
        "problem": problem,
        "zones": _zones(location),
    }
    status = 422 if problem or form.errors else 200
    return render(request, "reception/public/remote_join.html", context, status=status)


# --- The personal ticket page -----------------------------------------------------------------------


@require_GET
@never_cache
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket's page; ``?format=json`` gives its state (the body of ``ticket-updated``)."""
    found = _ticket_or_404(request, token)
    state = ticket_state(found)
    if request.GET.get("format") == "json":
        return JsonResponse(state)
    texts = ticket_texts()
    alert_kind, alert_text = ticket_alert(state, texts)
    context = {
        "ticket": found,
        "state": state,
        "zone_name": found.zone.display_name(),
        "location": found.location,
        "alert_kind": alert_kind,
        "alert_text": alert_text,
        "wait_text": wait_text(state["estimated_wait_range"], texts) if state["status"] == TicketStatus.WAITING else "",
        "status_label": TicketStatus(state["status"]).label,
        "script_data": {
            "texts": texts,
            "statuses": {str(value): str(label) for value, label in TicketStatus.choices},
            "soon_position": SOON_POSITION,
        },
        "events_url": _url(request, "ticket_events", token=found.token),
        "state_url": _url(request, "ticket", {"format": "json"}, token=found.token),
        "qr_url": _url(request, "ticket_qr", token=found.token),
    }
    return render(request, "reception/public/ticket.html", context)


@require_GET
def ticket_qr(request: HttpRequest, token: str) -> HttpResponse:
    found = _ticket_or_404(request, token)
    svg = segno.make(_ticket_url(request, found), error="m")
    buffer = io.BytesIO()
    title = _("Wartenummer %(number)s") % {"number": found.number}
    svg.save(buffer, kind="svg", scale=8, border=2, xmldecl=True, title=title)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response

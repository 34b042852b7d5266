"""Staff side of the walk-in queue: the reception desk, the counter workplace and the figures.

Views parse, authorise and call ``services.queue``; every ticket, zone and counter is looked up
within ``request.jobcenter`` (another Jobcenter's ids answer 404). Permissions:

- desk: ``reception.view_queue`` to look, ``reception.issue_ticket`` to issue and check in;
- counter and every calling action: ``reception.call_ticket``;
- figures: ``statistics.view_service_kpis`` (team leads, administrators) or ``reception.view_queue``
  (reception staff see how long their queue waits). They show counts and times, no person.

All changes are POST with CSRF and answer with a redirect (post/redirect/get) and a message. One
exception: calling a particular number that another counter called a moment earlier answers 409 with
the counter page itself, which shows the message and the list as it is now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import tenant_login_required
from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import Concern
from openjobcenter.audit.services import log_change
from openjobcenter.core.csv_export import csv_response
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.forms_staff import (
    CheckInForm,
    FiguresForm,
    IssueTicketForm,
    LocationForm,
    OpenCounterForm,
    TransferForm,
)
from openjobcenter.reception.models import Counter, CounterSession, Priority, Ticket, TicketSource, TicketStatus
from openjobcenter.reception.services import queue
from openjobcenter.reception.services.estimate import waiting_times_body
from openjobcenter.reception.services.figures import QueueFigures, figure_table, queue_figures

View = Callable[..., HttpResponse]

VIEW_QUEUE = "reception.view_queue"
ISSUE_TICKET = "reception.issue_ticket"
CALL_TICKET = "reception.call_ticket"
FIGURE_PERMS = ("statistics.view_service_kpis", VIEW_QUEUE)
SESSION_LAST_TICKET = "ojc_reception_last_ticket"
RECENT_CALLS = 15
FIGURES_DEFAULT_DAYS = 30
FIGURES_MAX_DAYS = 366
ACTIONS = ("recall", "start", "finish", "no-show", "park", "transfer", "call")
CALLED_ELSEWHERE = gettext_lazy("Diese Nummer wurde gerade an einem anderen Schalter aufgerufen.")


def _requires(*perms: str) -> Callable[[View], View]:
    """Signed in, in this Jobcenter (else 404), and holding one of ``perms`` (else 403)."""

    def decorator(view: View) -> View:
        @tenant_login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _url(request: HttpRequest, name: str, query: dict[str, Any] | None = None, **kwargs: Any) -> str:
    url = reverse(f"reception:{name}", kwargs={"jobcenter": _jobcenter(request).slug, **kwargs})
    return f"{url}?{urlencode(query)}" if query else url


def _locations(jobcenter: Jobcenter) -> list[Location]:
    return list(Location.objects.for_tenant(jobcenter).filter(is_active=True).order_by("name"))


def _minutes_since(value: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if value is None else max(int((now - value).total_seconds() // 60), 0)


def _today_tickets(jobcenter: Jobcenter) -> Any:
    return (
        Ticket.objects.for_tenant(jobcenter)
        .filter(day=timezone.localdate())
        .select_related("zone", "counter", "concern", "location")
    )


def _queue_rows(tickets: list[Ticket], now: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "ticket": ticket,
            "waiting_minutes": _minutes_since(ticket.queued_at, now),
            "not_yet": ticket.not_before is not None and ticket.not_before > now,
        }
        for ticket in tickets
    ]


def _calls_today(jobcenter: Jobcenter, location: Location) -> list[Ticket]:
    return list(
        _today_tickets(jobcenter)
        .filter(location=location, called_at__isnull=False)
        .order_by("-called_at", "-id")[:RECENT_CALLS]
    )


# --- The reception desk ----------------------------------------------------------------------------


def _desk_location(request: HttpRequest, locations: list[Location]) -> Location | None:
    form = LocationForm(request.GET or request.POST or None, locations=locations)
    if form.is_bound and form.is_valid():
        return next(loc for loc in locations if loc.pk == form.cleaned_data["location"])
    if form.is_bound and "location" in form.data:
        raise Http404  # another Jobcenter's location, or a closed one
    user = _user(request)
    counter = queue.current_counter(user, _jobcenter(request))
    preferred = counter.location_id if counter else (user.team.location_id if user.team else None)
    return next((loc for loc in locations if loc.pk == preferred), locations[0] if locations else None)


def _sitting(counter: Counter) -> User | None:
    """Who sits at ``counter`` now (from the prefetched ``open_sessions``)."""
    sessions = getattr(counter, "open_sessions", [])
    return sessions[0].staff if sessions else None


def _desk_zones(jobcenter: Jobcenter, location: Location) -> list[dict[str, Any]]:
    now = timezone.now()
    zones = list(ReceptionZone.objects.for_tenant(jobcenter).filter(location=location).select_related("queue_settings"))
    waiting = {row["zone"]: row for row in waiting_times_body(location.pk)["zones"]}
    open_tickets = list(
        _today_tickets(jobcenter)
        .filter(location=location, status__in=(TicketStatus.WAITING, TicketStatus.PARKED))
        .order_by("-priority", "queued_at", "id")
    )
    sessions = CounterSession.objects.for_tenant(jobcenter).filter(closed_at__isnull=True).select_related("staff")
    counters = list(
        Counter.objects.for_tenant(jobcenter)
        .filter(location=location, is_active=True)
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="open_sessions"))
    )
    at_counters = {
        ticket.counter_id: ticket
        for ticket in _today_tickets(jobcenter).filter(
            location=location, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)
        )
    }
    result = []
    for zone in zones:
        zone_settings = getattr(zone, "queue_settings", None)
        result.append(
            {
                "zone": zone,
                "is_open": zone_settings.is_open if zone_settings else True,
                "times": waiting.get(zone.code),
                "waiting": _queue_rows([t for t in open_tickets if t.zone_id == zone.pk], now),
                "counters": [
                    {
                        "counter": counter,
                        "staff": _sitting(counter),
                        "ticket": at_counters.get(counter.pk),
                    }
                    for counter in counters
                    if counter.zone_id == zone.pk
                ],
            }
        )
    return result


def _issue_forms(request: HttpRequest, location: Location, data: Any = None) -> tuple[IssueTicketForm, CheckInForm]:
    jobcenter = _jobcenter(request)
    zones = list(queue.open_zones(location).order_by("code"))
    concerns = list(Concern.objects.for_tenant(jobcenter).filter(is_active=True))
    concerns.sort(key=lambda concern: concern.display_name())
    action = data.get("action") if data is not None else None
    issue = IssueTicketForm(data if action == "issue" else None, zones=zones, concerns=concerns)
    check_in = CheckInForm(data if action == "check_in" else None)
    return issue, check_in


@require_http_methods(["GET", "POST"])
@_requires(VIEW_QUEUE)
def desk(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    locations = _locations(jobcenter)
    location = _desk_location(request, locations)
    status = 200
    problem = ""
    if location is None:
        return render(request, "reception/staff/desk.html", {"location": None, "locations": locations})
    if request.method == "POST":
        if not user.has_perm(ISSUE_TICKET):
            raise PermissionDenied
        issue_form, check_in_form = _issue_forms(request, location, request.POST)
        ticket = None
        try:
            if issue_form.is_bound and issue_form.is_valid():
                ticket = _issue(request, location, issue_form)
            elif check_in_form.is_bound and check_in_form.is_valid():
                ticket = queue.check_in(
                    jobcenter, check_in_form.cleaned_data["code"], location=location, actor=user, request=request
                )
        except queue.QueueError as exc:
            problem = str(exc.message)
        if ticket is not None:
            request.session[SESSION_LAST_TICKET] = ticket.pk
            messages.success(
                request,
                _("Wartenummer %(number)s für %(zone)s ist ausgegeben.")
                % {"number": ticket.number, "zone": ticket.zone},
            )
            return redirect(_url(request, "desk", {"location": location.pk}))
        if not issue_form.is_bound and not check_in_form.is_bound:
            problem = _("Bitte wählen Sie, ob Sie eine Wartenummer ausgeben oder eine Person anmelden möchten.")
        status = 422
    else:
        issue_form, check_in_form = _issue_forms(request, location)
    last = None
    last_id = request.session.pop(SESSION_LAST_TICKET, None) if request.method == "GET" else None
    if last_id:
        last = _today_tickets(jobcenter).filter(pk=last_id, location=location).first()
    context = {
        "location": location,
        "locations": locations,
        "location_form": LocationForm(initial={"location": location.pk}, locations=locations),
        "issue_form": issue_form,
        "check_in_form": check_in_form,
        "may_issue": user.has_perm(ISSUE_TICKET),
        "problem": problem,
        "zones": _desk_zones(jobcenter, location),
        "calls": _calls_today(jobcenter, location),
        "last_ticket": last,
        "events_url": _url(request, "events", location_id=location.pk),
    }
    return render(request, "reception/staff/desk.html", context, status=status)


def _issue(request: HttpRequest, location: Location, form: IssueTicketForm) -> Ticket:
    urgent = bool(form.cleaned_data.get("urgent"))
    ticket = queue.issue_ticket(
        location,
        zone=form.chosen_zone,
        concern=form.chosen_concern,
        source=TicketSource.RECEPTION,
        priority=Priority.URGENT if urgent else Priority.NORMAL,
        actor=_user(request),
        request=request,
    )
    if urgent:
        log_change(
            actor=_user(request),
            jobcenter=_jobcenter(request),
            action="reception.ticket_urgent",
            target=ticket,
            details={"number": ticket.number, "reason": form.cleaned_data["reason"].strip()},
            request=request,
        )
    return ticket


# --- The counter workplace -------------------------------------------------------------------------


def _open_counters_choice(jobcenter: Jobcenter) -> list[Counter]:
    return list(
        Counter.objects.for_tenant(jobcenter)
        .filter(is_active=True, location__is_active=True)
        .select_related("location", "zone")
        .order_by("location__name", "zone__code", "name")
    )


def _current_tickets(jobcenter: Jobcenter, counter: Counter) -> list[Ticket]:
    return list(
        _today_tickets(jobcenter)
        .filter(counter=counter, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
        .order_by("called_at", "id")
    )


def _transfer_form(jobcenter: Jobcenter, counter: Counter, data: Any = None) -> TransferForm:
    zones = list(queue.open_zones(counter.location).order_by("code"))
    others = list(
        Counter.objects.for_tenant(jobcenter)
        .filter(location_id=counter.location_id, is_active=True)
        .exclude(pk=counter.pk)
        .select_related("zone")
        .order_by("zone__code", "name")
    )
    return TransferForm(data, zones=zones, counters=others)


def _counter_context(request: HttpRequest) -> dict[str, Any]:
    jobcenter, user = _jobcenter(request), _user(request)
    counter = queue.current_counter(user, jobcenter)
    if counter is None:
        return {
            "counter": None,
            "open_form": OpenCounterForm(counters=_open_counters_choice(jobcenter)),
        }
    now = timezone.now()
    current = _current_tickets(jobcenter, counter)
    waiting = list(
        _today_tickets(jobcenter)
        .filter(zone=counter.zone, status=TicketStatus.WAITING)
        .order_by("-priority", "queued_at", "id")
    )
    parked = list(
        _today_tickets(jobcenter)
        .filter(location_id=counter.location_id, status=TicketStatus.PARKED)
        .order_by("queued_at", "id")
    )
    times = next(
        (row for row in waiting_times_body(counter.location_id)["zones"] if row["zone"] == counter.zone.code), None
    )
    return {
        "counter": counter,
        "current": current[0] if current else None,
        "also_here": current[1:],
        "waiting": _queue_rows(waiting, now),
        "callable": sum(1 for t in waiting if t.not_before is None or t.not_before <= now),
        "parked": _queue_rows(parked, now),
        "times": times,
        "transfer_form": _transfer_form(jobcenter, counter),
        "calls_before_no_show": queue.CALLS_BEFORE_NO_SHOW,
        "events_url": _url(request, "events", location_id=counter.location_id),
        "display_url": _url(request, "display", location_id=counter.location_id, zone_id=counter.zone_id),
    }


@require_GET
@_requires(CALL_TICKET)
def counter(request: HttpRequest) -> HttpResponse:
    return render(request, "reception/staff/counter.html", _counter_context(request))


@require_POST
@_requires(CALL_TICKET)
def counter_open(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = OpenCounterForm(request.POST, counters=_open_counters_choice(jobcenter))
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie einen Schalter aus der Liste."))
        return redirect(_url(request, "counter"))
    chosen = form.chosen
    queue.open_counter(chosen, _user(request), request=request)
    messages.success(
        request,
        _("Sie sitzen jetzt an Schalter %(counter)s (Zone %(zone)s).")
        % {"counter": chosen.name, "zone": chosen.zone.code},
    )
    return redirect(_url(request, "counter"))


@require_POST
@_requires(CALL_TICKET)
def counter_close(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    counter = queue.current_counter(user, jobcenter)
    if counter is None:
        messages.info(request, _("Sie hatten keinen Schalter geöffnet."))
        return redirect(_url(request, "counter"))
    if _current_tickets(jobcenter, counter):
        messages.error(
            request,
            _("Bitte schließen Sie zuerst die aufgerufene Nummer ab: erledigt, zurückstellen oder weiterleiten."),
        )
        return redirect(_url(request, "counter"))
    queue.close_counter(user, jobcenter, request=request)
    messages.success(request, _("Schalter %(counter)s ist geschlossen.") % {"counter": counter.name})
    return redirect(_url(request, "counter"))


def _my_counter_or_notice(request: HttpRequest) -> Counter | None:
    counter = queue.current_counter(_user(request), _jobcenter(request))
    if counter is None:
        messages.error(request, _("Bitte öffnen Sie zuerst Ihren Schalter."))
    return counter


@require_POST
@_requires(CALL_TICKET)
def call_next(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    counter = _my_counter_or_notice(request)
    if counter is None:
        return redirect(_url(request, "counter"))
    if _current_tickets(jobcenter, counter):
        messages.error(
            request,
            _("An Ihrem Schalter ist noch eine Nummer aufgerufen. Bitte schließen Sie sie zuerst ab."),
        )
        return redirect(_url(request, "counter"))
    ticket = queue.call_next(counter, _user(request), request=request)
    if ticket is None:
        messages.info(request, _("Zurzeit wartet niemand in Ihrer Eingangszone. Sie können später erneut aufrufen."))
    else:
        messages.success(request, _("%(number)s ist aufgerufen.") % {"number": ticket.number})
    return redirect(_url(request, "counter"))


def _ticket(request: HttpRequest, ticket_id: int, counter: Counter) -> Ticket:
    ticket = _today_tickets(_jobcenter(request)).filter(pk=ticket_id, location_id=counter.location_id).first()
    if ticket is None:
        raise Http404
    return ticket


@require_POST
@_requires(CALL_TICKET)
def ticket_action(request: HttpRequest, ticket_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    counter = _my_counter_or_notice(request)
    if counter is None:
        return redirect(_url(request, "counter"))
    ticket = _ticket(request, ticket_id, counter)
    user = _user(request)
    done = ""
    try:
        if action == "call":
            if _current_tickets(_jobcenter(request), counter):
                messages.error(
                    request,
                    _("An Ihrem Schalter ist noch eine Nummer aufgerufen. Bitte schließen Sie sie zuerst ab."),
                )
                return redirect(_url(request, "counter"))
            try:
                queue.call_ticket(ticket, counter, user, request=request)
            except queue.AlreadyCalled:
                messages.error(request, str(CALLED_ELSEWHERE))
                return render(request, "reception/staff/counter.html", _counter_context(request), status=409)
            done = _("%(number)s ist aufgerufen.")
        elif action == "recall":
            queue.recall(ticket, counter, user, request=request)
            done = _("%(number)s ist erneut aufgerufen.")
        elif action == "start":
            queue.start_service(ticket, counter, user, request=request)
            done = _("Das Gespräch mit %(number)s hat begonnen.")
        elif action == "finish":
            queue.finish(ticket, counter, user, request=request)
            done = _("%(number)s ist erledigt.")
        elif action == "no-show":
            queue.no_show(ticket, counter, user, request=request)
            done = _("%(number)s ist als „nicht erschienen“ vermerkt.")
        elif action == "park":
            queue.park(ticket, counter, user, request=request)
            done = _("%(number)s ist zurückgestellt und kann später wieder aufgerufen werden.")
        elif action == "transfer":
            form = _transfer_form(_jobcenter(request), counter, request.POST)
            if not form.is_valid():
                messages.error(request, _("Bitte wählen Sie, wohin die Person weitergeleitet wird."))
                return redirect(_url(request, "counter"))
            moved = queue.transfer(ticket, counter, user, request=request, **form.destination())
            done = (
                _("%(number)s ist an Schalter %(counter)s weitergeleitet.")
                if moved.status == TicketStatus.CALLED
                else _("%(number)s wartet jetzt in der Warteschlange %(zone)s.")
            )
            messages.success(
                request,
                done
                % {"number": moved.number, "counter": moved.counter.name if moved.counter else "", "zone": moved.zone},
            )
            return redirect(_url(request, "counter"))
    except queue.QueueError as exc:
        messages.error(request, str(exc.message))
        return redirect(_url(request, "counter"))
    messages.success(request, done % {"number": ticket.number})
    return redirect(_url(request, "counter"))


# --- Figures ---------------------------------------------------------------------------------------


def _notice_invalid(form: FiguresForm, notices: list[str]) -> dict[str, Any]:
    form.is_valid()
    for name in form.errors:
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name
        notices.append(_("Die Angabe „%(field)s“ war ungültig und wurde nicht berücksichtigt.") % {"field": label})
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}


def _figure_range(params: dict[str, Any], notices: list[str]) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    date_to = params.get("date_to") or today
    date_from = params.get("date_from") or date_to - dt.timedelta(days=FIGURES_DEFAULT_DAYS)
    if date_from > date_to:
        notices.append(_("Das Startdatum lag nach dem Enddatum; die beiden Daten wurden getauscht."))
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days > FIGURES_MAX_DAYS:
        notices.append(_("Der Zeitraum ist auf ein Jahr begrenzt und wurde gekürzt."))
        date_from = date_to - dt.timedelta(days=FIGURES_MAX_DAYS)
    return date_from, date_to


def _figures_csv(data: QueueFigures) -> HttpResponse:
    filename = f"wartenummern-kennzahlen-{data.date_from.isoformat()}-{data.date_to.isoformat()}.csv"
    return csv_response(filename, figure_table(data))


@require_GET
@_requires(*FIGURE_PERMS)
def figures(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    locations = list(Location.objects.for_tenant(jobcenter).order_by("name"))
    form = FiguresForm(request.GET, locations=locations)
    notices: list[str] = []
    params = _notice_invalid(form, notices)
    date_from, date_to = _figure_range(params, notices)
    location = next((loc for loc in locations if loc.pk == params.get("location")), None)
    data = queue_figures(jobcenter, date_from, date_to, location=location)
    if request.GET.get("format") == "csv":
        return _figures_csv(data)
    query = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    if location is not None:
        query["location"] = str(location.pk)
    form = FiguresForm(query, locations=locations)
    context = {
        "form": form,
        "data": data,
        "notices": notices,
        "csv_url": f"?{urlencode({**query, 'format': 'csv'})}",
    }
    return render(request, "reception/staff/figures.html", context)

"""Staff side of appointments: today's list, calendars, one booking, move, cancel, outcome, booking on
a client's behalf, and the service figures.

Views parse, authorise and call ``services``. Every booking is looked up through
``services.calendar.visible_bookings``: outside the person's scope (another team, another Jobcenter)
it answers 404. Reading a client's booking is logged, so the citizen sees it in "Wer hat meine Daten
gesehen?".
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.accounts.models import User
from openjobcenter.accounts.views.common import safe_next
from openjobcenter.appointments.forms_staff import (
    CalendarForm,
    CancelForm,
    FiguresForm,
    MoveForm,
    OutcomeForm,
    SlotSearchForm,
    StaffBookingForm,
    TodayForm,
)
from openjobcenter.appointments.models import Booking, BookingStatus, Concern
from openjobcenter.appointments.services import booking as booking_service
from openjobcenter.appointments.services import calendar as cal
from openjobcenter.appointments.services.figures import AppointmentFigures, appointment_figures, figure_table
from openjobcenter.appointments.services.slots import tz
from openjobcenter.audit.services import log_read
from openjobcenter.core.csv_export import csv_response
from openjobcenter.core.models import Jobcenter, Location

View = Callable[..., HttpResponse]
PURPOSE = gettext_noop("Terminverwaltung")
SLOT_LIST_DAYS = cal.SLOT_LIST_DAYS
FIGURES_DEFAULT_DAYS = 30
FIGURES_MAX_DAYS = 731


def _requires(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed in, in this Jobcenter (else 404), and passing ``check`` (else 403)."""

    def decorator(view: View) -> View:
        @tenant_login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


viewer_required = _requires(cal.may_view_appointments)
manager_required = _requires(lambda user: cal.may_manage(user) and cal.may_view_appointments(user))
figures_required = permission_required("statistics.view_service_kpis")


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _booking(request: HttpRequest, code: str) -> Booking:
    booking = cal.visible_booking(_jobcenter(request), _user(request), code)
    if booking is None:
        raise Http404
    return booking


def _detail_url(request: HttpRequest, booking: Booking) -> str:
    return reverse("appointments:staff_booking", kwargs={"jobcenter": _jobcenter(request).slug, "code": booking.code})


def _cleaned(form: forms.Form, notices: list[str]) -> dict[str, Any]:
    """The valid parameters of a filter form; each invalid one is dropped with a notice."""
    form.is_valid()
    for name in form.errors:
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name
        notices.append(_("Die Angabe „%(field)s“ war ungültig und wurde nicht berücksichtigt.") % {"field": label})
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _home_location(user: User, locations: list[Location]) -> Location:
    """The location of the person's team, else the first one."""
    team_location = user.team.location_id if user.team is not None else None
    return next((loc for loc in locations if loc.pk == team_location), locations[0])


# --- Today's list ----------------------------------------------------------------------------------


@require_GET
@viewer_required
def today(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    locations = list(cal.calendar_locations(jobcenter, user))
    own = user.has_perm(cal.VIEW_TEAM)
    form = TodayForm(request.GET, locations=locations, include_own=own)
    notices: list[str] = []
    params = _cleaned(form, notices)
    day = params.get("date") or timezone.localdate()
    location = next((loc for loc in locations if loc.pk == params.get("location")), None)
    if location is None and not own and locations:
        location = _home_location(user, locations)  # reception has no appointments of its own
    bookings = cal.day_bookings(jobcenter, user, day, location_id=location.pk if location else None)
    context = {
        "form": form,
        "day": day,
        "is_today": day == timezone.localdate(),
        "location": location,
        "locations": locations,
        "bookings": bookings,
        "notices": notices,
        "may_manage": cal.may_manage(user),
        "now": timezone.now(),
        "show_staff": location is not None,
        "next_url": request.get_full_path(),
        "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "location_param": location.pk if location and form.data.get("location") else "",
    }
    return render(request, "appointments/staff/today.html", context)


# --- Calendar --------------------------------------------------------------------------------------


def _calendar_link(request: HttpRequest, **params: Any) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    path = reverse("appointments:staff_calendar", kwargs={"jobcenter": _jobcenter(request).slug})
    return f"{path}?{urlencode(query)}"


@require_GET
@viewer_required
def calendar(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    staff = list(cal.calendar_staff(jobcenter, user))
    locations = list(cal.calendar_locations(jobcenter, user))
    form = CalendarForm(request.GET, staff=staff, locations=locations)
    notices: list[str] = []
    params = _cleaned(form, notices)
    view = params.get("view") or "day"
    day = params.get("date") or timezone.localdate()
    person = next((p for p in staff if p.pk == params.get("staff")), None)
    location = next((loc for loc in locations if loc.pk == params.get("location")), None)
    if person is not None and location is not None:
        notices.append(_("Bitte wählen Sie eine Person oder einen Standort; gezeigt wird der Kalender der Person."))
        location = None
    if person is None and location is None:
        person = next((p for p in staff if p.pk == user.pk), None)
        if person is None and locations:
            location = _home_location(user, locations)
        elif person is None and staff:
            person = staff[0]
    first = day - dt.timedelta(days=day.weekday()) if view == "week" else day
    last = first + dt.timedelta(days=6 if view == "week" else 0)
    days = []
    if person is not None or location is not None:
        days = cal.calendar_days(
            jobcenter,
            user,
            first,
            last,
            staff_id=person.pk if person else None,
            location_id=location.pk if location else None,
        )
    # Weekends only appear when something happens on them.
    shown = [d for d in days if view == "day" or d.rows or d.day.weekday() < 5]
    step = dt.timedelta(days=7 if view == "week" else 1)
    target = {"staff": person.pk if person else None, "location": location.pk if location else None}
    context = {
        "form": form,
        "view": view,
        "day": day,
        "first": first,
        "last": last,
        "days": shown,
        "person": person,
        "location": location,
        "staff": staff,
        "locations": locations,
        "notices": notices,
        "show_staff": location is not None,
        "prev_url": _calendar_link(request, view=view, date=(day - step).isoformat(), **target),
        "next_url": _calendar_link(request, view=view, date=(day + step).isoformat(), **target),
        "today_url": _calendar_link(request, view=view, date=timezone.localdate().isoformat(), **target),
        "day_url": _calendar_link(request, view="day", date=day.isoformat(), **target),
        "week_url": _calendar_link(request, view="week", date=day.isoformat(), **target),
    }
    return render(request, "appointments/staff/calendar.html", context)


# --- One booking -----------------------------------------------------------------------------------


def _may_record(booking: Booking) -> bool:
    return booking.status != BookingStatus.CANCELLED and booking.start <= timezone.now()


@require_GET
@viewer_required
def booking_detail(request: HttpRequest, code: str) -> HttpResponse:
    booking = _booking(request, code)
    user = _user(request)
    if booking.client is not None:
        log_read(
            actor=user,
            jobcenter=_jobcenter(request),
            subject=booking.client,
            purpose=PURPOSE,
            target=booking,
            request=request,
        )
    context = {
        "booking": booking,
        "history": cal.booking_history(booking),
        "may_manage": cal.may_manage(user),
        "may_change": booking.status == BookingStatus.BOOKED,
        "may_record": _may_record(booking),
        "now": timezone.now(),
        "language_name": dict(settings.LANGUAGES).get(booking.language, booking.language),
        "next_url": request.get_full_path(),
    }
    return render(request, "appointments/staff/booking.html", context)


# --- Outcome ---------------------------------------------------------------------------------------


@require_POST
@manager_required
def outcome(request: HttpRequest, code: str) -> HttpResponse:
    booking = _booking(request, code)
    form = OutcomeForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Unbekanntes Ergebnis.")
    else:
        try:
            booking = booking_service.record_outcome(
                booking, form.cleaned_data["status"], actor=_user(request), request=request
            )
        except booking_service.BookingError as exc:
            error = str(exc.message)
    if _is_htmx(request):
        context = {
            "booking": booking,
            "may_manage": True,
            "now": timezone.now(),
            "show_staff": request.POST.get("show_staff") == "1",
            "next_url": safe_next(request),
            "row_error": error,
            "row_message": "" if error else _outcome_message(booking),
        }
        # htmx only swaps 2xx answers: an error is shown inside the row it concerns.
        return render(request, "appointments/staff/_today_row.html", context)
    if not form.is_valid():
        context = {"title": _("Unbekanntes Ergebnis"), "message": error}
        return render(request, "core/error.html", context, status=400)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _outcome_message(booking))
    return redirect(safe_next(request) or _detail_url(request, booking))


def _outcome_message(booking: Booking) -> str:
    if booking.status == BookingStatus.ATTENDED:
        return _("Erfasst: %(name)s ist zum Termin erschienen.") % {"name": booking.name}
    if booking.status == BookingStatus.NO_SHOW:
        return _(
            "Erfasst: %(name)s ist nicht erschienen (Termin am %(date)s). Über Folgen entscheiden Sie nach der an "
            "diesem Tag geltenden Rechtslage; das Portal leitet nichts automatisch ein."
        ) % {"name": booking.name, "date": formats.date_format(booking.start.astimezone(tz()), "SHORT_DATE_FORMAT")}
    return _("Das Ergebnis des Termins von %(name)s ist zurückgesetzt.") % {"name": booking.name}


# --- Cancel ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@manager_required
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    booking = _booking(request, code)
    form = CancelForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking_service.cancel(
                    booking, actor=_user(request), by_staff=True, reason=form.cleaned_data["reason"], request=request
                )
            except booking_service.BookingError as exc:
                form.add_error("reason" if "reason" in exc.fields else None, str(exc.message))
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Der Termin ist abgesagt. %(name)s erhält eine E-Mail mit dem Grund.") % {"name": booking.name},
                )
                return redirect(_detail_url(request, booking))
        else:
            status = 400
    context = {"booking": booking, "form": form, "may_change": booking.status == BookingStatus.BOOKED}
    return render(request, "appointments/staff/cancel.html", context, status=status)


# --- Move ------------------------------------------------------------------------------------------


def _query_with(query: QueryDict, **changes: dt.date) -> str:
    params = {key: str(value) for key, value in query.items()}
    params.update({key: value.isoformat() for key, value in changes.items()})
    return f"?{urlencode(params)}"


@require_http_methods(["GET", "POST"])
@manager_required
def move(request: HttpRequest, code: str) -> HttpResponse:
    jobcenter = _jobcenter(request)
    booking = _booking(request, code)
    locations = list(Location.objects.for_tenant(jobcenter).filter(is_active=True).order_by("name"))
    staff = cal.staff_for_concern(jobcenter, booking.concern)
    query = request.GET.copy()
    query.setdefault("date", timezone.localdate().isoformat())
    search = SlotSearchForm(query, locations=locations, staff=staff)
    notices: list[str] = []
    params = _cleaned(search, notices)
    first = max(params.get("date") or timezone.localdate(), timezone.localdate())
    slot_days: list[cal.SlotDay] = []
    next_free: dt.datetime | None = None
    if booking.status == BookingStatus.BOOKED:
        slot_days, next_free = cal.free_slot_days(
            jobcenter,
            booking.concern,
            booking.channel,
            first,
            location_id=params.get("location"),
            staff_id=params.get("staff"),
            exclude=booking.slot_id,
        )
    form = MoveForm(request.POST if request.method == "POST" else None)
    status = 200
    alternatives: list[cal.Alternative] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                moved = booking_service.reschedule(
                    booking,
                    form.cleaned_data["slot"],
                    actor=_user(request),
                    by_staff=True,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except booking_service.SlotTaken as exc:
                form.add_error(None, str(exc.message))
                alternatives = cal.named_alternatives(jobcenter, exc.alternatives)
                status = exc.status
            except booking_service.BookingError as exc:
                form.add_error("reason" if "reason" in exc.fields else None, str(exc.message))
                status = exc.status
            else:
                when = timezone.localtime(moved.start)
                messages.success(
                    request,
                    _("Der Termin ist verschoben auf %(date)s, %(time)s. %(name)s erhält eine E-Mail.")
                    % {
                        "date": formats.date_format(when, "SHORT_DATE_FORMAT"),
                        "time": formats.time_format(when, "TIME_FORMAT"),
                        "name": moved.name,
                    },
                )
                return redirect(_detail_url(request, moved))
        else:
            status = 400
    context = {
        "booking": booking,
        "search": search,
        "form": form,
        "notices": notices,
        "slot_days": slot_days,
        "next_free": next_free,
        "next_free_url": _query_with(query, date=timezone.localtime(next_free).date()) if next_free else "",
        "alternatives": alternatives,
        "chosen": str(request.POST.get("slot", "")),
        "first": first,
        "may_change": booking.status == BookingStatus.BOOKED,
        "earlier_url": _query_with(query, date=first - dt.timedelta(days=SLOT_LIST_DAYS)),
        "later_url": _query_with(query, date=first + dt.timedelta(days=SLOT_LIST_DAYS)),
        "show_earlier": first > timezone.localdate(),
    }
    return render(request, "appointments/staff/move.html", context, status=status)


# --- Booking on a client's behalf ------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _person_request(form: StaffBookingForm, client: User | None) -> dict[str, Any]:
    if client is not None:
        return {"name": client.get_full_name() or client.email, "email": client.email, "language": client.language}
    data = form.cleaned_data
    return {"name": data["name"], "email": data["email"], "phone": data.get("phone", ""), "language": data["language"]}


@require_http_methods(["GET", "POST"])
@manager_required
def book_for_client(request: HttpRequest) -> HttpResponse:
    jobcenter, user = _jobcenter(request), _user(request)
    source = request.POST if request.method == "POST" else request.GET
    notices: list[str] = []
    client_id = _int(source.get("client"))
    client = cal.client_of(jobcenter, client_id) if client_id else None
    if client_id and client is None:
        notices.append(_("Diese Person wurde nicht gefunden. Bitte suchen Sie erneut."))
    query = request.GET.get("q", "").strip()[:100]
    results = cal.find_clients(jobcenter, query) if query and client is None else []
    if client is not None and request.method == "GET":
        log_read(
            actor=user,
            jobcenter=jobcenter,
            subject=client,
            purpose=PURPOSE,
            target=client,
            action="appointments.client_opened_for_booking",
            request=request,
        )
    concerns = list(Concern.objects.for_tenant(jobcenter).filter(is_active=True).prefetch_related("teams"))
    locations = list(Location.objects.for_tenant(jobcenter).filter(is_active=True).order_by("name"))
    action = request.POST.get("action", "search")
    if request.method == "POST":
        form = StaffBookingForm(
            request.POST, concerns=concerns, locations=locations, client=client, require_person=action == "book"
        )
    else:
        initial = {
            "client": client.pk if client else None,
            "request_key": secrets.token_urlsafe(24),
            "date": timezone.localdate(),
        }
        form = StaffBookingForm(None, concerns=concerns, locations=locations, client=client, initial=initial)
    status, searched = 200, False
    slot_days: list[cal.SlotDay] = []
    alternatives: list[cal.Alternative] = []
    next_free: dt.datetime | None = None
    if form.is_bound:
        valid = form.is_valid()
        concern = form.chosen_concern
        if concern is not None and "channel" not in form.errors and form.cleaned_data.get("channel"):
            data = form.cleaned_data
            first = max(data.get("date") or timezone.localdate(), timezone.localdate())
            slot_days, next_free = cal.free_slot_days(
                jobcenter, concern, data["channel"], first, location_id=data.get("location")
            )
            searched = True
        if action == "book" and valid and concern is not None:
            if not form.cleaned_data.get("slot"):
                form.add_error("slot", _("Bitte wählen Sie einen freien Termin."))
            else:
                response = _book(request, form, concern, client)
                if isinstance(response, HttpResponse):
                    return response
                status, alternatives = response
        if form.errors and status == 200:
            status = 400
    context = {
        "form": form,
        "client": client,
        "query": query,
        "results": results,
        "notices": notices,
        "upcoming": cal.upcoming_bookings_of(jobcenter, client) if client else [],
        "slot_days": slot_days,
        "searched": searched,
        "next_free": next_free,
        "alternatives": alternatives,
        "chosen": str(request.POST.get("slot", "")),
    }
    return render(request, "appointments/staff/book.html", context, status=status)


def _book(
    request: HttpRequest, form: StaffBookingForm, concern: Concern, client: User | None
) -> HttpResponse | tuple[int, list[cal.Alternative]]:
    """Book; the redirect on success, else the status and the alternatives (with errors on the form)."""
    jobcenter = _jobcenter(request)
    data = form.cleaned_data
    book_request = booking_service.BookingRequest(
        slot_id=data["slot"],
        concern=concern,
        channel=data["channel"],
        client=client,
        booked_by=_user(request),
        request_key=data.get("request_key") or None,
        **_person_request(form, client),
    )
    try:
        booking, created = booking_service.book(jobcenter, book_request, request=request)
    except booking_service.SlotTaken as exc:
        form.add_error("slot", str(exc.message))
        return exc.status, cal.named_alternatives(jobcenter, exc.alternatives)
    except booking_service.SignInRequired:
        form.add_error(
            "concern",
            _(
                "Für dieses Anliegen braucht die Person ein Konto. Suchen Sie die Person oben oder wählen Sie ein anderes Anliegen."
            ),
        )
        return 400, []
    except booking_service.BookingError as exc:
        for field, errors in exc.fields.items():
            name = "slot" if field == "slot_id" else field
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
        if not exc.fields:
            form.add_error("slot" if exc.status == 409 else None, str(exc.message))
        return exc.status, []
    if created:
        messages.success(
            request,
            _("Der Termin ist gebucht (Buchungsnummer %(code)s). Die Bestätigung geht an %(email)s.")
            % {"code": booking.display_code, "email": booking.email},
        )
    else:
        messages.info(request, _("Dieser Termin war schon gebucht; es wurde kein zweiter angelegt."))
    return redirect(_detail_url(request, booking))


# --- Figures ---------------------------------------------------------------------------------------


def _figure_range(form: FiguresForm, notices: list[str]) -> tuple[dt.date, dt.date]:
    params = _cleaned(form, notices)
    today_ = timezone.localdate()
    date_to = params.get("date_to") or today_
    date_from = params.get("date_from") or date_to - dt.timedelta(days=FIGURES_DEFAULT_DAYS)
    if date_from > date_to:
        notices.append(_("Das Startdatum lag nach dem Enddatum; die beiden Daten wurden getauscht."))
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days > FIGURES_MAX_DAYS:
        notices.append(_("Der Zeitraum ist auf zwei Jahre begrenzt und wurde gekürzt."))
        date_from = date_to - dt.timedelta(days=FIGURES_MAX_DAYS)
    return date_from, date_to


def _figures_csv(data: AppointmentFigures) -> HttpResponse:
    filename = f"termine-kennzahlen-{data.date_from.isoformat()}-{data.date_to.isoformat()}.csv"
    return csv_response(filename, figure_table(data))


@require_GET
@figures_required
def figures(request: HttpRequest) -> HttpResponse:
    form = FiguresForm(request.GET)
    notices: list[str] = []
    date_from, date_to = _figure_range(form, notices)
    data = appointment_figures(_jobcenter(request), date_from, date_to)
    if request.GET.get("format") == "csv":
        return _figures_csv(data)
    csv_url = f"?{urlencode({'date_from': date_from.isoformat(), 'date_to': date_to.isoformat(), 'format': 'csv'})}"
    form = FiguresForm({"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    context = {"form": form, "data": data, "notices": notices, "csv_url": csv_url}
    return render(request, "appointments/staff/figures.html", context)

"""Staff UI for availability (weekly hours, absences), concerns and the Jobcenter's booking rules.

Views parse, authorise and call ``appointments.services``. A person is only found among the staff
the signed-in user may manage (``manageable_staff``), so a colleague one may not edit, or anybody
of another Jobcenter, is a 404, never someone else's data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.appointments.forms_manage import (
    AbsenceForm,
    BookingPolicyForm,
    ConcernForm,
    WorkingHoursForm,
    languages_with_text,
)
from openjobcenter.appointments.models import Channel, Concern, WorkingHours
from openjobcenter.appointments.services import availability as svc
from openjobcenter.appointments.services import concerns as concern_services
from openjobcenter.appointments.services.booking import policy_for
from openjobcenter.core.models import Jobcenter

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

View = Callable[..., HttpResponse]
GET_POST = require_http_methods(["GET", "POST"])
manage_concerns = permission_required("appointments.manage_concerns")
manage_settings = permission_required("core.manage_settings")


def availability_required(view: View) -> View:
    """Signed in, in this Jobcenter, and allowed to maintain someone's availability (own or others')."""

    @tenant_login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not svc.may_manage_availability(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _staff(request: HttpRequest, staff_id: int) -> User:
    return get_object_or_404(svc.manageable_staff(_jobcenter(request), request.user), pk=staff_id)


def _back(url_name: str, jobcenter: Jobcenter, **kwargs: Any) -> HttpResponse:
    """Back to a page after a change, scrolled to the top of the content where the message is
    (a form posted to ``…#fehler`` would otherwise keep that fragment)."""
    return redirect(reverse(url_name, kwargs={"jobcenter": jobcenter.slug, **kwargs}) + "#main")


def _pick[T](objects: Mapping[int, T], raw: str | None) -> T | None:
    """The object whose id a form or link names; ``None`` when none is named, 404 when unknown."""
    if not raw:
        return None
    try:
        return objects[int(raw)]
    except (KeyError, ValueError):
        raise Http404 from None


def _warn_displaced(request: HttpRequest, staff: User) -> None:
    count = svc.displaced_bookings(_jobcenter(request), [staff.pk]).count()
    if count:
        messages.warning(
            request,
            ngettext(
                "%(count)s gebuchter Termin liegt jetzt außerhalb der Sprechzeiten. Bitte verschieben Sie ihn; "
                "er wurde nicht abgesagt.",
                "%(count)s gebuchte Termine liegen jetzt außerhalb der Sprechzeiten. Bitte verschieben Sie sie; "
                "sie wurden nicht abgesagt.",
                count,
            )
            % {"count": count},
        )


def _channel_labels(values: list[str]) -> list[str]:
    return [str(label) for value, label in Channel.choices if value in values]


def _duration(minutes: int) -> str:
    """1440 → "1 Tag", 120 → "2 Std.", 90 → "90 Min."."""
    if minutes and minutes % 1440 == 0:
        days = minutes // 1440
        return ngettext("%(count)s Tag", "%(count)s Tage", days) % {"count": days}
    if minutes and minutes % 60 == 0:
        return _("%(count)s Std.") % {"count": minutes // 60}
    return _("%(count)s Min.") % {"count": minutes}


# --- Availability: overview, weekly hours, absences --------------------------------------------


@require_GET
@availability_required
def availability(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    people = list(svc.manageable_staff(jobcenter, request.user))
    context = {"rows": svc.availability_overview(jobcenter, people)}
    return render(request, "appointments/manage/availability.html", context)


@dataclass(frozen=True)
class EntryRow:
    entry: WorkingHours
    channels: list[str]
    state: str  # "current", "planned" or "ended"


def _entry_rows(entries: list[WorkingHours]) -> list[EntryRow]:
    today = timezone.localdate()
    rows = []
    for entry in entries:
        state = "current" if entry.valid_on(today) else ("planned" if entry.valid_from > today else "ended")
        rows.append(EntryRow(entry, _channel_labels(entry.channels), state))
    return rows


def _staff_context(request: HttpRequest, staff: User) -> dict[str, Any]:
    return {
        "person": staff,
        "is_self": staff.pk == request.user.pk,
        "displaced": list(svc.displaced_bookings(_jobcenter(request), [staff.pk])),
    }


@GET_POST
@availability_required
def working_hours(request: HttpRequest, staff_id: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    staff = _staff(request, staff_id)
    entries = svc.entries_of(jobcenter, staff)
    by_pk = {entry.pk: entry for entry in entries}
    back = _back("appointments:working_hours", jobcenter, staff_id=staff.pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        doomed = _pick(by_pk, request.POST.get("entry"))
        if doomed is None:
            raise Http404
        described = svc.describe(doomed)
        svc.delete_working_hours(doomed, actor=_actor(request), request=request)
        messages.success(request, _("Die Sprechzeit „%(entry)s“ wurde gelöscht.") % {"entry": described})
        _warn_displaced(request, staff)
        return back
    editing = _pick(by_pk, request.POST.get("entry") if request.method == "POST" else request.GET.get("edit"))
    deleting = _pick(by_pk, request.GET.get("delete")) if request.method == "GET" else None
    form = WorkingHoursForm(
        request.POST or None,
        initial=WorkingHoursForm.initial_for(editing, timezone.localdate()),
        jobcenter=jobcenter,
        entry=editing,
    )
    context = {
        **_staff_context(request, staff),
        "rows": _entry_rows(entries),
        "form": form,
        "editing": editing,
        "deleting": deleting,
        "deleting_label": svc.describe(deleting) if deleting else "",
    }
    template = "appointments/manage/working_hours.html"
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            if editing is not None:
                changed = svc.update_working_hours(editing, form.entries()[0], actor=_actor(request), request=request)
                message = _("Die Sprechzeit wurde geändert.") if changed else _("Sie haben nichts geändert.")
            else:
                created = svc.create_working_hours(
                    jobcenter, staff, form.entries(), actor=_actor(request), request=request
                )
                message = ngettext(
                    "Die Sprechzeit wurde angelegt.", "%(count)s Sprechzeiten wurden angelegt.", len(created)
                ) % {"count": len(created)}
        except ValidationError as error:
            if editing is not None:
                editing.refresh_from_db()
            form.add_service_error(error)
        else:
            messages.success(request, message)
            _warn_displaced(request, staff)
            return back
    return render(request, template, context, status=400)


@GET_POST
@availability_required
def absences(request: HttpRequest, staff_id: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    staff = _staff(request, staff_id)
    back = _back("appointments:absences", jobcenter, staff_id=staff.pk)
    upcoming = list(svc.upcoming_absences(jobcenter, staff))
    if request.method == "POST" and request.POST.get("action") == "delete":
        absence = _pick({a.pk: a for a in upcoming}, request.POST.get("absence"))
        if absence is None:
            raise Http404
        svc.delete_absence(absence, actor=_actor(request), request=request)
        messages.success(request, _("Die Abwesenheit wurde gelöscht. Freie Zeiten sind wieder buchbar."))
        return back
    form = AbsenceForm(request.POST or None)
    context = {
        **_staff_context(request, staff),
        "absences": [svc.AbsencePeriod(absence) for absence in upcoming],
        "form": form,
        "holidays": svc.upcoming_holidays(jobcenter),
        "holiday_weeks": svc.HOLIDAY_WEEKS,
        "state": jobcenter.get_state_display(),
    }
    template = "appointments/manage/absences.html"
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            svc.create_absence(jobcenter, staff, form.absence, actor=_actor(request), request=request)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Die Abwesenheit wurde eingetragen. In dieser Zeit werden keine Termine angeboten.")
            )
            _warn_displaced(request, staff)
            return back
    return render(request, template, context, status=400)


# --- Concerns ---------------------------------------------------------------------------------


@require_GET
@manage_concerns
def concern_list(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    rows = [
        {
            "concern": concern,
            "channels": _channel_labels(concern.channels),
            "languages": languages_with_text(jobcenter, concern.name),
            "lead": _duration(concern.min_lead_minutes),
        }
        for concern in concern_services.concerns_for_admin(jobcenter)
    ]
    return render(request, "appointments/manage/concern_list.html", {"rows": rows})


def _concern_form_response(
    request: HttpRequest, form: ConcernForm, concern: Concern | None, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "concern": concern}
    return render(request, "appointments/manage/concern_form.html", context, status=status)


@GET_POST
@manage_concerns
def concern_create(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = ConcernForm(request.POST or None, initial=ConcernForm.initial_for(None), jobcenter=jobcenter)
    if request.method != "POST":
        return _concern_form_response(request, form, None)
    if form.is_valid():
        try:
            concern = concern_services.create_concern(jobcenter, form.to_data(), actor=_actor(request), request=request)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Das Anliegen „%(name)s“ wurde angelegt.") % {"name": concern.display_name()})
            return _back("appointments:concern_list", jobcenter)
    return _concern_form_response(request, form, None, status=400)


@GET_POST
@manage_concerns
def concern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    concern = get_object_or_404(Concern.objects.for_tenant(jobcenter), pk=pk)
    form = ConcernForm(
        request.POST or None, initial=ConcernForm.initial_for(concern), jobcenter=jobcenter, concern=concern
    )
    if request.method != "POST":
        return _concern_form_response(request, form, concern)
    if form.is_valid():
        try:
            changed = concern_services.update_concern(concern, form.to_data(), actor=_actor(request), request=request)
        except ValidationError as error:
            concern.refresh_from_db()
            form.add_service_error(error)
        else:
            if not changed:
                messages.info(request, _("Sie haben nichts geändert."))
            elif "is_active" in changed and not concern.is_active:
                messages.success(
                    request,
                    _("Das Anliegen kann nicht mehr gebucht werden. Bereits gebuchte Termine bleiben bestehen."),
                )
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
            return _back("appointments:concern_list", jobcenter)
    return _concern_form_response(request, form, concern, status=400)


# --- Booking rules ----------------------------------------------------------------------------


@GET_POST
@manage_settings
def policy(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    current = policy_for(jobcenter)
    form = BookingPolicyForm(request.POST or None, initial=BookingPolicyForm.initial_for(current))
    context = {"form": form, "policy": current, "server_challenge": settings.BOOKING_CHALLENGE}
    template = "appointments/manage/policy.html"
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            changed = concern_services.update_booking_policy(
                jobcenter, form.cleaned_data, actor=_actor(request), request=request
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Die Buchungsregeln wurden gespeichert.") if changed else _("Sie haben nichts geändert.")
            )
            return _back("appointments:policy", jobcenter)
    return render(request, template, context, status=400)

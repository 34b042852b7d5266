"""Administering the walk-in queue: zone settings, counters, and where the displays and kiosks are.

Views parse, authorise and call ``reception.services.admin``. Zones and counters are looked up
among the signed-in person's Jobcenter only, so another Jobcenter's zone or counter is a 404.
Zone settings and counters need ``reception.manage_queue`` (Jobcenter admin, team lead); the list
of display and kiosk addresses is also open to reception staff (``reception.view_queue``), who
set up the screens in the waiting room.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.core.models import Jobcenter, ReceptionZone
from openjobcenter.reception.forms_manage import CounterForm, ZoneSettingsForm
from openjobcenter.reception.models import Counter
from openjobcenter.reception.services import admin

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

View = Callable[..., HttpResponse]
GET_POST = require_http_methods(["GET", "POST"])
MANAGE = "reception.manage_queue"
manage_queue = permission_required(MANAGE)


def display_viewer_required(view: View) -> View:
    """Signed in, in this Jobcenter, and working at reception or administering the queue."""

    @tenant_login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.has_perm("reception.view_queue") or request.user.has_perm(MANAGE)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _back(jobcenter: Jobcenter, anchor: str = "main") -> HttpResponse:
    return redirect(reverse("reception:counter_list", kwargs={"jobcenter": jobcenter.slug}) + f"#{anchor}")


def _zone(request: HttpRequest, zone_id: int) -> ReceptionZone:
    return get_object_or_404(
        ReceptionZone.objects.for_tenant(_jobcenter(request)).select_related("location"), pk=zone_id
    )


# --- Overview: zones with their settings and counters --------------------------------------------


@require_GET
@manage_queue
def counter_list(request: HttpRequest) -> HttpResponse:
    zones = list(admin.zones_for_admin(_jobcenter(request)))
    locations: dict[int, dict[str, Any]] = {}
    for zone in zones:
        entry = locations.setdefault(zone.location_id, {"location": zone.location, "zones": []})
        settings = admin.loaded_settings(zone)
        entry["zones"].append(
            {
                "zone": zone,
                "settings": settings,
                "concerns": list(settings.concerns.all()) if settings.pk else [],
                "counters": list(zone.counters.all()),
            }
        )
    return render(request, "reception/manage/counter_list.html", {"locations": list(locations.values())})


# --- Zone settings -------------------------------------------------------------------------------


@GET_POST
@manage_queue
def zone_settings(request: HttpRequest, zone_id: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    zone = _zone(request, zone_id)
    current = admin.settings_of(zone)
    form = ZoneSettingsForm(
        request.POST or None, initial=ZoneSettingsForm.initial_for(current), jobcenter=jobcenter, current=current
    )
    context = {"form": form, "zone": zone}
    template = "reception/manage/zone_settings.html"
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            changed = admin.update_zone_settings(zone, form.to_data(), actor=_actor(request), request=request)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if changed:
                messages.success(
                    request,
                    _("Die Einstellungen der Eingangszone %(zone)s wurden gespeichert.") % {"zone": zone.code},
                )
            else:
                messages.info(request, _("Sie haben nichts geändert."))
            return _back(jobcenter, f"zone-{zone.pk}")
    return render(request, template, context, status=400)


# --- Counters ------------------------------------------------------------------------------------


def _counter_form_response(
    request: HttpRequest, form: CounterForm, counter: Counter | None, *, status: int = 200
) -> HttpResponse:
    return render(request, "reception/manage/counter_form.html", {"form": form, "counter": counter}, status=status)


@GET_POST
@manage_queue
def counter_create(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    preset = None
    raw_zone = request.GET.get("zone", "")
    if raw_zone.isdigit():
        preset = ReceptionZone.objects.for_tenant(jobcenter).filter(pk=int(raw_zone)).first()
    form = CounterForm(request.POST or None, initial=CounterForm.initial_for(None, zone=preset), jobcenter=jobcenter)
    if request.method != "POST":
        return _counter_form_response(request, form, None)
    if form.is_valid():
        try:
            counter = admin.create_counter(jobcenter, form.to_data(), actor=_actor(request), request=request)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Der Schalter „%(name)s“ in der Eingangszone %(zone)s wurde angelegt.")
                % {"name": counter.name, "zone": counter.zone.code},
            )
            return _back(jobcenter, f"zone-{counter.zone_id}")
    return _counter_form_response(request, form, None, status=400)


@GET_POST
@manage_queue
def counter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    counter = get_object_or_404(
        Counter.objects.for_tenant(jobcenter).select_related("zone", "zone__location", "jobcenter"), pk=pk
    )
    form = CounterForm(request.POST or None, initial=CounterForm.initial_for(counter), jobcenter=jobcenter)
    if request.method != "POST":
        return _counter_form_response(request, form, counter)
    if form.is_valid():
        try:
            changed = admin.update_counter(counter, form.to_data(), actor=_actor(request), request=request)
        except ValidationError as error:
            counter.refresh_from_db()
            form.add_service_error(error)
        else:
            if not changed:
                messages.info(request, _("Sie haben nichts geändert."))
            elif "is_active" in changed and not counter.is_active:
                messages.success(
                    request,
                    _("Der Schalter „%(name)s“ ist außer Betrieb. Wer dort saß, wurde abgemeldet.")
                    % {"name": counter.name},
                )
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
            return _back(jobcenter, f"zone-{counter.zone_id}")
    return _counter_form_response(request, form, counter, status=400)


# --- Where the call displays and kiosks are --------------------------------------------------------


@require_GET
@display_viewer_required
def display_list(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    zones = (
        ReceptionZone.objects.for_tenant(jobcenter)
        .filter(location__is_active=True)
        .select_related("location", "queue_settings")
        .order_by("location__name", "code")
    )
    locations: dict[int, dict[str, Any]] = {}
    for zone in zones:
        entry = locations.setdefault(zone.location_id, {"location": zone.location, "zones": []})
        entry["zones"].append({"zone": zone, "settings": admin.loaded_settings(zone)})
    context = {"locations": list(locations.values()), "may_manage": request.user.has_perm(MANAGE)}
    return render(request, "reception/manage/display_list.html", context)

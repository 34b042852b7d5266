"""Jobcenter-admin UI: locations (with opening hours and reception zones), teams, settings.

Views parse, authorise and call ``core.services``. Objects are always looked up inside
``request.jobcenter``, so an admin of another Jobcenter gets a 404, never someone else's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.core.forms_manage import (
    BaseOpeningHoursFormSet,
    BaseReceptionZoneFormSet,
    JobcenterSettingsForm,
    LocationForm,
    OpeningHoursFormSet,
    ReceptionZoneFormSet,
    TeamForm,
    hours_initial,
    offered_languages,
    zones_initial,
)
from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone, Team
from openjobcenter.core.services import locations as location_services
from openjobcenter.core.services import teams as team_services
from openjobcenter.core.services.hours import summarise
from openjobcenter.core.services.tenants import update_jobcenter_settings

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

GET_POST = require_http_methods(["GET", "POST"])
manage_locations = permission_required("core.manage_locations")
manage_teams = permission_required("core.manage_teams")
manage_settings = permission_required("core.manage_settings")


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> User:
    # The permission decorators have already turned anonymous visitors away.
    return cast("User", request.user)


def _location(request: HttpRequest, pk: int) -> Location:
    return get_object_or_404(Location.objects.for_tenant(_jobcenter(request)), pk=pk)


def _team(request: HttpRequest, pk: int) -> Team:
    return get_object_or_404(Team.objects.for_tenant(_jobcenter(request)).select_related("location"), pk=pk)


def _form_error(form: BaseForm | BaseFormSet, error: ValidationError) -> None:
    """Show a service's validation error on the form (field errors on their field)."""
    if isinstance(form, BaseFormSet):
        form._non_form_errors = form.error_class(error.messages)  # type: ignore[attr-defined]
    elif hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def _invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400)


# --- Locations -------------------------------------------------------------------------------


@require_http_methods(["GET"])
@manage_locations
def location_list(request: HttpRequest) -> HttpResponse:
    locations = location_services.locations_for_admin(_jobcenter(request))
    return render(request, "core/manage/location_list.html", {"locations": locations})


@GET_POST
@manage_locations
def location_create(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = LocationForm(request.POST or None, jobcenter=jobcenter)
    context = {"form": form, "location": None}
    if request.method != "POST":
        return render(request, "core/manage/location_form.html", context)
    if form.is_valid():
        try:
            location = location_services.create_location(
                jobcenter, form.to_fields(), actor=_actor(request), request=request
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Der Standort „%(name)s“ wurde angelegt.") % {"name": location.name})
            return redirect("core:location_detail", jobcenter=jobcenter.slug, pk=location.pk)
    return _invalid(request, "core/manage/location_form.html", context)


@require_http_methods(["GET"])
@manage_locations
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location(request, pk)
    jobcenter = _jobcenter(request)
    hours = list(OpeningHours.objects.for_tenant(jobcenter).filter(location=location))
    context = {
        "location": location,
        "hours_summary": summarise(hours),
        "zones": ReceptionZone.objects.for_tenant(jobcenter).filter(location=location),
        "teams": Team.objects.for_tenant(jobcenter).filter(location=location),
        "text_languages": [name for code, name in offered_languages(jobcenter) if location.accessibility.get(code)],
    }
    return render(request, "core/manage/location_detail.html", context)


@GET_POST
@manage_locations
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location(request, pk)
    jobcenter = _jobcenter(request)
    form = LocationForm(request.POST or None, initial=LocationForm.initial_for(location), jobcenter=jobcenter)
    context = {"form": form, "location": location}
    if request.method != "POST":
        return render(request, "core/manage/location_form.html", context)
    if form.is_valid():
        try:
            changed = location_services.update_location(
                location, form.to_fields(), actor=_actor(request), request=request
            )
        except ValidationError as error:
            location.refresh_from_db()
            _form_error(form, error)
        else:
            if changed:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
            else:
                messages.info(request, _("Sie haben nichts geändert."))
            return redirect("core:location_detail", jobcenter=jobcenter.slug, pk=location.pk)
    return _invalid(request, "core/manage/location_form.html", context)


@GET_POST
@manage_locations
def location_hours(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location(request, pk)
    jobcenter = _jobcenter(request)
    current = list(OpeningHours.objects.for_tenant(jobcenter).filter(location=location))
    formset = cast(
        BaseOpeningHoursFormSet,
        OpeningHoursFormSet(request.POST or None, initial=hours_initial(current), prefix="hours"),
    )
    context = {"formset": formset, "location": location}
    if request.method != "POST":
        return render(request, "core/manage/location_hours.html", context)
    if formset.is_valid():
        try:
            location_services.replace_opening_hours(location, formset.periods(), actor=_actor(request), request=request)
        except ValidationError as error:
            _form_error(formset, error)
        else:
            messages.success(request, _("Die Öffnungszeiten wurden gespeichert."))
            return redirect("core:location_detail", jobcenter=jobcenter.slug, pk=location.pk)
    return _invalid(request, "core/manage/location_hours.html", context)


@GET_POST
@manage_locations
def location_zones(request: HttpRequest, pk: int) -> HttpResponse:
    location = _location(request, pk)
    jobcenter = _jobcenter(request)
    current = list(ReceptionZone.objects.for_tenant(jobcenter).filter(location=location))
    formset = cast(
        BaseReceptionZoneFormSet,
        ReceptionZoneFormSet(
            request.POST or None, initial=zones_initial(current), prefix="zones", form_kwargs={"jobcenter": jobcenter}
        ),
    )
    context = {"formset": formset, "location": location}
    if request.method != "POST":
        return render(request, "core/manage/location_zones.html", context)
    if formset.is_valid():
        try:
            location_services.replace_reception_zones(location, formset.zones(), actor=_actor(request), request=request)
        except ValidationError as error:
            _form_error(formset, error)
        else:
            messages.success(request, _("Die Eingangszonen wurden gespeichert."))
            return redirect("core:location_detail", jobcenter=jobcenter.slug, pk=location.pk)
    return _invalid(request, "core/manage/location_zones.html", context)


@GET_POST
@manage_locations
def location_status(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates (or reactivates) the location."""
    location = _location(request, pk)
    jobcenter = _jobcenter(request)
    if request.method == "POST":
        activate = request.POST.get("active") == "1"
        location_services.set_location_active(location, active=activate, actor=_actor(request), request=request)
        if activate:
            messages.success(request, _("Der Standort ist wieder aktiv und öffentlich sichtbar."))
        else:
            messages.success(request, _("Der Standort wurde deaktiviert und erscheint nicht mehr öffentlich."))
        return redirect("core:location_detail", jobcenter=jobcenter.slug, pk=location.pk)
    context = {"object": location, "kind": "location"}
    return render(request, "core/manage/confirm_status.html", context)


# --- Teams -----------------------------------------------------------------------------------


@require_http_methods(["GET"])
@manage_teams
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/manage/team_list.html", {"teams": team_services.teams_for_admin(_jobcenter(request))})


@GET_POST
@manage_teams
def team_create(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = TeamForm(request.POST or None, jobcenter=jobcenter)
    context = {"form": form, "team": None}
    if request.method != "POST":
        return render(request, "core/manage/team_form.html", context)
    if form.is_valid():
        try:
            team = team_services.create_team(jobcenter, form.cleaned_data, actor=_actor(request), request=request)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Das Team „%(name)s“ wurde angelegt.") % {"name": team.name})
            return redirect("core:team_list", jobcenter=jobcenter.slug)
    return _invalid(request, "core/manage/team_form.html", context)


@GET_POST
@manage_teams
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    jobcenter = _jobcenter(request)
    initial = {"name": team.name, "description": team.description, "location": team.location_id}
    form = TeamForm(request.POST or None, initial=initial, jobcenter=jobcenter, team=team)
    context = {"form": form, "team": team}
    if request.method != "POST":
        return render(request, "core/manage/team_form.html", context)
    if form.is_valid():
        try:
            changed = team_services.update_team(team, form.cleaned_data, actor=_actor(request), request=request)
        except ValidationError as error:
            team.refresh_from_db()
            _form_error(form, error)
        else:
            messages.success(
                request, _("Die Änderungen wurden gespeichert.") if changed else _("Sie haben nichts geändert.")
            )
            return redirect("core:team_list", jobcenter=jobcenter.slug)
    return _invalid(request, "core/manage/team_form.html", context)


@GET_POST
@manage_teams
def team_status(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request, pk)
    jobcenter = _jobcenter(request)
    if request.method == "POST":
        activate = request.POST.get("active") == "1"
        team_services.set_team_active(team, active=activate, actor=_actor(request), request=request)
        if activate:
            messages.success(request, _("Das Team „%(name)s“ ist wieder aktiv.") % {"name": team.name})
        else:
            messages.success(request, _("Das Team „%(name)s“ wurde deaktiviert.") % {"name": team.name})
        return redirect("core:team_list", jobcenter=jobcenter.slug)
    return render(request, "core/manage/confirm_status.html", {"object": team, "kind": "team"})


# --- The Jobcenter's own settings --------------------------------------------------------------


@GET_POST
@manage_settings
def jobcenter_settings(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    # A separate copy: a rejected form must not change what header and footer show.
    editable = Jobcenter.objects.get(pk=jobcenter.pk)
    form = JobcenterSettingsForm(request.POST or None, instance=editable)
    context = {"form": form}
    if request.method != "POST":
        return render(request, "core/manage/settings.html", context)
    if form.is_valid():
        fields = {**form.cleaned_data}
        try:
            changed = update_jobcenter_settings(jobcenter, fields, actor=_actor(request), request=request)
        except ValidationError as error:
            jobcenter.refresh_from_db()
            _form_error(form, error)
        else:
            messages.success(
                request, _("Die Einstellungen wurden gespeichert.") if changed else _("Sie haben nichts geändert.")
            )
            return redirect("core:jobcenter_settings", jobcenter=jobcenter.slug)
    return _invalid(request, "core/manage/settings.html", context)

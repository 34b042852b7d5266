"""Changing a Jobcenter's locations, their opening hours and reception zones.

Every function validates, changes the rows in one transaction and writes an audit entry. The
caller has already checked the permission; these functions check that every object belongs to
the given Jobcenter, so a mistake in a view cannot reach another tenant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone
from openjobcenter.core.services.hours import Period, first_conflict

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

LOCATION_FIELDS = ("name", "street", "postal_code", "city", "phone", "email", "accessibility", "directions")


@dataclass(frozen=True)
class ZoneData:
    """A reception zone as entered: ``pk`` is ``None`` for a new one."""

    pk: int | None
    code: str
    name: dict[str, str]
    floor: str = ""


def locations_for_admin(jobcenter: Jobcenter) -> QuerySet[Location]:
    """All locations, active first, with the counts the list shows, in one query."""
    return (
        Location.objects.for_tenant(jobcenter)
        .annotate(zone_count=Count("reception_zones", distinct=True), team_count=Count("teams", distinct=True))
        .order_by("-is_active", "name")
    )


def _apply(location: Location, fields: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in LOCATION_FIELDS:
        if name in fields and getattr(location, name) != fields[name]:
            setattr(location, name, fields[name])
            changed.append(name)
    return changed


def _check_name_free(location: Location) -> None:
    taken = Location.objects.for_tenant(location.jobcenter).filter(name__iexact=location.name)
    if location.pk:
        taken = taken.exclude(pk=location.pk)
    if taken.exists():
        raise ValidationError({"name": _("Es gibt bereits einen Standort mit diesem Namen.")})


def create_location(
    jobcenter: Jobcenter, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Location:
    location = Location(jobcenter=jobcenter)
    _apply(location, fields)
    _check_name_free(location)
    location.full_clean(exclude=["jobcenter"])
    with transaction.atomic():
        location.save()
        log_change(actor=actor, jobcenter=jobcenter, action="core.location_created", target=location, request=request)
    return location


def update_location(
    location: Location, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Change a location's data; returns the names of the fields that changed."""
    changed = _apply(location, fields)
    if not changed:
        return []
    _check_name_free(location)
    location.full_clean(exclude=["jobcenter"])
    with transaction.atomic():
        location.save(update_fields=changed)
        log_change(
            actor=actor,
            jobcenter=location.jobcenter,
            action="core.location_changed",
            target=location,
            details={"fields": changed},
            request=request,
        )
    return changed


def set_location_active(location: Location, *, active: bool, actor: User, request: HttpRequest | None = None) -> None:
    """Deactivated locations disappear from public pages; their data stays for the records."""
    if location.is_active == active:
        return
    with transaction.atomic():
        location.is_active = active
        location.save(update_fields=["is_active"])
        action = "core.location_reactivated" if active else "core.location_deactivated"
        log_change(actor=actor, jobcenter=location.jobcenter, action=action, target=location, request=request)


def replace_opening_hours(
    location: Location, periods: Sequence[Period], *, actor: User, request: HttpRequest | None = None
) -> None:
    """Make ``periods`` the location's whole week."""
    for period in periods:
        if period.opens >= period.closes:
            raise ValidationError(_("Die Öffnungszeit muss vor der Schließzeit liegen."))
    if first_conflict(periods):
        raise ValidationError(_("Zwei Zeiträume am selben Tag überschneiden sich."))
    jobcenter = location.jobcenter
    with transaction.atomic():
        OpeningHours.objects.for_tenant(jobcenter).filter(location=location).delete()
        OpeningHours.all_tenants.bulk_create(
            OpeningHours(jobcenter=jobcenter, location=location, weekday=p.weekday, opens=p.opens, closes=p.closes)
            for p in sorted(periods)
        )
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="core.opening_hours_changed",
            target=location,
            details={"periods": [f"{p.weekday} {p.opens:%H:%M}-{p.closes:%H:%M}" for p in sorted(periods)]},
            request=request,
        )


def _check_zones(zones: Sequence[ZoneData]) -> None:
    codes = [zone.code.upper() for zone in zones]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Jeder Kennbuchstabe darf nur einmal vorkommen."))
    if any(not zone.name.get("de", "").strip() for zone in zones):
        raise ValidationError(_("Jede Eingangszone braucht eine deutsche Bezeichnung."))


def replace_reception_zones(
    location: Location, zones: Sequence[ZoneData], *, actor: User, request: HttpRequest | None = None
) -> None:
    """Make ``zones`` the location's reception zones: update, add, and remove the rest."""
    _check_zones(zones)
    jobcenter = location.jobcenter
    existing = {zone.pk: zone for zone in ReceptionZone.objects.for_tenant(jobcenter).filter(location=location)}
    unknown = {zone.pk for zone in zones if zone.pk is not None} - existing.keys()
    if unknown:
        raise ValidationError(_("Eine Eingangszone gehört nicht zu diesem Standort."))
    kept = {zone.pk for zone in zones if zone.pk is not None}
    try:
        with transaction.atomic():
            ReceptionZone.objects.for_tenant(jobcenter).filter(location=location).exclude(pk__in=kept).delete()
            for data in zones:
                zone = (
                    existing[data.pk] if data.pk is not None else ReceptionZone(jobcenter=jobcenter, location=location)
                )
                _save_zone(zone, data)
            log_change(
                actor=actor,
                jobcenter=jobcenter,
                action="core.reception_zones_changed",
                target=location,
                details={"codes": sorted(zone.code.upper() for zone in zones)},
                request=request,
            )
    except ProtectedError:
        raise ValidationError(
            _("Eine Eingangszone wird noch verwendet (z. B. von Wartenummern) und kann nicht entfernt werden.")
        ) from None
    except IntegrityError:
        # Two zones swapping their letters collide half-way; one step at a time works.
        raise ValidationError(
            _("Kennbuchstaben können nicht in einem Schritt getauscht werden. Bitte ändern Sie sie nacheinander.")
        ) from None


def _save_zone(zone: ReceptionZone, data: ZoneData) -> None:
    zone.code = data.code.upper()
    zone.name = {code: text for code, text in data.name.items() if text.strip()}
    zone.floor = data.floor
    zone.save()

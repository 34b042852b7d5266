"""Administering the queue: what each reception zone serves and takes, and its counters.

Used by the Jobcenter admin and team leads (``reception.manage_queue``). Each change is one transaction with an
audit entry; displays and public pages hear of it on commit, as a closed zone or a counter taken
out of service changes the waiting times shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.appointments.models import Concern
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, ReceptionZone
from openjobcenter.reception.models import Counter, CounterSession, ZoneSettings
from openjobcenter.reception.services import events

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MIN_SERVICE_MINUTES = 1
MAX_SERVICE_MINUTES = 240


@dataclass(frozen=True)
class ZoneSettingsData:
    concerns: list[Concern] = field(default_factory=list)
    is_open: bool = True
    remote_join: bool = False
    default_service_minutes: int = 10


@dataclass(frozen=True)
class CounterData:
    zone: ReceptionZone
    name: str
    is_active: bool = True


# --- Reading ------------------------------------------------------------------------------------


def zones_for_admin(jobcenter: Jobcenter) -> QuerySet[ReceptionZone]:
    """The Jobcenter's zones by location, with settings, counters and who sits at them now."""
    open_sessions = CounterSession.objects.for_tenant(jobcenter).filter(closed_at__isnull=True).select_related("staff")
    counters = Counter.objects.for_tenant(jobcenter).prefetch_related(
        Prefetch("sessions", queryset=open_sessions, to_attr="open_sessions")
    )
    return (
        ReceptionZone.objects.for_tenant(jobcenter)
        .select_related("location", "queue_settings")
        .prefetch_related(Prefetch("counters", queryset=counters), "queue_settings__concerns")
        .order_by("location__name", "code")
    )


def settings_of(zone: ReceptionZone) -> ZoneSettings:
    """The zone's settings; a zone never configured gets the defaults (unsaved)."""
    existing = ZoneSettings.objects.for_tenant(zone.jobcenter_id).filter(zone=zone).first()
    return existing or ZoneSettings(jobcenter_id=zone.jobcenter_id, zone=zone)


def loaded_settings(zone: ReceptionZone) -> ZoneSettings:
    """Like ``settings_of``, for a zone from ``zones_for_admin`` (settings already loaded)."""
    try:
        return zone.queue_settings
    except ZoneSettings.DoesNotExist:
        return ZoneSettings(jobcenter_id=zone.jobcenter_id, zone=zone)


# --- Zone settings ------------------------------------------------------------------------------


def update_zone_settings(
    zone: ReceptionZone, data: ZoneSettingsData, *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Store what ``zone`` serves and takes; returns the names of the fields that changed."""
    if any(concern.jobcenter_id != zone.jobcenter_id for concern in data.concerns):
        raise ValidationError({"concerns": _("Bitte wählen Sie nur Anliegen Ihres Jobcenters.")})
    if not MIN_SERVICE_MINUTES <= data.default_service_minutes <= MAX_SERVICE_MINUTES:
        raise ValidationError(
            {
                "default_service_minutes": _("Bitte geben Sie eine Zahl von %(low)s bis %(high)s an.")
                % {"low": MIN_SERVICE_MINUTES, "high": MAX_SERVICE_MINUTES}
            }
        )
    with transaction.atomic():
        current = settings_of(zone)
        is_new = current.pk is None
        changed = [
            name
            for name in ("is_open", "remote_join", "default_service_minutes")
            if getattr(current, name) != getattr(data, name)
        ]
        before = set() if is_new else set(current.concerns.values_list("pk", flat=True))
        if before != {concern.pk for concern in data.concerns}:
            changed.append("concerns")
        if not changed and not is_new:
            return []
        for name in ("is_open", "remote_join", "default_service_minutes"):
            setattr(current, name, getattr(data, name))
        current.save()
        current.concerns.set(data.concerns)
        log_change(
            actor=actor,
            jobcenter=zone.jobcenter,
            action="reception.zone_settings_changed",
            target=zone,
            details={
                "zone": zone.code,
                "fields": changed,
                "is_open": data.is_open,
                "remote_join": data.remote_join,
                "default_service_minutes": data.default_service_minutes,
                "concerns": sorted(concern.pk for concern in data.concerns),
            },
            request=request,
        )
        events.queue_changed(zone.location_id)
    return changed


# --- Counters -----------------------------------------------------------------------------------


def _validate_counter(jobcenter: Jobcenter, data: CounterData, *, counter: Counter | None = None) -> str:
    name = data.name.strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie eine Bezeichnung an, z. B. 3.")})
    if len(name) > 40:
        raise ValidationError({"name": _("Bitte höchstens 40 Zeichen.")})
    if data.zone.jobcenter_id != jobcenter.pk:
        raise ValidationError({"zone": _("Diese Eingangszone gehört nicht zu Ihrem Jobcenter.")})
    taken = Counter.objects.for_tenant(jobcenter).filter(zone=data.zone, name__iexact=name)
    if counter is not None:
        taken = taken.exclude(pk=counter.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("In dieser Eingangszone gibt es schon einen Schalter mit dieser Bezeichnung.")}
        )
    return name


def create_counter(
    jobcenter: Jobcenter, data: CounterData, *, actor: User, request: HttpRequest | None = None
) -> Counter:
    name = _validate_counter(jobcenter, data)
    with transaction.atomic():
        counter = Counter.objects.create_for_tenant(
            jobcenter, location_id=data.zone.location_id, zone=data.zone, name=name, is_active=data.is_active
        )
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="reception.counter_created",
            target=counter,
            details={"zone": data.zone.code, "name": name, "is_active": data.is_active},
            request=request,
        )
    return counter


def update_counter(
    counter: Counter, data: CounterData, *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Rename, move to another zone or take out of service; whoever sits at a counter taken out
    of service is signed off it, so nobody calls from there."""
    jobcenter = counter.jobcenter
    name = _validate_counter(jobcenter, data, counter=counter)
    new = {"name": name, "zone_id": data.zone.pk, "location_id": data.zone.location_id, "is_active": data.is_active}
    changed = [key for key, value in new.items() if getattr(counter, key) != value]
    if not changed:
        return []
    old_location = counter.location_id
    with transaction.atomic():
        for key, value in new.items():
            setattr(counter, key, value)
        counter.save(update_fields=[key.removesuffix("_id") for key in changed])
        signed_off = 0
        if not data.is_active:
            signed_off = (
                CounterSession.objects.for_tenant(jobcenter)
                .filter(counter=counter, closed_at__isnull=True)
                .update(closed_at=timezone.now())
            )
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="reception.counter_changed",
            target=counter,
            details={
                "fields": [key.removesuffix("_id") for key in changed],
                "signed_off": signed_off,
                **_summary(counter),
            },
            request=request,
        )
        events.queue_changed(counter.location_id)
        if old_location != counter.location_id:
            events.queue_changed(old_location)
    return [key.removesuffix("_id") for key in changed]


def _summary(counter: Counter) -> dict[str, object]:
    return {"zone": counter.zone.code, "name": counter.name, "is_active": counter.is_active}

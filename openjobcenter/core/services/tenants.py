"""Reading and changing tenants (Jobcenter) and what their public pages show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter, Location, OpeningHours, ReceptionZone
from openjobcenter.core.signals import jobcenter_settings_changed

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

# What a Jobcenter admin may change about their own Jobcenter; slug and name belong to the
# platform admins, because links and letters depend on them.
SETTINGS_FIELDS = (
    "street",
    "postal_code",
    "city",
    "state",
    "phone",
    "email",
    "legal_representative",
    "privacy_officer",
    "organisation_type",
    "supervisory_authority",
    "data_protection_authority",
    "accessibility_enforcement",
    "accessibility_statement_date",
    "brand_colour",
    "languages",
)


def get_active_jobcenter(slug: str) -> Jobcenter | None:
    return Jobcenter.objects.filter(slug=slug, is_active=True).first()


def active_jobcenters() -> list[Jobcenter]:
    return list(Jobcenter.objects.filter(is_active=True))


def public_locations(jobcenter: Jobcenter) -> list[Location]:
    """Active locations with opening hours and reception zones, in three queries regardless of count."""
    hours = Prefetch("opening_hours", queryset=OpeningHours.objects.for_tenant(jobcenter))
    zones = Prefetch("reception_zones", queryset=ReceptionZone.objects.for_tenant(jobcenter))
    return list(Location.objects.for_tenant(jobcenter).filter(is_active=True).prefetch_related(hours, zones))


def update_jobcenter_settings(
    jobcenter: Jobcenter, fields: Mapping[str, Any], *, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Change the Jobcenter's contact data, legal details, colour and languages.

    German is always offered: it is the source language of every text.
    """
    changed = []
    for name in SETTINGS_FIELDS:
        value = fields.get(name, getattr(jobcenter, name))
        if name == "languages":
            value = ["de", *[code for code in value if code != "de"]]
        if getattr(jobcenter, name) != value:
            setattr(jobcenter, name, value)
            changed.append(name)
    if not changed:
        return []
    jobcenter.full_clean()
    with transaction.atomic():
        jobcenter.save(update_fields=changed)
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="core.jobcenter_settings_changed",
            target=jobcenter,
            details={"fields": changed},
            request=request,
        )
        transaction.on_commit(
            lambda: jobcenter_settings_changed.send(sender=Jobcenter, jobcenter=jobcenter, fields=tuple(changed))
        )
    return changed

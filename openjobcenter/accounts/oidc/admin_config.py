"""Saving the admin's identity settings: one transaction, an audit entry without the secret."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import IdentityProvider, IdentitySettings
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter

PLAIN_FIELDS = ("enabled", "display_name", "issuer", "client_id", "scopes")
OPTIONAL_FIELDS = ("trust_level_claim", "groups_claim", "team_claim", "role_mapping")


def save_provider(
    jobcenter: Jobcenter, purpose: str, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> IdentityProvider:
    with transaction.atomic():
        row = IdentityProvider.objects.for_tenant(jobcenter).select_for_update().filter(purpose=purpose).first()
        if row is None:
            row = IdentityProvider(jobcenter=jobcenter, purpose=purpose)
        changed = []
        for name in (*PLAIN_FIELDS, *[n for n in OPTIONAL_FIELDS if n in data]):
            if getattr(row, name) != data[name]:
                setattr(row, name, data[name])
                changed.append(name)
        if data.get("clear_client_secret"):
            row.client_secret = ""
            changed.append("client_secret")
        elif data.get("client_secret"):
            row.client_secret = data["client_secret"]
            changed.append("client_secret")
        row.save()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="accounts.identity_provider_changed",
            target=row,
            details={"purpose": purpose, "fields": sorted(set(changed))},
            request=request,
        )
    return row


def save_settings(
    jobcenter: Jobcenter, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        row = IdentitySettings.objects.for_tenant(jobcenter).first() or IdentitySettings(jobcenter=jobcenter)
        row.citizen_two_factor = bool(data["citizen_two_factor"])
        row.save()
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="accounts.identity_settings_changed",
            target=row,
            details={"citizen_two_factor": row.citizen_two_factor},
            request=request,
        )

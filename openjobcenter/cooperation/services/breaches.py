"""Breaches (Pflichtverletzungen) recorded by staff. The app shows the rules valid on the date of the
breach next to the record; staff decide and enter the consequence. Nothing is computed or applied here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.cooperation.models import Breach, Plan

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

FIELDS = ("kind", "occurred_on", "description", "hearing_done", "hardship_checked", "decision", "reduction")


def save_breach(
    *, actor: User, plan: Plan, data: dict[str, Any], breach: Breach | None = None, request: HttpRequest | None = None
) -> Breach:
    with transaction.atomic():
        created = breach is None
        if breach is None:
            breach = Breach(jobcenter=plan.jobcenter, plan=plan, recorded_by=actor)
        for name in FIELDS:
            setattr(breach, name, data[name])
        if breach.decision or breach.reduction:
            breach.decided_by = actor
        breach.save()
        log_change(
            actor=actor, jobcenter=plan.jobcenter, action="cooperation.breach_recorded" if created else "cooperation.breach_updated",
            target=breach, subject=plan.person,
            details={"kind": breach.kind, "occurred_on": breach.occurred_on, "hearing_done": breach.hearing_done,
                     "hardship_checked": breach.hardship_checked, "decided": bool(breach.decision)},
            request=request,
        )  # fmt: skip
    return breach

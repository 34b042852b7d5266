"""Employers: registration by the company, confirmation or rejection by the employer service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.jobs.models import Employer, EmployerStatus

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


class EmployerError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def employers_of(user: User, jobcenter: Jobcenter) -> list[Employer]:
    """The companies ``user`` acts for in this Jobcenter."""
    return list(Employer.objects.for_tenant(jobcenter).filter(members=user).order_by("name", "pk"))


@transaction.atomic
def register_employer(
    *, actor: User, jobcenter: Jobcenter, fields: dict[str, Any], request: HttpRequest | None = None
) -> Employer:
    """A person with the employer role registers a company; it waits for the employer service."""
    employer = Employer.objects.create_for_tenant(jobcenter, status=EmployerStatus.PENDING, **fields)
    employer.members.add(actor)
    log_change(actor=actor, jobcenter=jobcenter, action="jobs.employer_registered", target=employer, request=request)
    return employer


@transaction.atomic
def update_employer(
    *, actor: User, employer: Employer, fields: dict[str, Any], request: HttpRequest | None = None
) -> Employer:
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.save()
    log_change(
        actor=actor, jobcenter=employer.jobcenter, action="jobs.employer_updated", target=employer, request=request
    )
    return employer


@transaction.atomic
def decide_employer(
    *, actor: User, employer: Employer, confirm: bool, note: str = "", request: HttpRequest | None = None
) -> Employer:
    """The employer service confirms or rejects a registration (a rejection needs a reason)."""
    locked = Employer.all_tenants.select_for_update().get(pk=employer.pk)
    if locked.status != EmployerStatus.PENDING:
        raise EmployerError(_("Über diese Registrierung wurde schon entschieden."))
    if not confirm and not note.strip():
        raise EmployerError(_("Bitte geben Sie einen Grund für die Ablehnung an."))
    locked.status = EmployerStatus.CONFIRMED if confirm else EmployerStatus.REJECTED
    locked.decision_note = note.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
    log_change(
        actor=actor,
        jobcenter=locked.jobcenter,
        action="jobs.employer_confirmed" if confirm else "jobs.employer_rejected",
        target=locked,
        details={"note": locked.decision_note},
        request=request,
    )
    return locked

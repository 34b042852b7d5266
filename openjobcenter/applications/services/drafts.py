"""Drafts: saved on the server step by step, as the person types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openjobcenter.applications.models import Application, Kind, Status
from openjobcenter.casefile.services.access import case_of_client

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


class NotADraft(Exception):
    """The application was submitted already: its answers are frozen."""


def current_draft(user: User, jobcenter: Jobcenter) -> Application | None:
    return Application.objects.for_tenant(jobcenter).filter(applicant=user, status=Status.DRAFT).first()


def start_draft(user: User, jobcenter: Jobcenter) -> Application:
    """The person's draft, or a new one (one draft per person: a second tab finds the same)."""
    draft = current_draft(user, jobcenter)
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return Application.objects.create_for_tenant(
                jobcenter, applicant=user, kind=Kind.FIRST, case=case_of_client(user, jobcenter),
                current_step="applicant",
            )  # fmt: skip
    except IntegrityError:  # created in another tab a moment ago
        found = current_draft(user, jobcenter)
        assert found is not None
        return found


def save_step(application: Application, slug: str, raw: dict[str, str], *, clean: Any) -> Application:
    """Store what was typed on one step (``clean`` is ``None`` while it does not validate)."""
    with transaction.atomic():
        locked = Application.objects.for_tenant(application.jobcenter).select_for_update().get(pk=application.pk)
        if locked.status != Status.DRAFT:
            raise NotADraft
        locked.data = {**locked.data, slug: {"raw": raw, "clean": clean, "saved_at": timezone.now().isoformat()}}
        locked.current_step = slug
        locked.save(update_fields=["data", "current_step", "updated_at"])
    return locked


def set_current_step(application: Application, slug: str) -> None:
    Application.objects.for_tenant(application.jobcenter).filter(pk=application.pk, status=Status.DRAFT).update(
        current_step=slug, updated_at=timezone.now()
    )

"""Drafts: saved on the server step by step, as the person types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openjobcenter.applications.change_forms import CONTINUATION_SECTIONS
from openjobcenter.applications.models import Application, ApprovalPeriod, Kind, Status
from openjobcenter.casefile.services.access import case_of_client

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


class NotADraft(Exception):
    """The application was submitted already: its answers are frozen."""


class NoApprovalPeriod(Exception):
    """A continuation application needs an approval period (and its approved application) to start from."""


FIRST_STEP: dict[str, str] = {Kind.FIRST: "applicant", Kind.CONTINUATION: "changes", Kind.CHANGE: "change"}


def current_draft(user: User, jobcenter: Jobcenter, *, kind: str = Kind.FIRST, topic: str = "") -> Application | None:
    return (
        Application.objects.for_tenant(jobcenter)
        .filter(applicant=user, status=Status.DRAFT, kind=kind, topic=topic)
        .first()
    )


def start_draft(
    user: User, jobcenter: Jobcenter, *, kind: str = Kind.FIRST, topic: str = "",
    based_on: Application | None = None, data: dict[str, Any] | None = None,
) -> Application:  # fmt: skip
    """The person's draft of this kind (and topic), or a new one: a second tab finds the same."""
    draft = current_draft(user, jobcenter, kind=kind, topic=topic)
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return Application.objects.create_for_tenant(
                jobcenter, applicant=user, kind=kind, topic=topic, case=case_of_client(user, jobcenter),
                current_step=FIRST_STEP[kind], based_on=based_on, data=data or {},
            )  # fmt: skip
    except IntegrityError:  # created in another tab a moment ago
        found = current_draft(user, jobcenter, kind=kind, topic=topic)
        assert found is not None
        return found


def latest_period(user: User, jobcenter: Jobcenter) -> ApprovalPeriod | None:
    return (
        ApprovalPeriod.objects.for_tenant(jobcenter)
        .filter(person=user)
        .select_related("application")
        .order_by("-end", "-pk")
        .first()
    )


def start_continuation(user: User, jobcenter: Jobcenter) -> Application:
    """A continuation draft pre-filled with the answers of the last approved application."""
    draft = current_draft(user, jobcenter, kind=Kind.CONTINUATION)
    if draft is not None:
        return draft
    period = latest_period(user, jobcenter)
    if period is None:
        raise NoApprovalPeriod
    known = period.application.data
    data = {slug: known[slug] for slug, _label in CONTINUATION_SECTIONS if slug in known}
    return start_draft(user, jobcenter, kind=Kind.CONTINUATION, based_on=period.application, data=data)


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

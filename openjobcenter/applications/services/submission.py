"""Submitting a draft: the exact time, once (a second click returns the same application)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.models import Application, Attachment, Event, Status
from openjobcenter.applications.steps import Step
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.services.access import case_of_client
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


class NotReady(Exception):
    """Steps are incomplete: the application cannot be submitted yet."""

    def __init__(self, steps: list[Step]) -> None:
        super().__init__(", ".join(step.slug for step in steps))
        self.steps = steps


class AlreadySubmitted(Exception):
    """Submitted before with another key (e.g. from another device)."""

    def __init__(self, application: Application) -> None:
        super().__init__(application.pk)
        self.application = application


def status_url(application: Application) -> str:
    return reverse("applications:status", kwargs={"jobcenter": application.jobcenter.slug, "pk": application.pk})


def submit(application: Application, *, actor: User, key: uuid.UUID, request: HttpRequest | None = None) -> Application:
    """Submit the draft. Idempotent per ``key``: a repeated request returns the submitted application."""
    jobcenter = application.jobcenter
    earlier = Application.objects.for_tenant(jobcenter).filter(submission_key=key, applicant=actor).first()
    if earlier is not None:
        return earlier
    with transaction.atomic():
        locked = Application.objects.for_tenant(jobcenter).select_for_update().get(pk=application.pk)
        if locked.status != Status.DRAFT:
            if locked.submission_key == key:
                return locked
            raise AlreadySubmitted(locked)
        flow = flow_for(locked)
        if missing := flow.incomplete(locked.data):
            raise NotReady(missing)
        handed_in = set(
            Attachment.objects.for_tenant(jobcenter).filter(application=locked).values_list("proof", flat=True)
        )
        if any(proof.key not in handed_in for proof in flow.required_uploads(locked.data)):
            raise NotReady([step for step in flow.steps(locked.data) if step.slug == "change"])
        now = timezone.now()
        case = locked.case or case_of_client(actor, jobcenter)
        reference = f"{flow.prefix}-{now:%Y}-{locked.pk:06d}"
        # The conditional update is the last guard (also on SQLite, which has no row locks).
        updated = (
            Application.objects.for_tenant(jobcenter)
            .filter(pk=locked.pk, status=Status.DRAFT)
            .update(status=Status.SUBMITTED, submitted_at=now, submission_key=key, reference=reference, case=case,
                    updated_at=now)
        )  # fmt: skip
        if not updated:
            return Application.objects.for_tenant(jobcenter).get(pk=locked.pk)
        locked.refresh_from_db()
        Event.objects.create(application=locked, status=Status.SUBMITTED, at=now, actor=actor)
        log_change(
            actor=actor, jobcenter=jobcenter, action="applications.submitted", target=locked, subject=actor,
            details={"reference": reference, "submitted_at": now.isoformat(), "kind": locked.kind,
                     "topic": locked.topic},
            request=request,
        )  # fmt: skip
        # The mail carries no social data: only that it arrived, and where to look.
        notify(actor, "applications_submitted", {"reference": reference}, jobcenter=jobcenter,
               link=status_url(locked))  # fmt: skip
    return locked

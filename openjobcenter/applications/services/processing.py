"""Staff processing: every transition is one function with a check, an event, an audit entry and a notice.

submitted → assigned → in review → documents requested → documents received → decided → decision sent
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.applications.models import (
    Application,
    ApprovalPeriod,
    Decision,
    DocumentRequest,
    Event,
    Kind,
    Status,
    Topic,
)
from openjobcenter.applications.services.attachments import attach
from openjobcenter.applications.services.submission import status_url
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.services.access import authorise_staff
from openjobcenter.casefile.services.uploads import CleanFile
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

PROCESS = "applications.process_applications"
OPEN_STATES = frozenset({Status.SUBMITTED, Status.ASSIGNED, Status.IN_REVIEW, Status.DOCUMENTS_REQUESTED,
                         Status.DOCUMENTS_RECEIVED})  # fmt: skip
# action → (states it may start from, state it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "assign": (OPEN_STATES, None),
    "start_review": (frozenset({Status.ASSIGNED, Status.DOCUMENTS_RECEIVED}), Status.IN_REVIEW),
    "request_documents": (
        frozenset({Status.IN_REVIEW, Status.DOCUMENTS_REQUESTED, Status.DOCUMENTS_RECEIVED}),
        Status.DOCUMENTS_REQUESTED,
    ),
    "documents_received": (frozenset({Status.DOCUMENTS_REQUESTED}), Status.DOCUMENTS_RECEIVED),
    "decide": (frozenset({Status.IN_REVIEW, Status.DOCUMENTS_RECEIVED}), Status.DECIDED),
    "send_decision": (frozenset({Status.DECIDED}), Status.DECISION_SENT),
}


class IllegalTransition(Exception):
    """The action is not allowed in the application's current state."""

    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"{action} is not allowed in state {status}")
        self.action, self.status = action, status


def allowed_actions(application: Application) -> set[str]:
    return {action for action, (sources, _target) in TRANSITIONS.items() if application.status in sources}


def authorise_processing(user: User, application: Application, *, reason: str | None) -> None:
    """Benefits officers and team leads of this Jobcenter, within the case file's access rules."""
    if user.jobcenter_id != application.jobcenter_id or not user.has_perm(PROCESS):
        raise PermissionDenied
    if application.case is not None:
        authorise_staff(user, application.case, reason=reason)


def _transition(
    application: Application, action: str, *, actor: User | None, request: HttpRequest | None = None,
    note: str = "", details: dict[str, object] | None = None, notify_citizen: bool = True, **changes: Any,
) -> Application:  # fmt: skip
    """Lock the row, check the transition, change, record. Call inside ``transaction.atomic``."""
    locked = Application.objects.for_tenant(application.jobcenter).select_for_update().get(pk=application.pk)
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise IllegalTransition(action, locked.status)
    previous = locked.status
    if target is not None:
        locked.status = target
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save()
    if locked.status != previous:
        Event.objects.create(application=locked, status=locked.status, at=timezone.now(), actor=actor, note=note)
    log_change(
        actor=actor, jobcenter=locked.jobcenter, action=f"applications.{action}", target=locked,
        subject=locked.applicant, details={"from": previous, "to": locked.status, **(details or {})}, request=request,
    )  # fmt: skip
    if notify_citizen and locked.status != previous:
        # Without content: the state is only shown behind the sign-in.
        notify(locked.applicant, "applications_status_changed", {"reference": locked.reference},
               jobcenter=locked.jobcenter, link=status_url(locked))  # fmt: skip
    return locked


def assign(
    application: Application, *, actor: User, assignee: User, reason: str | None = None,
    request: HttpRequest | None = None,
) -> Application:  # fmt: skip
    authorise_processing(actor, application, reason=reason)
    if assignee.jobcenter_id != application.jobcenter_id or not assignee.has_perm(PROCESS):
        raise PermissionDenied
    with transaction.atomic():
        changes: dict[str, Any] = {"assigned_to": assignee}
        if application.status == Status.SUBMITTED:
            changes["status"] = Status.ASSIGNED
        return _transition(application, "assign", actor=actor, request=request,
                           details={"assignee": assignee.pk}, **changes)  # fmt: skip


def start_review(application: Application, *, actor: User, reason: str | None = None,
                 request: HttpRequest | None = None) -> Application:  # fmt: skip
    authorise_processing(actor, application, reason=reason)
    with transaction.atomic():
        return _transition(application, "start_review", actor=actor, request=request)


def request_documents(
    application: Application, *, actor: User, title: str, category: str, due_date: dt.date,
    reason: str | None = None, request: HttpRequest | None = None,
) -> DocumentRequest:  # fmt: skip
    authorise_processing(actor, application, reason=reason)
    with transaction.atomic():
        locked = _transition(
            application, "request_documents", actor=actor, request=request, note=title,
            details={"title": title, "due_date": due_date.isoformat()},
        )  # fmt: skip
        return DocumentRequest.objects.create_for_tenant(
            locked.jobcenter, application=locked, title=title, category=category, due_date=due_date,
            requested_by=actor,
        )  # fmt: skip


def open_requests(application: Application) -> QuerySet[DocumentRequest]:
    return DocumentRequest.objects.for_tenant(application.jobcenter).filter(
        application=application, fulfilled_at__isnull=True
    )


def upload_for_request(
    document_request: DocumentRequest, *, actor: User, clean: CleanFile, request: HttpRequest | None = None
) -> Application:
    """The citizen answers a request; when none is open any more the state moves to "documents received"."""
    application = document_request.application
    if actor.pk != application.applicant_id:
        raise PermissionDenied
    attach(application=application, actor=actor, clean=clean, title=document_request.title,
           category=document_request.category, document_request=document_request, request=request)  # fmt: skip
    with transaction.atomic():
        DocumentRequest.objects.for_tenant(application.jobcenter).filter(pk=document_request.pk).update(
            fulfilled_at=timezone.now()
        )
        if open_requests(application).exists() or application.status != Status.DOCUMENTS_REQUESTED:
            return Application.objects.for_tenant(application.jobcenter).get(pk=application.pk)
        locked = _transition(application, "documents_received", actor=actor, request=request)
        if locked.assigned_to is not None:
            notify(locked.assigned_to, "applications_documents_received", {"reference": locked.reference},
                   channels=("portal",), jobcenter=locked.jobcenter)  # fmt: skip
        return locked


class InvalidDecision(ValueError):
    """A decision without what it needs (an approval period, a reason for a rejected absence)."""


APPROVING = frozenset({Decision.APPROVED, Decision.PARTLY_APPROVED})


def needs_period(application: Application) -> bool:
    """Benefit applications get an approval period with an approving decision; change notifications do not."""
    return application.kind in (Kind.FIRST, Kind.CONTINUATION)


def default_period(application: Application) -> tuple[dt.date, dt.date]:
    """From the first day of the month the application arrived in (§ 37 Abs. 2 SGB II), twelve months."""
    arrived = timezone.localtime(application.submitted_at).date() if application.submitted_at else timezone.localdate()
    start = arrived.replace(day=1)
    return start, start.replace(year=start.year + 1) - dt.timedelta(days=1)


def needs_reason(application: Application, decision: str) -> bool:
    """A rejected absence request says why (the citizen reads it)."""
    return application.kind == Kind.CHANGE and application.topic == Topic.ABSENCE and decision == Decision.REJECTED


def decide(
    application: Application, *, actor: User, decision: str, period_start: dt.date | None = None,
    period_end: dt.date | None = None, note: str = "", reason: str | None = None, request: HttpRequest | None = None,
) -> Application:  # fmt: skip
    """Record the decision; an approving one on a benefit application records its approval period."""
    if decision not in Decision.values:
        raise ValueError(decision)
    if application.status not in TRANSITIONS["decide"][0]:
        raise IllegalTransition("decide", application.status)
    with_period = needs_period(application) and decision in APPROVING
    if with_period and period_start is None and period_end is None:
        period_start, period_end = default_period(application)
    if with_period and (period_start is None or period_end is None or period_end < period_start):
        raise InvalidDecision("approval period")
    if needs_reason(application, decision) and not note.strip():
        raise InvalidDecision("reason")
    authorise_processing(actor, application, reason=reason)
    details: dict[str, object] = {"decision": decision}
    if with_period:
        assert period_start is not None and period_end is not None
        details |= {"period_start": period_start.isoformat(), "period_end": period_end.isoformat()}
    with transaction.atomic():
        locked = _transition(application, "decide", actor=actor, request=request, decision=decision,
                             decision_note=note.strip()[:500], note=note.strip()[:300], details=details)  # fmt: skip
        if with_period:
            assert period_start is not None and period_end is not None
            ApprovalPeriod.objects.create_for_tenant(
                locked.jobcenter, person=locked.applicant, case=locked.case, application=locked,
                start=period_start, end=period_end, recorded_by=actor,
            )  # fmt: skip
        return locked


def send_decision(application: Application, *, actor: User, reason: str | None = None,
                  request: HttpRequest | None = None) -> Application:  # fmt: skip
    authorise_processing(actor, application, reason=reason)
    with transaction.atomic():
        return _transition(application, "send_decision", actor=actor, request=request)

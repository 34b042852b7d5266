"""Deadline reminders, run by the periodic tasks (``applications.tasks``); each is sent once.

- Continuation invitation: eight weeks before an approval period ends, the person is invited (mail
  and portal) to the continuation application; ``ApprovalPeriod.invited_at`` is claimed first.
- Document requests: the citizen is reminded ``REQUEST_LEAD`` days before the due date
  (``reminded_at``); staff are told once when the date has passed (``overdue_reported_at``).

Claiming is a conditional ``UPDATE … WHERE <field> IS NULL`` whose row count decides: a second run
(or a second worker at the same moment) sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openjobcenter.applications.models import Application, ApprovalPeriod, DocumentRequest, Kind, Status
from openjobcenter.applications.services.submission import status_url
from openjobcenter.audit.services import log_change
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

INVITATION_LEAD = dt.timedelta(weeks=8)
REQUEST_LEAD = dt.timedelta(days=3)
PROCESS = "applications.process_applications"
APPLY = "applications.apply"


def invitation_date(period: ApprovalPeriod) -> dt.date:
    return period.end - INVITATION_LEAD


def continuation_due(
    period: ApprovalPeriod, applications: Iterable[Application], *, today: dt.date | None = None
) -> bool:
    """Whether "Mein Bereich" shows the invitation card: from eight weeks before the end until a
    continuation application for this period was submitted."""
    today = today or timezone.localdate()
    if today < invitation_date(period):
        return False
    return not any(
        a.kind == Kind.CONTINUATION and a.based_on_id == period.application_id and a.status != Status.DRAFT
        for a in applications
    )


def _claim(model: type[ApprovalPeriod] | type[DocumentRequest], pk: int, field: str) -> bool:
    return model.all_tenants.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1


def _is_latest(period: ApprovalPeriod) -> bool:
    later = ApprovalPeriod.objects.for_tenant(period.jobcenter_id).filter(person=period.person_id, end__gt=period.end)
    return not later.exists()


def invite_continuations(*, today: dt.date | None = None) -> int:
    """Invite everybody whose (latest) approval period ends within eight weeks. Returns how many."""
    today = today or timezone.localdate()
    due = (
        ApprovalPeriod.all_tenants.filter(invited_at__isnull=True, end__gte=today, end__lte=today + INVITATION_LEAD)
        .select_related("jobcenter", "person")
        .order_by("end", "pk")
    )
    sent = 0
    for period in due:
        if not _is_latest(period):
            continue
        with transaction.atomic():
            if not _claim(ApprovalPeriod, period.pk, "invited_at"):
                continue
            link = reverse("applications:start", kwargs={"jobcenter": period.jobcenter.slug})
            notify(period.person, "applications_continuation_invitation", {"end": f"{period.end:%d.%m.%Y}"},
                   jobcenter=period.jobcenter, link=link)  # fmt: skip
            log_change(
                actor=None, jobcenter=period.jobcenter, action="applications.continuation_invited", target=period,
                subject=period.person, details={"end": period.end.isoformat()},
            )  # fmt: skip
            sent += 1
    return sent


def _processors(application: Application) -> list[User]:
    if application.assigned_to is not None:
        return [application.assigned_to]
    from openjobcenter.accounts.models import User

    if application.case is None or application.case.team_id is None:
        return []
    team = User.objects.filter(jobcenter=application.jobcenter, team_id=application.case.team_id, is_active=True)
    return [user for user in team if user.has_perm(PROCESS)]


def remind_document_requests(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind citizens of requests due soon; tell staff of overdue ones. Returns (reminded, reported)."""
    today = today or timezone.localdate()
    open_requests = DocumentRequest.all_tenants.filter(fulfilled_at__isnull=True).select_related(
        "application__jobcenter", "application__applicant", "application__assigned_to", "application__case"
    )
    reminded = reported = 0
    for item in open_requests.filter(reminded_at__isnull=True, due_date__gte=today, due_date__lte=today + REQUEST_LEAD):
        application = item.application
        with transaction.atomic():
            if not _claim(DocumentRequest, item.pk, "reminded_at"):
                continue
            notify(application.applicant, "applications_document_reminder",
                   {"reference": application.reference, "due": f"{item.due_date:%d.%m.%Y}"},
                   jobcenter=application.jobcenter, link=status_url(application))  # fmt: skip
            reminded += 1
    for item in open_requests.filter(overdue_reported_at__isnull=True, due_date__lt=today):
        application = item.application
        with transaction.atomic():
            if not _claim(DocumentRequest, item.pk, "overdue_reported_at"):
                continue
            link = reverse("applications:staff_detail", kwargs={"jobcenter": application.jobcenter.slug,
                                                                 "pk": application.pk})  # fmt: skip
            for person in _processors(application):
                notify(person, "applications_request_overdue",
                       {"reference": application.reference, "due": f"{item.due_date:%d.%m.%Y}"},
                       channels=("portal",), jobcenter=application.jobcenter, link=link)  # fmt: skip
            reported += 1
    return reminded, reported


def citizen_attention_count(user: User, jobcenter: Jobcenter) -> int:
    """For the "Anträge" tile in "Mein Bereich" (``Offer.count``): a due continuation plus open document requests."""
    if not user.is_authenticated or not user.has_perm(APPLY):
        return 0
    applications = list(Application.objects.for_tenant(jobcenter).filter(applicant=user))
    period = (
        ApprovalPeriod.objects.for_tenant(jobcenter).filter(person=user).select_related("application").order_by("-end")
    ).first()
    due = (
        1 if period is not None and period.end >= timezone.localdate() and continuation_due(period, applications) else 0
    )
    requests = DocumentRequest.objects.for_tenant(jobcenter).filter(
        application__in=[a.pk for a in applications], fulfilled_at__isnull=True
    )
    return due + requests.count()

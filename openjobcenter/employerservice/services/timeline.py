"""Interviews and wage subsidies in a case's timeline: the advisor sees invitations, the employer's
outcome (with its reason) and subsidy decisions of the household's members; the citizen sees their own
interviews and subsidies, without the employer's internal reason for not hiring.

An outcome mirrored into the job exchange (``interview.feedback``) reaches the advisor as that
employer feedback (``jobs.services.timeline``), so it is not listed here a second time; the job
exchange shows feedback to staff only, so the citizen's entry stays here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry, may_view
from openjobcenter.employerservice.models import Interview, InterviewStatus, SubsidyApplication, SubsidyStatus

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

LIMIT = 100


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterator[Entry]:
    members = list(case.memberships.values_list("person_id", flat=True))
    if not members or not may_view(case, viewer, for_citizen=for_citizen):
        return
    if for_citizen:
        members = [viewer.pk] if viewer.pk in members else []
    interviews = (
        Interview.objects.for_tenant(case.jobcenter_id)
        .filter(candidate_id__in=members)
        .select_related("employer", "jobcenter")
        .order_by("-created_at")[:LIMIT]
    )
    for interview in interviews:
        yield from _interview_entries(interview, viewer=viewer, for_citizen=for_citizen)
    subsidies = (
        SubsidyApplication.objects.for_tenant(case.jobcenter_id)
        .filter(person_id__in=members)
        .select_related("employer")
        .order_by("-created_at")[:LIMIT]
    )
    for application in subsidies:
        text = f"§ {application.kind} · {application.employer.name} · {application.job_title}"
        yield Entry(at=application.created_at, kind="jobs", title=_("Lohnkostenzuschuss beantragt"), text=text,
                    icon="checklist")  # fmt: skip
        if application.decided_at is not None and application.status in {SubsidyStatus.APPROVED, SubsidyStatus.REFUSED}:
            title = (
                _("Lohnkostenzuschuss bewilligt")
                if application.status == SubsidyStatus.APPROVED
                else _("Lohnkostenzuschuss abgelehnt")
            )
            yield Entry(at=application.decided_at, kind="jobs", title=title, text=text, icon="check")


def _interview_entries(interview: Interview, *, viewer: User, for_citizen: bool) -> Iterator[Entry]:
    slug = interview.jobcenter.slug
    if for_citizen:
        url = reverse("employerservice:my_interview", kwargs={"jobcenter": slug, "code": interview.code})
    elif viewer.has_perm("employerservice.view_interviews") or (
        interview.team_id is not None and viewer.team_id == interview.team_id
    ):
        url = reverse("employerservice:staff_interview", kwargs={"jobcenter": slug, "code": interview.code})
    else:
        url = ""  # the interview page is for the responsible team (and the employer service) only
    company = interview.employer.name
    yield Entry(at=interview.created_at, kind="jobs", title=_("Einladung zum Vorstellungsgespräch per Video"),
                text=company, url=url, icon="calendar-today")  # fmt: skip
    mirrored = interview.feedback_id is not None and not for_citizen
    if interview.status == InterviewStatus.DONE and interview.outcome_at is not None and not mirrored:
        text = f"{company}: {interview.get_outcome_display()}"
        if interview.outcome_reason and not for_citizen:
            text = f"{text} – {interview.outcome_reason}"
        yield Entry(at=interview.outcome_at, kind="jobs", title=_("Rückmeldung nach dem Vorstellungsgespräch"),
                    text=text, url=url, icon="check")  # fmt: skip

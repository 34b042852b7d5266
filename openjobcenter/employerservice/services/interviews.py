"""Video interviews: the employer invites a candidate, the candidate answers, everybody joins through
the Jobcenter's video provider (``video`` app), the employer records the outcome.

States: ``proposed`` → (candidate) ``accepted`` | ``declined`` | ``counter`` (another time);
``counter`` → (employer) ``accepted`` (at the proposed time) | a new proposal (``proposed``);
``proposed``/``counter``/``accepted`` → ``cancelled`` (either side); ``accepted`` → ``done`` with the outcome.

Who may invite whom: a company's members may invite a person who shared their application folder
with the company (an active share) or accepted a contact request of it. The candidate's advisor is
the case's responsible team: its advisors may join when the employer invited them.

The meeting is created on the server at the first join (``video.services.config``'s provider, the
Jobcenter's video settings and join window) with the same privacy settings as video appointments:
no recording, the candidate waits in the lobby until the employer lets them in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.accounts.models import User
from openjobcenter.appointments.services.codes import new_code
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case
from openjobcenter.employerservice.models import Interview, InterviewOutcome, InterviewStatus
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.notifications.services import notify
from openjobcenter.video.services.config import provider_of, settings_for
from openjobcenter.video.services.providers import MeetingSpec, Participant

if TYPE_CHECKING:
    from openjobcenter.jobs.models import CandidateFeedback, Employer, Vacancy

OPEN_STATES = frozenset({InterviewStatus.PROPOSED, InterviewStatus.COUNTER, InterviewStatus.ACCEPTED})
MIN_LEAD = dt.timedelta(minutes=5)
MAX_AHEAD = dt.timedelta(days=180)


class InterviewError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotJoinable(Exception):
    def __init__(self, reason: str, *, opens_at: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # "too_early", "over", "not_agreed"
        self.opens_at = opens_at


@dataclass(frozen=True)
class Candidate:
    person: User
    source: str  # "folder" or "contact"
    vacancy_id: int | None


def candidates_of(employer: Employer) -> list[Candidate]:
    """People who shared their folder with the company (active link) or accepted its contact request."""
    from openjobcenter.folder.models import Share
    from openjobcenter.jobs.models import ContactRequest, ContactStatus

    now = timezone.now()
    found: dict[int, Candidate] = {}
    shares = (
        Share.objects.for_tenant(employer.jobcenter_id)
        .filter(employer=employer, revoked_at__isnull=True, expires_at__gt=now)
        .select_related("folder__owner")
    )
    for share in shares:
        found.setdefault(share.folder.owner_id, Candidate(share.folder.owner, "folder", share.vacancy_id))
    contacts = (
        ContactRequest.objects.for_tenant(employer.jobcenter_id)
        .filter(employer=employer, status=ContactStatus.ACCEPTED)
        .select_related("profile__person")
    )
    for contact in contacts:
        found.setdefault(contact.profile.person_id, Candidate(contact.profile.person, "contact", contact.vacancy_id))
    return sorted(found.values(), key=lambda c: (c.person.last_name, c.person.first_name, c.person.pk))


def is_candidate(employer: Employer, person: User) -> bool:
    return any(candidate.person.pk == person.pk for candidate in candidates_of(employer))


def _team_of(person: User) -> int | None:
    case = Case.objects.for_tenant(person.jobcenter_id).filter(memberships__person=person).first()
    return case.team_id if case is not None else None


def _check_time(start: dt.datetime, now: dt.datetime) -> None:
    if start < now + MIN_LEAD:
        raise InterviewError(_("Bitte wählen Sie einen Zeitpunkt in der Zukunft."))
    if start > now + MAX_AHEAD:
        raise InterviewError(_("Bitte wählen Sie einen Zeitpunkt innerhalb der nächsten sechs Monate."))


def _link(interview: Interview, name: str) -> str:
    return reverse(name, kwargs={"jobcenter": interview.jobcenter.slug, "code": interview.code})


def _team_advisors(interview: Interview, permission: str) -> list[User]:
    """Active members of the candidate's team who may open the case and hold ``permission``."""
    if interview.team_id is None:
        return []
    return [
        user
        for user in User.objects.filter(jobcenter_id=interview.jobcenter_id, team_id=interview.team_id, is_active=True)
        if user.has_perm("casefile.view_case") and user.has_perm(permission)
    ]


def _advisors(interview: Interview) -> list[User]:
    """The advisors who join the call, when the employer invited them."""
    return _team_advisors(interview, "video.host_meeting") if interview.invite_advisor else []


def _notify_candidate(interview: Interview, template: str) -> None:
    notify(
        interview.candidate,
        template,
        {"interview": interview},
        jobcenter=interview.jobcenter,
        link=_link(interview, "employerservice:my_interview"),
    )


def _notify_employer(interview: Interview, template: str) -> None:
    for member in interview.employer.members.filter(is_active=True):
        notify(
            member,
            template,
            {"interview": interview},
            jobcenter=interview.jobcenter,
            link=_link(interview, "employerservice:interview"),
        )


def _audit(interview: Interview, actor: User | None, action: str, request: HttpRequest | None, **details: str) -> None:
    log_change(
        actor=actor,
        jobcenter=interview.jobcenter,
        action=f"employerservice.interview_{action}",
        target=interview,
        subject=interview.candidate,
        details={"code": interview.code, **details},
        request=request,
    )


def invite(
    *,
    actor: User,
    employer: Employer,
    candidate: User,
    start: dt.datetime,
    vacancy: Vacancy | None = None,
    invite_advisor: bool = False,
    duration_minutes: int = 30,
    message: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    now = now or timezone.now()
    if not employer.is_confirmed:
        raise InterviewError(_("Ihr Unternehmen ist noch nicht vom Arbeitgeber-Service bestätigt."))
    if not is_candidate(employer, candidate):
        raise InterviewError(
            _("Diese Person hat Ihnen weder ihre Bewerbungsmappe freigegeben noch Ihre Kontaktanfrage angenommen.")
        )
    if vacancy is not None and vacancy.employer_id != employer.pk:
        raise InterviewError(_("Diese Stelle gehört nicht zu Ihrem Unternehmen."))
    _check_time(start, now)
    with transaction.atomic():
        interview = Interview.objects.create_for_tenant(
            employer.jobcenter,
            code=new_code(),
            employer=employer,
            vacancy=vacancy,
            candidate=candidate,
            team_id=_team_of(candidate),
            invite_advisor=invite_advisor,
            start=start,
            duration_minutes=duration_minutes,
            message=message.strip()[:2000],
            meeting_id=f"ojc-iv-{secrets.token_urlsafe(24)}",
            attendee_pw=secrets.token_urlsafe(18),
            moderator_pw=secrets.token_urlsafe(18),
            created_by=actor,
        )
        _audit(interview, actor, "invited", request)
        _notify_candidate(interview, "employerservice_interview_invited")
        for advisor in _advisors(interview):
            notify(
                advisor,
                "employerservice_interview_advisor",
                {"interview": interview},
                jobcenter=interview.jobcenter,
                link=_link(interview, "employerservice:staff_interview"),
            )
    return interview


def _locked(interview: Interview) -> Interview:
    return Interview.objects.for_tenant(interview.jobcenter_id).select_for_update().get(pk=interview.pk)


def respond(
    interview: Interview,
    *,
    actor: User,
    answer: str,
    proposed_start: dt.datetime | None = None,
    note: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    """The candidate accepts, declines or proposes another time (``answer``: accept/decline/propose)."""
    now = now or timezone.now()
    if actor.pk != interview.candidate_id:
        raise InterviewError(_("Nur die eingeladene Person kann antworten."))
    if answer == "propose":
        if proposed_start is None:
            raise InterviewError(_("Bitte geben Sie den Zeitpunkt an, der Ihnen passt."))
        _check_time(proposed_start, now)
    elif answer not in {"accept", "decline"}:
        raise InterviewError(_("Bitte wählen Sie eine Antwort."))
    with transaction.atomic():
        locked = _locked(interview)
        if locked.status != InterviewStatus.PROPOSED:
            raise InterviewError(_("Auf diese Einladung kann nicht mehr geantwortet werden."))
        locked.candidate_note = note.strip()[:500]
        if answer == "accept":
            locked.status = InterviewStatus.ACCEPTED
        elif answer == "decline":
            locked.status = InterviewStatus.DECLINED
        else:
            locked.status = InterviewStatus.COUNTER
            locked.proposed_start = proposed_start
        locked.save(update_fields=["status", "candidate_note", "proposed_start", "updated_at"])
        _audit(locked, actor, answer, request)
        _notify_employer(locked, f"employerservice_interview_{answer}")
    return locked


def accept_proposal(
    interview: Interview, *, actor: User, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> Interview:
    """The employer agrees to the time the candidate proposed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(interview)
        if locked.status != InterviewStatus.COUNTER or locked.proposed_start is None:
            raise InterviewError(_("Es liegt kein anderer Terminvorschlag vor."))
        if locked.proposed_start < now:
            raise InterviewError(
                _("Der vorgeschlagene Zeitpunkt ist schon vorbei. Bitte schlagen Sie einen neuen vor.")
            )
        locked.start = locked.proposed_start
        locked.proposed_start = None
        locked.status = InterviewStatus.ACCEPTED
        locked.save(update_fields=["start", "proposed_start", "status", "updated_at"])
        _audit(locked, actor, "proposal_accepted", request)
        _notify_candidate(locked, "employerservice_interview_confirmed")
    return locked


def reschedule(
    interview: Interview,
    *,
    actor: User,
    start: dt.datetime,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    """The employer proposes a new time (after a counter proposal, or to move an agreed one)."""
    now = now or timezone.now()
    _check_time(start, now)
    with transaction.atomic():
        locked = _locked(interview)
        if locked.status not in OPEN_STATES:
            raise InterviewError(_("Dieses Gespräch kann nicht mehr verschoben werden."))
        locked.start = start
        locked.proposed_start = None
        locked.status = InterviewStatus.PROPOSED
        locked.save(update_fields=["start", "proposed_start", "status", "updated_at"])
        _audit(locked, actor, "rescheduled", request)
        _notify_candidate(locked, "employerservice_interview_invited")
    return locked


def cancel(interview: Interview, *, actor: User, request: HttpRequest | None = None) -> Interview:
    with transaction.atomic():
        locked = _locked(interview)
        if locked.status not in OPEN_STATES:
            raise InterviewError(_("Dieses Gespräch kann nicht mehr abgesagt werden."))
        locked.status = InterviewStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        _audit(locked, actor, "cancelled", request)
        if actor.pk == locked.candidate_id:
            _notify_employer(locked, "employerservice_interview_cancelled")
        else:
            _notify_candidate(locked, "employerservice_interview_cancelled")
    return locked


# The interview's outcome as the job exchange's employer feedback: a second interview is another
# invitation to an interview. An outcome missing here is not mirrored (the interview keeps it and its
# own timeline entry), it never fails the recording.
FEEDBACK_OUTCOMES: dict[str, str] = {
    InterviewOutcome.HIRED.value: "hired",
    InterviewOutcome.NOT_HIRED.value: "not_hired",
    InterviewOutcome.SECOND.value: "invited",
}


def record_outcome(
    interview: Interview,
    *,
    actor: User,
    outcome: str,
    reason: str = "",
    reason_code: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    """After the agreed time: hired, not hired (a reason is required) or a second interview.

    The outcome also becomes (or updates) the company's feedback on the candidate in the job exchange
    (``jobs.CandidateFeedback``, linked as ``interview.feedback``): the one record the advisor sees on
    the matching page and in the case timeline. ``reason_code`` is one of the job exchange's reasons
    for not hiring (``FeedbackReason``); without one the free text is stored as "other reason"."""
    now = now or timezone.now()
    if outcome not in InterviewOutcome.values:
        raise InterviewError(_("Bitte wählen Sie ein Ergebnis."))
    reason = reason.strip()
    if outcome == InterviewOutcome.NOT_HIRED and len(reason) < 5:
        raise InterviewError(_("Bitte begründen Sie kurz, warum Sie die Person nicht einstellen."))
    with transaction.atomic():
        locked = _locked(interview)
        if locked.status != InterviewStatus.ACCEPTED:
            raise InterviewError(_("Ein Ergebnis kann nur für ein vereinbartes Gespräch erfasst werden."))
        if now < locked.start:
            raise InterviewError(_("Das Ergebnis können Sie nach dem Gespräch erfassen."))
        locked.status = InterviewStatus.DONE
        locked.outcome = outcome
        locked.outcome_reason = reason[:1000]
        locked.outcome_at = now
        locked.feedback = _mirror(locked, actor=actor, reason_code=reason_code, request=request)
        locked.save(update_fields=["status", "outcome", "outcome_reason", "outcome_at", "feedback", "updated_at"])
        _audit(locked, actor, "outcome", request, outcome=outcome)
        for advisor in _advisors_of_team(locked):
            notify(
                advisor,
                "employerservice_interview_outcome",
                {"interview": locked},
                jobcenter=locked.jobcenter,
                channels=("portal",),
                link=_link(locked, "employerservice:staff_interview"),
            )
    return locked


def _mirror(
    interview: Interview, *, actor: User, reason_code: str, request: HttpRequest | None
) -> CandidateFeedback | None:
    """The outcome as employer feedback in the job exchange; the existing link when no mapping exists."""
    from openjobcenter.jobs.services.candidates import mirror_feedback

    outcome = FEEDBACK_OUTCOMES.get(str(interview.outcome))
    if outcome is None:
        return interview.feedback
    return mirror_feedback(
        actor=actor, employer=interview.employer, person=interview.candidate, vacancy=interview.vacancy,
        outcome=outcome, reason=reason_code, reason_text=interview.outcome_reason, feedback=interview.feedback,
        request=request,
    )  # fmt: skip


def _advisors_of_team(interview: Interview) -> list[User]:
    """The outcome goes to the responsible team's advisors whether or not they were invited."""
    return _team_advisors(interview, "jobs.match_candidates")


# --- Joining -------------------------------------------------------------------------------------


def role_of(interview: Interview, user: User) -> str | None:
    """ "employer", "candidate", "advisor" or None (nobody else may join or see the interview)."""
    if not user.is_authenticated or user.jobcenter_id != interview.jobcenter_id or not user.is_active:
        return None
    if user.pk == interview.candidate_id and not user.is_jobcenter_staff:
        return "candidate"
    if (
        user.has_perm("employerservice.use_employer_workspace")
        and interview.employer.members.filter(pk=user.pk).exists()
    ):
        return "employer"
    if (
        interview.invite_advisor
        and interview.team_id is not None
        and user.team_id == interview.team_id
        and user.has_perm("casefile.view_case")
    ):
        return "advisor"
    return None


def window(interview: Interview) -> tuple[dt.datetime, dt.datetime]:
    video = settings_for(interview.jobcenter)
    opens = interview.start - dt.timedelta(minutes=video.opens_minutes_before)
    closes = interview.start + dt.timedelta(minutes=interview.duration_minutes + video.grace_minutes)
    return opens, closes


def _absolute(path: str, request: HttpRequest | None) -> str:
    url = absolute_url(path)
    return request.build_absolute_uri(path) if url == path and request is not None else url


def _spec(interview: Interview, request: HttpRequest | None) -> MeetingSpec:
    return MeetingSpec(
        meeting_id=interview.meeting_id,
        # What the server shows and logs: the company, never the candidate's name.
        name=f"{interview.jobcenter.name}: {_('Vorstellungsgespräch')} {interview.employer.name}"[:64],
        attendee_pw=interview.attendee_pw,
        moderator_pw=interview.moderator_pw,
        logout_url=_absolute(reverse("video:left", kwargs={"jobcenter": interview.jobcenter.slug}), request),
        duration_minutes=0,
    )


def join_url(
    interview: Interview, *, user: User, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> str:
    """The provider's address for this person; ``NotJoinable`` outside the window, ``ProviderError``
    when the server fails. The employer and the advisor are moderators; the candidate waits in the lobby."""
    now = now or timezone.now()
    role = role_of(interview, user)
    if role is None:
        raise NotJoinable("forbidden")
    if interview.status != InterviewStatus.ACCEPTED:
        raise NotJoinable("not_agreed")
    opens, closes = window(interview)
    if now < opens:
        raise NotJoinable("too_early", opens_at=opens)
    if now > closes:
        raise NotJoinable("over")
    provider = provider_of(settings_for(interview.jobcenter))
    spec = _spec(interview, request)
    created = provider.create(spec)  # the same parameters every time: a repeated create is harmless
    if created.create_time and created.create_time != interview.create_time:
        Interview.objects.for_tenant(interview.jobcenter_id).filter(pk=interview.pk).update(
            create_time=created.create_time[:20], provider=provider.name
        )
        interview.create_time = created.create_time[:20]
    if role == "candidate":
        participant = Participant(
            full_name=user.get_full_name() or _("Bewerberin/Bewerber"), user_id=f"candidate-{user.pk}", moderator=False
        )
    else:
        participant = Participant(
            full_name=user.get_full_name() or user.email, user_id=f"{role}-{user.pk}", moderator=True, email=user.email
        )
    url = provider.join_url(spec, participant, create_time=interview.create_time)
    field = f"{role}_joined_at"
    with transaction.atomic():
        Interview.objects.for_tenant(interview.jobcenter_id).filter(
            Q(pk=interview.pk), Q(**{f"{field}__isnull": True})
        ).update(**{field: now})
        _audit(interview, user, "joined", request, role=role)
    return url

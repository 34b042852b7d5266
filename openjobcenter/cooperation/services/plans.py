"""Every change to a cooperation plan: drafts, publication, comments, acknowledgement, steps done.

Each function validates, writes in one transaction with an audit entry, and notifies on commit.
Authorisation to the case (team or break the glass) is checked by the caller's view; the functions
guard what is true whoever calls them: published content is frozen, a citizen acts on their own plan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openjobcenter.audit.services import log_change
from openjobcenter.cooperation.models import Acknowledgement, Comment, Owner, Plan, Status, Step, Version
from openjobcenter.cooperation.rules import review_date as default_review_date
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


class PlanError(Exception):
    """A change that is not possible in the plan's state (the view shows ``message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StepData:
    text: str
    owner: str
    due_date: dt.date | None = None
    done: bool = False
    key: uuid.UUID | None = None


def plan_for(case: Case, person: User) -> Plan | None:
    return Plan.objects.for_tenant(case.jobcenter).filter(case=case, person=person).first()


def current_version(plan: Plan | None) -> Version | None:
    """The published version in force (the newest published one)."""
    if plan is None:
        return None
    return Version.objects.for_tenant(plan.jobcenter).filter(plan=plan, status=Status.PUBLISHED).first()


def draft_of(plan: Plan | None) -> Version | None:
    if plan is None:
        return None
    return Version.objects.for_tenant(plan.jobcenter).filter(plan=plan, status=Status.DRAFT).first()


def save_draft(
    *,
    actor: User,
    case: Case,
    person: User,
    goals: str,
    support: str,
    review_date: dt.date | None,
    steps: list[StepData],
    request: HttpRequest | None = None,
) -> Version:
    """Write the plan's draft (creating the plan and the draft as needed); its steps are replaced."""
    if not case.memberships.filter(person=person).exists():
        raise PlanError(_("Diese Person gehört nicht zur Bedarfsgemeinschaft."))
    with transaction.atomic():
        plan, _created = Plan.all_tenants.get_or_create(jobcenter=case.jobcenter, case=case, person=person)
        draft = draft_of(plan)
        created = draft is None
        if draft is None:
            number = (plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            draft = Version(jobcenter=plan.jobcenter, plan=plan, number=number, created_by=actor)
        draft.goals, draft.support, draft.review_date = goals, support, review_date
        draft.save()
        draft.steps.all().delete()
        Step.objects.bulk_create(
            Step(
                version=draft, key=s.key or uuid.uuid4(), position=i, text=s.text, owner=s.owner,
                due_date=s.due_date, done=s.done, done_at=timezone.now() if s.done else None,
            )
            for i, s in enumerate(steps)
        )  # fmt: skip
        log_change(
            actor=actor, jobcenter=plan.jobcenter, action="cooperation.draft_saved", target=draft, subject=person,
            details={"version": draft.number, "created": created, "steps": len(steps)}, request=request,
        )  # fmt: skip
    return draft


def publish(*, actor: User, draft: Version, request: HttpRequest | None = None) -> Version:
    """Freeze the draft as the version in force and tell the citizen."""
    with transaction.atomic():
        claimed = Version.all_tenants.filter(pk=draft.pk, status=Status.DRAFT).update(
            status=Status.PUBLISHED,
            published_by=actor,
            published_at=timezone.now(),
            review_date=draft.review_date or default_review_date(timezone.localdate()),
        )
        if not claimed:
            raise PlanError(_("Dieser Entwurf wurde bereits veröffentlicht."))
        draft.refresh_from_db()
        plan = draft.plan
        log_change(
            actor=actor, jobcenter=plan.jobcenter, action="cooperation.plan_published", target=draft,
            subject=plan.person, details={"version": draft.number}, request=request,
        )  # fmt: skip
        _tell(plan.person, plan, _notice_published)
    return draft


def _notice_published() -> tuple[str, str]:
    return (
        _("Ihr Kooperationsplan ist bereit"),
        _("Ihre Beraterin oder Ihr Berater hat Ihren Kooperationsplan aktualisiert. Bitte lesen Sie ihn."),
    )


def _tell(recipient: User, plan: Plan, texts: object, link: str = "") -> None:
    """Notify in the recipient's language, without any content of the plan (social data stays in the portal)."""
    with translation.override(recipient.language or "de"):
        title, text = texts()  # type: ignore[operator]
    link = link or reverse("cooperation:my_plan", kwargs={"jobcenter": plan.jobcenter.slug})
    notify(recipient, "generic", {"title": title, "text": text}, jobcenter=plan.jobcenter, link=link)


def _own_current(actor: User, version: Version) -> None:
    if version.plan.person_id != actor.pk:
        raise PlanError(_("Das ist nicht Ihr Kooperationsplan."))
    if version.status != Status.PUBLISHED or current_version(version.plan) != version:
        raise PlanError(_("Diese Version des Plans gilt nicht mehr."))


def acknowledge(*, actor: User, version: Version, request: HttpRequest | None = None) -> Acknowledgement:
    """The citizen confirms they have read the version in force and agree. Repeating it changes nothing."""
    _own_current(actor, version)
    existing = Acknowledgement.objects.for_tenant(version.jobcenter).filter(version=version, person=actor).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create_for_tenant(version.jobcenter, version=version, person=actor)
            log_change(
                actor=actor, jobcenter=version.jobcenter, action="cooperation.plan_acknowledged", target=version,
                subject=actor, details={"version": version.number}, request=request,
            )  # fmt: skip
            _tell_publisher(
                version,
                gettext_noop("Kooperationsplan bestätigt"),
                gettext_noop("Eine Kundin oder ein Kunde hat den Kooperationsplan gelesen und bestätigt."),
            )
    except IntegrityError:  # a double click raced us
        return Acknowledgement.objects.for_tenant(version.jobcenter).get(version=version, person=actor)
    return ack


def _tell_publisher(version: Version, title: str, body: str) -> None:
    """A portal notice (no content) for the advisor who published the version."""
    creator = version.published_by
    if creator is None or not creator.is_active:
        return
    link = reverse("cooperation:staff_plan", kwargs={"jobcenter": version.jobcenter.slug, "case": version.plan.case_id})
    with translation.override(creator.language or "de"):
        texts = {"title": _(title), "text": _(body)}
    notify(creator, "generic", texts, channels=("portal",), jobcenter=version.jobcenter, link=link)


def add_comment(*, actor: User, version: Version, text: str, request: HttpRequest | None = None) -> Comment:
    _own_current(actor, version)
    text = text.strip()
    if not text:
        raise PlanError(_("Bitte schreiben Sie einen Kommentar."))
    with transaction.atomic():
        comment = Comment.objects.create_for_tenant(version.jobcenter, version=version, author=actor, text=text)
        log_change(
            actor=actor, jobcenter=version.jobcenter, action="cooperation.comment_added", target=comment,
            subject=actor, details={"version": version.number}, request=request,
        )  # fmt: skip
        _tell_publisher(
            version,
            gettext_noop("Neuer Kommentar zu einem Kooperationsplan"),
            gettext_noop("Eine Kundin oder ein Kunde hat den Kooperationsplan kommentiert."),
        )
    return comment


def answer_comment(
    *, actor: User, version: Version, text: str, reason: str | None = None, request: HttpRequest | None = None
) -> Comment:
    """Staff answer the citizen's comments on a published version; the citizen is told (no content)."""
    if version.status != Status.PUBLISHED:
        raise PlanError(_("Antworten sind nur zu einer veröffentlichten Version möglich."))
    text = text.strip()
    if not text:
        raise PlanError(_("Bitte schreiben Sie eine Antwort."))
    with transaction.atomic():
        comment = Comment.objects.create_for_tenant(
            version.jobcenter, version=version, author=actor, text=text, from_staff=True
        )
        log_change(
            actor=actor, jobcenter=version.jobcenter, action="cooperation.comment_answered", target=comment,
            subject=version.plan.person, details={"version": version.number, "break_glass": reason is not None},
            request=request,
        )  # fmt: skip
        _tell(version.plan.person, version.plan, _notice_answered)
    return comment


def _notice_answered() -> tuple[str, str]:
    return (
        _("Antwort zu Ihrem Kooperationsplan"),
        _("Ihre Beraterin oder Ihr Berater hat auf Ihren Kommentar geantwortet."),
    )


def mark_step(*, actor: User, step: Step, done: bool, request: HttpRequest | None = None) -> Step:
    """The citizen ticks off one of their own steps of the version in force."""
    _own_current(actor, step.version)
    if step.owner != Owner.CITIZEN:
        raise PlanError(_("Diesen Schritt erledigt das Jobcenter."))
    with transaction.atomic():
        Step.objects.filter(pk=step.pk).update(done=done, done_at=timezone.now() if done else None)
        step.refresh_from_db()
        log_change(
            actor=actor, jobcenter=step.version.jobcenter, action="cooperation.step_marked", target=step.version,
            subject=actor, details={"version": step.version.number, "step": str(step.key), "done": done},
            request=request,
        )  # fmt: skip
    return step

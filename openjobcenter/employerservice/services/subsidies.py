"""Wage subsidies (§§ 16e, 16i SGB II): the employer applies for a named hire, the employer service
confirms the facts, checks each condition of the rule valid on the start date, decides, records the
payments due and the coaching (beschäftigungsbegleitende Betreuung) during the subsidy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.employerservice.models import (
    CoachingSession,
    CoachingStatus,
    Interview,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyStatus,
)
from openjobcenter.employerservice.services import rules
from openjobcenter.employerservice.services.interviews import is_candidate
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.jobs.models import Employer


class SubsidyError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


FACT_KEYS = ("birth_date", "unemployed_since", "benefit_years", "special_group", "confirmed")


def _audit(
    application: SubsidyApplication, actor: User | None, action: str, request: HttpRequest | None, **details: Any
) -> None:
    log_change(
        actor=actor,
        jobcenter=application.jobcenter,
        action=f"employerservice.subsidy_{action}",
        target=application,
        subject=application.person,
        details={"kind": application.kind, **details},
        request=request,
    )


def apply(
    *,
    actor: User,
    employer: Employer,
    person: User,
    kind: str,
    start_date: dt.date,
    hours_per_week: Decimal,
    gross_wage: Decimal,
    job_title: str,
    contract_end: dt.date | None = None,
    interview: Interview | None = None,
    request: HttpRequest | None = None,
) -> SubsidyApplication:
    if not employer.is_confirmed:
        raise SubsidyError(_("Ihr Unternehmen ist noch nicht vom Arbeitgeber-Service bestätigt."))
    if not is_candidate(employer, person):
        raise SubsidyError(_("Für diese Person können Sie keinen Zuschuss beantragen."), field="person")
    if contract_end is not None and contract_end <= start_date:
        raise SubsidyError(_("Das Vertragsende muss nach dem Beginn liegen."), field="contract_end")
    if gross_wage <= 0:
        raise SubsidyError(_("Bitte geben Sie das Arbeitsentgelt an."), field="gross_wage")
    if not Decimal(1) <= hours_per_week <= Decimal(48):
        raise SubsidyError(_("Bitte geben Sie zwischen 1 und 48 Wochenstunden an."), field="hours_per_week")
    try:
        rule = rules.rule_for(kind, start_date)
    except rules.NoRule:
        raise SubsidyError(_("Für diesen Beginn gibt es keine gültige Förderregel."), field="start_date") from None
    with transaction.atomic():
        application = SubsidyApplication.objects.create_for_tenant(
            employer.jobcenter,
            employer=employer,
            person=person,
            interview=interview,
            kind=kind,
            rule=rule,
            start_date=start_date,
            contract_end=contract_end,
            hours_per_week=hours_per_week,
            gross_wage=gross_wage,
            job_title=job_title.strip()[:200],
            created_by=actor,
        )
        application.checks = [c.as_dict() for c in _evaluate(application)]
        application.save(update_fields=["checks"])
        _audit(application, actor, "applied", request)
    return application


def _evaluate(application: SubsidyApplication) -> list[rules.Check]:
    return rules.evaluate(
        application.rule, application.facts, start=application.start_date, contract_end=application.contract_end
    )


def confirm_facts(
    application: SubsidyApplication, *, actor: User, facts: dict[str, Any], request: HttpRequest | None = None
) -> list[rules.Check]:
    """Staff enter or confirm the facts; every condition is checked again and stored."""
    if application.status != SubsidyStatus.SUBMITTED:
        raise SubsidyError(_("Über diesen Antrag ist schon entschieden."))
    clean: dict[str, Any] = {}
    for key in FACT_KEYS:
        value = facts.get(key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value not in (None, "", []):
            clean[key] = value
    with transaction.atomic():
        application.facts = clean
        checks = _evaluate(application)
        application.checks = [c.as_dict() for c in checks]
        application.save(update_fields=["facts", "checks"])
        _audit(application, actor, "checked", request, results={c.code: c.result for c in checks})
    return checks


def decide(
    application: SubsidyApplication,
    *,
    actor: User,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> SubsidyApplication:
    reason = reason.strip()
    with transaction.atomic():
        locked = (
            SubsidyApplication.objects.for_tenant(application.jobcenter_id).select_for_update().get(pk=application.pk)
        )
        if locked.status != SubsidyStatus.SUBMITTED:
            raise SubsidyError(_("Über diesen Antrag ist schon entschieden."))
        checks = _evaluate(locked)
        if approve and not rules.all_met(checks):
            raise SubsidyError(
                _("Bewilligen geht erst, wenn alle Voraussetzungen erfüllt oder von Hand bestätigt sind.")
            )
        if not approve and len(reason) < 10:
            raise SubsidyError(_("Bitte begründen Sie die Ablehnung (mindestens 10 Zeichen)."), field="reason")
        locked.status = SubsidyStatus.APPROVED if approve else SubsidyStatus.REFUSED
        locked.decision_reason = reason[:1000]
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.checks = [c.as_dict() for c in checks]
        locked.save(update_fields=["status", "decision_reason", "decided_at", "decided_by", "checks"])
        if approve:
            for item in rules.schedule(
                locked.rule, start=locked.start_date, contract_end=locked.contract_end, wage=locked.gross_wage
            ):
                SubsidyPayment.objects.create_for_tenant(
                    locked.jobcenter,
                    application=locked,
                    month=item.month,
                    rate_percent=item.rate_percent,
                    amount=item.amount,
                    share_percent=item.share_percent,
                    share_amount=item.share_amount,
                    share_source=item.share_source[:500],
                )
        _audit(locked, actor, "approved" if approve else "refused", request)
        link = reverse("employerservice:subsidy", kwargs={"jobcenter": locked.jobcenter.slug, "pk": locked.pk})
        for member in locked.employer.members.filter(is_active=True):
            notify(
                member,
                "employerservice_subsidy_decided",
                {"application": locked},
                jobcenter=locked.jobcenter,
                link=link,
            )
    return locked


def mark_paid(payment: SubsidyPayment, *, actor: User, request: HttpRequest | None = None) -> bool:
    """Record that an instalment was paid; ``False`` when it already was (a repeated click)."""
    with transaction.atomic():
        updated = (
            SubsidyPayment.objects.for_tenant(payment.jobcenter_id)
            .filter(pk=payment.pk, paid_at__isnull=True)
            .update(paid_at=timezone.now(), paid_by=actor)
        )
        if updated:
            _audit(
                payment.application, actor, "paid", request, month=payment.month.isoformat(), amount=str(payment.amount)
            )
    return bool(updated)


def add_missing_shares(
    application: SubsidyApplication, *, actor: User, request: HttpRequest | None = None
) -> list[SubsidyPayment]:
    """Add the employer's share to open instalments recorded without one, now that a figure valid for
    their month exists (figures for later years are usually recorded after the approval). Paid
    instalments stay as they were paid; returns the instalments changed."""
    if application.status != SubsidyStatus.APPROVED:
        raise SubsidyError(_("Nur bei bewilligten Förderungen gibt es Raten."))
    plan = rules.schedule(
        application.rule, start=application.start_date, contract_end=application.contract_end,
        wage=application.gross_wage,
    )  # fmt: skip
    by_month = {item.month: item for item in plan if not item.share_missing}
    changed = []
    with transaction.atomic():
        payments = (
            SubsidyPayment.objects.for_tenant(application.jobcenter_id)
            .select_for_update()
            .filter(application=application, paid_at__isnull=True, share_percent__isnull=True)
        )
        for payment in payments:
            item = by_month.get(payment.month)
            if item is None or item.rate_percent != payment.rate_percent:
                continue
            payment.share_percent = item.share_percent
            payment.share_amount = item.share_amount
            payment.share_source = item.share_source[:500]
            payment.amount = item.amount
            payment.save(update_fields=["share_percent", "share_amount", "share_source", "amount"])
            changed.append(payment)
        if changed:
            _audit(application, actor, "shares_added", request, months=[p.month.isoformat() for p in changed])
    return changed


def add_coaching(
    application: SubsidyApplication,
    *,
    actor: User,
    start: dt.datetime,
    topic: str,
    request: HttpRequest | None = None,
) -> CoachingSession:
    if application.status != SubsidyStatus.APPROVED:
        raise SubsidyError(_("Coaching-Termine gibt es nur für bewilligte Förderungen."))
    if not topic.strip():
        raise SubsidyError(_("Bitte geben Sie ein Thema an."), field="topic")
    with transaction.atomic():
        session = CoachingSession.objects.create_for_tenant(
            application.jobcenter, application=application, start=start, topic=topic.strip()[:200], coach=actor
        )
        _audit(application, actor, "coaching_planned", request, start=start.isoformat())
    return session


def record_coaching(
    session: CoachingSession, *, actor: User, status: str, note: str = "", request: HttpRequest | None = None
) -> CoachingSession:
    if status not in {CoachingStatus.HELD, CoachingStatus.MISSED}:
        raise SubsidyError(_("Bitte wählen Sie, ob der Termin stattgefunden hat."))
    with transaction.atomic():
        session.status = status
        session.note = note.strip()[:1000]
        session.save(update_fields=["status", "note"])
        _audit(session.application, actor, "coaching_recorded", request, status=status)
    return session

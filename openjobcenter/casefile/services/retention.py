"""Retention of documents: a deletion period per category and Jobcenter, legal holds, automatic deletion.

``delete_after`` is set on upload (upload date + the category's months). The worker
(``casefile.tasks``) deletes every document whose date has passed, unless the document or its case
is under a legal hold. Deleting removes the encrypted file AND the row (with its search terms);
what remains is a ``DeletionLog`` row with metadata only (case number, category, version, dates,
cause) and an audit entry. See docs/casefile.md for the defaults and where they come from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import (
    Case,
    Category,
    DeletionCause,
    DeletionLog,
    Document,
    LegalHold,
    RetentionRule,
)
from openjobcenter.casefile.services.access import CaseAccessDenied, authorise_staff

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)

# Assumed defaults (months after upload) until the Jobcenter sets its own; reasons in docs/casefile.md.
DEFAULT_MONTHS: dict[str, int] = {
    Category.INCOME: 72,
    Category.RENT: 72,
    Category.BANK: 72,
    Category.APPLICATION: 120,
    Category.ID: 12,
    Category.SICK_NOTE: 24,
    Category.DECISION: 120,
    Category.LETTER: 72,
    Category.CV: 24,
    Category.OTHER: 60,
}
MAX_MONTHS = 360
HOLD_REASON_MIN = 10
HOLD_REASON_MAX = 300
SET_HOLD = "casefile.set_legal_hold"
MANAGE_RETENTION = "casefile.manage_retention"
BATCH = 500


class HoldRefused(Exception):
    """The person may not set or lift legal holds, or the reason is too short."""


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_for(jobcenter: Jobcenter, category: str) -> int:
    rule = RetentionRule.objects.for_tenant(jobcenter).filter(category=category).first()
    return rule.months if rule is not None else DEFAULT_MONTHS.get(category, DEFAULT_MONTHS[Category.OTHER])


def rules_of(jobcenter: Jobcenter) -> dict[str, int]:
    """Months per category: the Jobcenter's rules over the defaults."""
    months = {str(key): value for key, value in DEFAULT_MONTHS.items()}
    months.update(RetentionRule.objects.for_tenant(jobcenter).values_list("category", "months"))
    return months


def delete_after_for(jobcenter: Jobcenter, category: str, uploaded: dt.date) -> dt.date:
    return add_months(uploaded, months_for(jobcenter, category))


def set_rule(
    *, actor: User, jobcenter: Jobcenter, category: str, months: int, request: HttpRequest | None = None
) -> int:
    """Change one category's period; existing documents get their date recomputed. Returns how many."""
    if not actor.has_perm(MANAGE_RETENTION) or not actor.belongs_to(jobcenter):
        raise PermissionError
    if category not in Category.values or not 1 <= months <= MAX_MONTHS:
        raise ValueError("Unknown category or months out of range.")
    with transaction.atomic():
        old = months_for(jobcenter, category)
        RetentionRule.objects.for_tenant(jobcenter).update_or_create(
            jobcenter=jobcenter, category=category, defaults={"months": months}
        )
        changed = 0
        if old != months:
            documents = Document.objects.for_tenant(jobcenter).filter(category=category).only("pk", "created_at")
            for document in documents.iterator(chunk_size=BATCH):
                local_day = timezone.localtime(document.created_at).date()
                changed += Document.all_tenants.filter(pk=document.pk).update(
                    delete_after=add_months(local_day, months)
                )
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="casefile.retention_rule_changed",
            details={"category": category, "from": old, "to": months, "documents": changed},
            request=request,
        )
    return changed


# --- Legal holds ------------------------------------------------------------------------------


def _authorise_hold(actor: User, case: Case, reason: str | None) -> None:
    if not actor.has_perm(SET_HOLD):
        raise HoldRefused
    if actor.has_perm("casefile.view_case"):
        try:
            authorise_staff(actor, case, reason=reason)
        except Exception:
            raise HoldRefused from None
    elif not (actor.has_perm(MANAGE_RETENTION) and actor.jobcenter_id == case.jobcenter_id):
        raise HoldRefused


def _clean_hold_reason(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) < HOLD_REASON_MIN:
        raise HoldRefused
    return text[:HOLD_REASON_MAX]


def active_holds(case: Case) -> QuerySet[LegalHold]:
    return LegalHold.objects.for_tenant(case.jobcenter).filter(case=case, lifted_at__isnull=True)


def set_hold(
    *,
    actor: User,
    case: Case,
    reason: str,
    document: Document | None = None,
    access_reason: str | None = None,
    request: HttpRequest | None = None,
) -> LegalHold:
    """Put the case (or one document) under a legal hold: nothing of it is deleted until lifted."""
    _authorise_hold(actor, case, access_reason)
    text = _clean_hold_reason(reason)
    if document is not None and document.case_id != case.pk:
        raise CaseAccessDenied
    with transaction.atomic():
        existing = active_holds(case).filter(document=document).first()
        if existing is not None:
            return existing
        hold = LegalHold.objects.create_for_tenant(
            case.jobcenter, case=case, document=document, reason=text, set_by=actor
        )
        if document is not None:
            Document.all_tenants.filter(pk=document.pk).update(legal_hold=True)
        log_change(
            actor=actor,
            jobcenter=case.jobcenter,
            action="casefile.legal_hold_set",
            target=document or case,
            details={"case": case.customer_number, "document": document.pk if document else None, "reason": text},
            request=request,
        )
    return hold


def lift_hold(
    *, actor: User, hold: LegalHold, reason: str, access_reason: str | None = None, request: HttpRequest | None = None
) -> None:
    _authorise_hold(actor, hold.case, access_reason)
    text = _clean_hold_reason(reason)
    with transaction.atomic():
        lifted = LegalHold.all_tenants.filter(pk=hold.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=actor, lift_reason=text
        )
        if not lifted:
            return
        if hold.document_id is not None:
            Document.all_tenants.filter(pk=hold.document_id).update(legal_hold=False)
        log_change(
            actor=actor,
            jobcenter=hold.jobcenter,
            action="casefile.legal_hold_lifted",
            target=hold.document or hold.case,
            details={"case": hold.case.customer_number, "document": hold.document_id, "reason": text},
            request=request,
        )


# --- Deletion ---------------------------------------------------------------------------------


def expired_documents(*, today: dt.date | None = None) -> QuerySet[Document]:
    """Documents of all Jobcenters whose period has passed and that are under no hold."""
    today = today or timezone.localdate()
    case_hold = LegalHold.all_tenants.filter(case=OuterRef("case"), document__isnull=True, lifted_at__isnull=True)
    return (
        Document.all_tenants.filter(delete_after__lt=today, legal_hold=False)
        .exclude(Exists(case_hold))
        .order_by("delete_after", "pk")
    )


def delete_expired_documents(*, today: dt.date | None = None) -> int:
    """Delete every expired document (file and row), log each; returns how many. Idempotent."""
    deleted = 0
    for pk in list(expired_documents(today=today).values_list("pk", flat=True)[:BATCH]):
        try:
            deleted += delete_document(pk, cause=DeletionCause.RETENTION, today=today)
        except ProtectedError:
            # Another app still points at it (e.g. a message attachment): kept, and said so.
            logger.warning("Expired document %s is still referenced and was not deleted.", pk)
    return deleted


def delete_document(
    pk: int,
    *,
    cause: str,
    actor: User | None = None,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Delete one document in one transaction; its file goes after commit. 0 when held or gone meanwhile."""
    today = today or timezone.localdate()
    with transaction.atomic():
        document = Document.all_tenants.select_for_update().select_related("case", "jobcenter").filter(pk=pk).first()
        if document is None or _held(document):
            return 0
        if cause == DeletionCause.RETENTION and (document.delete_after is None or document.delete_after >= today):
            return 0
        _unlink_version(document)
        entry = DeletionLog.objects.create_for_tenant(
            document.jobcenter,
            case=document.case,
            customer_number=document.case.customer_number,
            document_ref=document.pk,
            category=document.category,
            version=document.version,
            source=document.source,
            uploaded_at=document.created_at,
            delete_after=document.delete_after,
            cause=cause,
            rule_months=months_for(document.jobcenter, document.category) if cause == DeletionCause.RETENTION else None,
            deleted_by=actor,
        )
        storage_name = document.storage_name
        document.delete()
        log_change(
            actor=actor,
            jobcenter=entry.jobcenter,
            action="casefile.document_deleted",
            target=entry,
            details={"case": entry.customer_number, "document": pk, "category": entry.category, "cause": cause},
            request=request,
        )
        transaction.on_commit(lambda: _delete_file(storage_name))
    return 1


def _held(document: Document) -> bool:
    if document.legal_hold:
        return True
    return LegalHold.all_tenants.filter(
        case_id=document.case_id, document__isnull=True, lifted_at__isnull=True
    ).exists()


def _unlink_version(document: Document) -> None:
    """The next version (if any) now follows the one before the deleted version."""
    successor = Document.all_tenants.filter(previous=document).first()
    if successor is None:
        return
    predecessor = document.previous_id
    Document.all_tenants.filter(pk=document.pk).update(previous=None)
    Document.all_tenants.filter(pk=successor.pk).update(previous=predecessor)


def _delete_file(storage_name: str) -> None:
    try:
        default_storage.delete(storage_name)
    except OSError:
        # The row is gone; an orphaned file stays encrypted. Logged so the operator can remove it.
        logger.exception("Could not delete the file of a deleted document: %s", storage_name)


def deletion_log(jobcenter: Jobcenter) -> QuerySet[DeletionLog]:
    return DeletionLog.objects.for_tenant(jobcenter).select_related("deleted_by")

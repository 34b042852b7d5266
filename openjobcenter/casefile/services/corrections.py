"""The citizen's right to correction (Art. 16 DSGVO): a request, and the responsible team's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case, CorrectionRequest, CorrectionStatus, Document
from openjobcenter.casefile.services.access import CaseAccessDenied, authorise_staff, is_member

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MAX_TEXT = 3000


def _text(value: str) -> str:
    text = (value or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ValueError("Between 1 and 3000 characters.")
    return text


def ask_for_correction(
    *, citizen: User, case: Case, text: str, document: Document | None = None, request: HttpRequest | None = None
) -> CorrectionRequest:
    if not citizen.belongs_to(case.jobcenter) or not is_member(citizen, case):
        raise CaseAccessDenied
    if document is not None and document.case_id != case.pk:
        raise CaseAccessDenied
    with transaction.atomic():
        correction = CorrectionRequest.objects.create_for_tenant(
            case.jobcenter, case=case, person=citizen, document=document, text=_text(text)
        )
        log_change(
            actor=citizen,
            jobcenter=case.jobcenter,
            action="casefile.correction_requested",
            target=correction,
            subject=citizen,
            details={"case": case.customer_number, "document": document.pk if document else None},
            request=request,
        )
    return correction


def resolve_correction(
    *,
    actor: User,
    correction: CorrectionRequest,
    answer: str,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Answer an open request (staff who may open the case). False when someone answered first."""
    authorise_staff(actor, correction.case, reason=reason)
    text = _text(answer)
    with transaction.atomic():
        updated = CorrectionRequest.all_tenants.filter(pk=correction.pk, status=CorrectionStatus.OPEN).update(
            status=CorrectionStatus.RESOLVED, answer=text, resolved_by=actor, resolved_at=timezone.now()
        )
        if updated:
            log_change(
                actor=actor,
                jobcenter=correction.jobcenter,
                action="casefile.correction_resolved",
                target=correction,
                subject=correction.person,
                details={"case": correction.case.customer_number},
                request=request,
            )
    return bool(updated)


def corrections_of(citizen: User, case: Case) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.for_tenant(case.jobcenter)
        .filter(case=case, person=citizen)
        .select_related("document")
    )


def open_corrections(case: Case) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.for_tenant(case.jobcenter)
        .filter(case=case, status=CorrectionStatus.OPEN)
        .select_related("person", "document")
        .order_by("created_at")
    )

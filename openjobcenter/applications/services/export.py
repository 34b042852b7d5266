"""The applications part of a citizen's data export (Art. 15 and 20 DSGVO): every application the
person made (first, continuation, change notifications, drafts too) with its answers, history,
document requests and approval periods. Contract: ``casefile/services/export.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openjobcenter.applications.models import Application, ApprovalPeriod, DocumentRequest, Event

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


def _answers(data: dict[str, Any]) -> dict[str, Any]:
    """What the person typed per step (validated where it validated, else as typed)."""
    return {slug: entry.get("clean") if entry.get("clean") is not None else entry.get("raw")
            for slug, entry in data.items() if isinstance(entry, dict)}  # fmt: skip


def export(user: User) -> dict[str, Any]:
    if user.jobcenter_id is None:
        return {"applications": [], "approval_periods": []}
    applications = list(Application.objects.for_tenant(user.jobcenter_id).filter(applicant=user).order_by("created_at"))
    history: dict[int, list[dict[str, Any]]] = {}
    for event in Event.objects.filter(application__in=applications).order_by("at", "pk"):
        history.setdefault(event.application_id, []).append({"at": event.at, "status": event.status})
    requests: dict[int, list[dict[str, Any]]] = {}
    for item in DocumentRequest.objects.for_tenant(user.jobcenter_id).filter(application__in=applications):
        requests.setdefault(item.application_id, []).append(
            {"title": item.title, "due_date": item.due_date, "fulfilled_at": item.fulfilled_at}
        )
    periods = ApprovalPeriod.objects.for_tenant(user.jobcenter_id).filter(person=user).order_by("start")
    return {
        "applications": [
            {
                "reference": a.reference,
                "kind": a.kind,
                "topic": a.topic,
                "title": a.title,
                "status": a.status,
                "decision": a.decision,
                "decision_note": a.decision_note,
                "submitted_at": a.submitted_at,
                "created_at": a.created_at,
                "answers": _answers(a.data),
                "history": history.get(a.pk, []),
                "document_requests": requests.get(a.pk, []),
            }
            for a in applications
        ],
        "approval_periods": [
            {"start": p.start, "end": p.end, "application": p.application.reference, "invited_at": p.invited_at}
            for p in periods.select_related("application")
        ],
    }

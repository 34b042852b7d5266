"""The learning part of a citizen's data export (Art. 15 and 20 DSGVO): their enrolments with
attendance and absence notices. Contract: ``casefile/services/export.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openjobcenter.learning.models import AbsenceNotice, Attendance, Enrolment

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User


def export(user: User) -> dict[str, Any]:
    if user.jobcenter_id is None:
        return {"enrolments": []}
    enrolments = list(
        Enrolment.objects.for_tenant(user.jobcenter_id)
        .filter(person=user)
        .select_related("course", "course__provider")
        .order_by("created_at")
    )
    attendances: dict[int, list[dict[str, Any]]] = {}
    for attendance in (
        Attendance.objects.for_tenant(user.jobcenter_id).filter(enrolment__in=enrolments).select_related("session")
    ):
        attendances.setdefault(attendance.enrolment_id, []).append(
            {"session_start": attendance.session.start, "status": attendance.status, "reason": attendance.reason}
        )
    notices: dict[int, list[dict[str, Any]]] = {}
    for notice in (
        AbsenceNotice.objects.for_tenant(user.jobcenter_id).filter(enrolment__in=enrolments).select_related("session")
    ):
        notices.setdefault(notice.enrolment_id, []).append(
            {
                "session_start": notice.session.start,
                "reason": notice.reason,
                "reported_at": notice.created_at,
                "sick_note_document": notice.document_id,
            }
        )
    return {
        "enrolments": [
            {
                "course": e.course.display_title(),
                "provider": e.course.provider.name,
                "status": e.status,
                "requested_or_assigned_at": e.created_at,
                "confirmed_at": e.confirmed_at,
                "ended_at": e.ended_at,
                "reason": e.reason,
                "note": e.note,
                "attendance": attendances.get(e.pk, []),
                "absence_notices": notices.get(e.pk, []),
            }
            for e in enrolments
        ]
    }

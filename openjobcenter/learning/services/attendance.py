"""Attendance per session, recorded by the course's provider; absence notices from participants,
with an optional sick note stored through the case file's upload pipeline; participation figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Category
from openjobcenter.casefile.services.access import case_of_client
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.learning.models import (
    AbsenceNotice,
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
)
from openjobcenter.learning.services.access import may_record
from openjobcenter.learning.services.errors import LearningError

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.services.uploads import CleanFile

MAX_TEXT = 300
# Attendance can be recorded for people who held a place (also after they left the course).
RECORDABLE = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.CANCELLED, EnrolmentStatus.REMOVED)


def participants(session: Session) -> list[Enrolment]:
    return list(
        Enrolment.objects.for_tenant(session.jobcenter_id)
        .filter(course_id=session.course_id, status=EnrolmentStatus.CONFIRMED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def record(
    actor: User,
    session: Session,
    enrolment: Enrolment,
    status: str,
    *,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Attendance:
    """Record (or correct) one participant's attendance at one session."""
    if not may_record(actor, session.course):
        raise LearningError(_("Für diesen Kurs dürfen Sie keine Anwesenheit erfassen."))
    if enrolment.course_id != session.course_id or enrolment.status not in RECORDABLE:
        raise LearningError(_("Diese Person nimmt nicht an diesem Kurs teil."))
    if status not in AttendanceStatus.values:
        raise LearningError(_("Bitte wählen Sie aus, ob die Person anwesend war."))
    if session.start > timezone.now():
        raise LearningError(_("Die Anwesenheit kann erst ab Beginn des Termins erfasst werden."))
    reason = reason.strip()[:MAX_TEXT]
    with transaction.atomic():
        attendance, _created = Attendance.all_tenants.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={"jobcenter_id": session.jobcenter_id, "status": status, "reason": reason, "recorded_by": actor},
        )
        log_change(actor=actor, jobcenter=session.course.jobcenter, action="learning.attendance_recorded",
                   target=attendance, subject=enrolment.person,
                   details={"session": session.pk, "status": status}, request=request)  # fmt: skip
    return attendance


def report_absence(
    citizen: User,
    enrolment: Enrolment,
    session: Session,
    *,
    reason: str,
    sick_note: CleanFile | None = None,
    request: HttpRequest | None = None,
) -> AbsenceNotice:
    """The participant reports they cannot come (or could not), optionally with a sick note, which
    goes into their case file like any other upload."""
    if enrolment.person_id != citizen.pk or enrolment.status != EnrolmentStatus.CONFIRMED:
        raise LearningError(_("Sie nehmen an diesem Kurs nicht teil."))
    if session.course_id != enrolment.course_id:
        raise LearningError(_("Diesen Termin gibt es in Ihrem Kurs nicht."))
    reason = reason.strip()[:MAX_TEXT]
    if not reason:
        message = str(_("Bitte geben Sie einen Grund an."))
        raise LearningError(message, fields={"reason": [message]})
    document = None
    if sick_note is not None:
        case = case_of_client(citizen, enrolment.jobcenter)
        if case is None:
            message = str(_("Ihre Akte wurde nicht gefunden. Bitte wenden Sie sich an Ihr Jobcenter."))
            raise LearningError(message, fields={"sick_note": [message]})
        title = _("Krankmeldung %(course)s") % {"course": enrolment.course.display_title()}
        document = upload_document(actor=citizen, case=case, clean=sick_note, category=Category.SICK_NOTE,
                                   title=str(title), request=request)  # fmt: skip
    with transaction.atomic():
        notice = AbsenceNotice.all_tenants.create(
            jobcenter=enrolment.jobcenter, session=session, enrolment=enrolment, reason=reason, document=document
        )
        log_change(actor=citizen, jobcenter=enrolment.jobcenter, action="learning.absence_reported", target=notice,
                   subject=citizen, details={"session": session.pk, "sick_note": document is not None},
                   request=request)  # fmt: skip
    return notice


@dataclass(frozen=True)
class Participation:
    """How one enrolment went so far."""

    enrolment: Enrolment
    sessions: int
    past_sessions: int
    present: int
    excused: int
    unexcused: int
    notices: int

    @property
    def open(self) -> int:
        return self.past_sessions - self.present - self.excused - self.unexcused

    @property
    def rate(self) -> int | None:
        recorded = self.present + self.excused + self.unexcused
        return round(100 * self.present / recorded) if recorded else None


def participation(enrolments: list[Enrolment]) -> list[Participation]:
    """Figures for several enrolments in a fixed number of queries."""
    if not enrolments:
        return []
    jobcenter_id = enrolments[0].jobcenter_id
    course_ids = {e.course_id for e in enrolments}
    now = timezone.now()
    sessions = Counter[int]()
    past = Counter[int]()
    for course_id, start in (
        Session.objects.for_tenant(jobcenter_id).filter(course_id__in=course_ids).values_list("course_id", "start")
    ):
        sessions[course_id] += 1
        past[course_id] += start <= now
    counts: Counter[tuple[int, str]] = Counter()
    for enrolment_id, status in (
        Attendance.objects.for_tenant(jobcenter_id)
        .filter(enrolment__in=enrolments)
        .values_list("enrolment_id", "status")
    ):
        counts[(enrolment_id, status)] += 1
    notices = Counter(
        AbsenceNotice.objects.for_tenant(jobcenter_id)
        .filter(enrolment__in=enrolments)
        .values_list("enrolment_id", flat=True)
    )
    return [
        Participation(
            enrolment=e,
            sessions=sessions[e.course_id],
            past_sessions=past[e.course_id],
            present=counts[(e.pk, AttendanceStatus.PRESENT)],
            excused=counts[(e.pk, AttendanceStatus.EXCUSED)],
            unexcused=counts[(e.pk, AttendanceStatus.UNEXCUSED)],
            notices=notices[e.pk],
        )
        for e in enrolments
    ]

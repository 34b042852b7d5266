"""Courses in a case's timeline: places, requests, waiting list, cancellations and every recorded
attendance or absence notice of the household's members.

Staff of the case's team get a link to the participation page; a citizen gets a link to
"Meine Kurse" for their own entries only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry, may_view
from openjobcenter.learning.models import AbsenceNotice, Attendance, AttendanceStatus, Enrolment, EnrolmentStatus

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case

LIMIT = 200

_ENDED = {
    EnrolmentStatus.CANCELLED: _("Kurs abgesagt"),
    EnrolmentStatus.REMOVED: _("Vom Kurs abgemeldet"),
    EnrolmentStatus.DECLINED: _("Kursanfrage abgelehnt"),
}
_ATTENDANCE = {
    AttendanceStatus.PRESENT: _("Am Kurs teilgenommen"),
    AttendanceStatus.EXCUSED: _("Kurs entschuldigt versäumt"),
    AttendanceStatus.UNEXCUSED: _("Kurs unentschuldigt versäumt"),
}


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterator[Entry]:
    members = list(case.memberships.values_list("person_id", flat=True))
    if not members or not may_view(case, viewer, for_citizen=for_citizen):
        return
    enrolments = list(
        Enrolment.objects.for_tenant(case.jobcenter)
        .filter(person_id__in=members)
        .select_related("course", "jobcenter")
        .order_by("-created_at")[:LIMIT]
    )
    for enrolment in enrolments:
        yield from _enrolment_entries(enrolment, _url(case, enrolment, viewer, for_citizen=for_citizen))
    attendances = (
        Attendance.objects.for_tenant(case.jobcenter)
        .filter(enrolment__in=enrolments)
        .select_related("session", "enrolment__course", "enrolment__jobcenter")
        .order_by("-session__start")[:LIMIT]
    )
    for attendance in attendances:
        enrolment = attendance.enrolment
        yield Entry(at=attendance.recorded_at, kind="course", title=_ATTENDANCE[AttendanceStatus(attendance.status)],
                    text=_detail(enrolment, attendance.session.start, attendance.reason),
                    url=_url(case, enrolment, viewer, for_citizen=for_citizen), icon="check")  # fmt: skip
    notices = (
        AbsenceNotice.objects.for_tenant(case.jobcenter)
        .filter(enrolment__in=enrolments)
        .select_related("session", "enrolment__course", "enrolment__jobcenter")[:LIMIT]
    )
    for notice in notices:
        title = _("Abwesenheit gemeldet (mit Krankmeldung)") if notice.document_id else _("Abwesenheit gemeldet")
        yield Entry(at=notice.created_at, kind="course", title=title,
                    text=_detail(notice.enrolment, notice.session.start, notice.reason),
                    url=_url(case, notice.enrolment, viewer, for_citizen=for_citizen), icon="info")  # fmt: skip


def _detail(enrolment: Enrolment, start: object, extra: str = "") -> str:
    day = date_format(timezone.localtime(start), "SHORT_DATE_FORMAT")  # type: ignore[arg-type]
    text = str(_("%(course)s am %(day)s") % {"course": enrolment.course.display_title(), "day": day})
    return f"{text} – {extra}" if extra else text


def _url(case: Case, enrolment: Enrolment, viewer: User, *, for_citizen: bool) -> str:
    slug = enrolment.jobcenter.slug
    if for_citizen:
        return reverse("learning:my_courses", kwargs={"jobcenter": slug}) if enrolment.person_id == viewer.pk else ""
    from openjobcenter.casefile.services.access import Access, staff_access

    # The participation page is for the responsible team only.
    if viewer.has_perm("learning.view_participation") and staff_access(viewer, case) == Access.TEAM:
        return reverse("learning:participation", kwargs={"jobcenter": slug, "case": case.pk})
    return ""


def _enrolment_entries(enrolment: Enrolment, url: str) -> Iterator[Entry]:
    title = enrolment.course.display_title()
    started = _("Kurs zugewiesen") if enrolment.assigned_by_id else _("Kursplatz angefragt")
    yield Entry(at=enrolment.created_at, kind="course", title=started, text=title, url=url, icon="checklist")
    if enrolment.confirmed_at is not None:
        yield Entry(at=enrolment.confirmed_at, kind="course", title=_("Kursplatz bestätigt"), text=title, url=url,
                    icon="check")  # fmt: skip
    if enrolment.status == EnrolmentStatus.WAITING and enrolment.waiting_since is not None:
        yield Entry(at=enrolment.waiting_since, kind="course", title=_("Auf der Warteliste"), text=title, url=url,
                    icon="calendar-today")  # fmt: skip
    if enrolment.status in _ENDED and enrolment.ended_at is not None:
        text = f"{title} – {enrolment.reason}" if enrolment.reason else title
        yield Entry(at=enrolment.ended_at, kind="course", title=_ENDED[EnrolmentStatus(enrolment.status)], text=text,
                    url=url, icon="close")  # fmt: skip

"""The catalogue: search and filters, courses and their sessions, the childcare mark.

A course "passt zu Kinderbetreuungszeiten" when every one of its sessions lies on a childcare day
of the Jobcenter and between the usual childcare hours (a Jobcenter setting, by default
Monday to Friday, 08:30–14:30). The mark and the start date are stored on the course and
recomputed whenever its sessions or the Jobcenter's hours change, so the filter is one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.audit.services import log_change
from openjobcenter.learning.models import Course, LearningSettings, Provider, Session
from openjobcenter.learning.services.access import may_manage
from openjobcenter.learning.services.errors import LearningError

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

MAX_TEXT = 100


def settings_for(jobcenter: Jobcenter) -> LearningSettings:
    found = LearningSettings.objects.for_tenant(jobcenter).first()
    return found or LearningSettings.all_tenants.get_or_create(jobcenter=jobcenter)[0]


def session_fits(session: Session, rules: LearningSettings) -> bool:
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    return (
        start.date() == end.date()
        and start.weekday() in (rules.childcare_weekdays or [])
        and rules.childcare_starts <= start.time()
        and end.time() <= rules.childcare_ends
    )


def fits_childcare(sessions: Iterable[Session], rules: LearningSettings) -> bool:
    listed = list(sessions)
    return bool(listed) and all(session_fits(session, rules) for session in listed)


def refresh(course: Course, rules: LearningSettings | None = None) -> None:
    """Recompute the childcare mark and the start date from the course's sessions."""
    rules = rules or settings_for(course.jobcenter)
    sessions = list(Session.objects.for_tenant(course.jobcenter_id).filter(course=course))
    course.childcare_compatible = fits_childcare(sessions, rules)
    course.starts_on = min((timezone.localdate(s.start) for s in sessions), default=None)
    Course.objects.for_tenant(course.jobcenter_id).filter(pk=course.pk).update(
        childcare_compatible=course.childcare_compatible, starts_on=course.starts_on
    )


def change_settings(actor: User, jobcenter: Jobcenter, **values: Any) -> LearningSettings:
    rules = settings_for(jobcenter)
    with transaction.atomic():
        for name, value in values.items():
            setattr(rules, name, value)
        rules.save()
        for course in Course.objects.for_tenant(jobcenter):
            refresh(course, rules)
        log_change(actor=actor, jobcenter=jobcenter, action="learning.settings_changed", target=rules,
                   details={k: str(v) for k, v in values.items()})  # fmt: skip
    return rules


# --- Search -------------------------------------------------------------------------------------


@dataclass
class Filters:
    text: str = ""
    format: str = ""  # "online", "in_person" or ""
    childcare: bool = False
    language: str = ""
    funding: str = ""
    starts_from: dt.date | None = None
    city: str = ""
    providers: list[int] = field(default_factory=list)


def search(jobcenter: Jobcenter, filters: Filters, *, today: dt.date | None = None) -> QuerySet[Course]:
    """Published courses that have not started yet or are running, matching the filters."""
    today = today or timezone.localdate()
    courses = (
        Course.objects.for_tenant(jobcenter)
        .filter(is_published=True, provider__is_active=True)
        .filter(Q(sessions__end__gte=timezone.now()) | Q(starts_on__isnull=True))
        .select_related("provider", "programme")
        .distinct()
    )
    if words := filters.text.strip()[:MAX_TEXT].split():
        for word in words:
            courses = courses.filter(
                Q(title__de__icontains=word)
                | Q(title__en__icontains=word)
                | Q(description__de__icontains=word)
                | Q(provider__name__icontains=word)
                | Q(city__icontains=word)
            )
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.childcare:
        courses = courses.filter(childcare_compatible=True)
    if filters.language:
        courses = courses.filter(languages__contains=f",{filters.language},")
    if filters.funding:
        courses = courses.filter(funding__contains=f",{filters.funding},")
    if filters.starts_from:
        courses = courses.filter(starts_on__gte=filters.starts_from)
    if filters.city:
        courses = courses.filter(city__icontains=filters.city.strip()[:MAX_TEXT])
    return courses.order_by("starts_on", "id")


def published_course(jobcenter: Jobcenter, pk: int) -> Course | None:
    return (
        Course.objects.for_tenant(jobcenter)
        .filter(pk=pk, is_published=True, provider__is_active=True)
        .select_related("provider", "programme")
        .first()
    )


# --- Maintaining courses ------------------------------------------------------------------------


def save_course(
    actor: User,
    jobcenter: Jobcenter,
    values: dict[str, Any],
    *,
    course: Course | None = None,
    request: HttpRequest | None = None,
) -> Course:
    """Create or change a course. ``values`` are model fields (``provider`` already authorised)."""
    provider: Provider = values["provider"]
    if provider.jobcenter_id != jobcenter.pk:
        raise LearningError(_("Unbekannter Träger."), fields={"provider": [str(_("Unbekannter Träger."))]})
    if course is not None and not may_manage(actor, course):
        raise LearningError(_("Diesen Kurs dürfen Sie nicht ändern."))
    if course is not None and values.get("seats", course.seats) < course.confirmed:
        message = str(_("Es sind schon %(count)s Plätze vergeben.") % {"count": course.confirmed})
        raise LearningError(message, fields={"seats": [message]})
    with transaction.atomic():
        if course is None:
            course = Course(jobcenter=jobcenter)
        for name, value in values.items():
            setattr(course, name, value)
        course.save()
        log_change(actor=actor, jobcenter=jobcenter, action="learning.course_saved", target=course,
                   details={"title": course.display_title(), "seats": course.seats}, request=request)  # fmt: skip
    return course


def add_session(
    actor: User, course: Course, start: dt.datetime, end: dt.datetime, *, request: HttpRequest | None = None
) -> Session:
    if not may_manage(actor, course):
        raise LearningError(_("Diesen Kurs dürfen Sie nicht ändern."))
    if end <= start:
        message = str(_("Das Ende muss nach dem Beginn liegen."))
        raise LearningError(message, fields={"ends": [message]})
    with transaction.atomic():
        session = Session.all_tenants.create(jobcenter=course.jobcenter, course=course, start=start, end=end)
        refresh(course)
        log_change(actor=actor, jobcenter=course.jobcenter, action="learning.session_added", target=session,
                   details={"course": course.pk, "start": start.isoformat()}, request=request)  # fmt: skip
    return session


def delete_session(actor: User, session: Session, *, request: HttpRequest | None = None) -> None:
    course = session.course
    if not may_manage(actor, course):
        raise LearningError(_("Diesen Kurs dürfen Sie nicht ändern."))
    with transaction.atomic():
        log_change(actor=actor, jobcenter=course.jobcenter, action="learning.session_deleted", target=session,
                   details={"course": course.pk, "start": session.start.isoformat()}, request=request)  # fmt: skip
        session.delete()
        refresh(course)

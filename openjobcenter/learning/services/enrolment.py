"""Places in courses: the advisor assigns, or the citizen asks and the advisor confirms or declines;
cancelling frees the seat and moves the first person of the waiting list up.

Seats are locked like appointment slots: ``_claim`` is one conditional UPDATE on the course row
(``confirmed < seats``), which takes the row lock late in the transaction and holds it to the end;
the unique constraint on (course, seat) of confirmed enrolments is the last guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openjobcenter.audit.services import log_change
from openjobcenter.learning.models import ACTIVE, Course, Enrolment, EnrolmentStatus
from openjobcenter.learning.services import mail
from openjobcenter.learning.services.access import ASSIGN, ENROL, is_team_client, may_manage
from openjobcenter.learning.services.errors import LearningError

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

MAX_TEXT = 300


def _claim(course: Course) -> bool:
    """Take one seat if one is free: one conditional UPDATE, which locks the course row."""
    return bool(
        Course.objects.for_tenant(course.jobcenter_id)
        .filter(pk=course.pk, confirmed__lt=F("seats"))
        .update(confirmed=F("confirmed") + 1)
    )


def _release(course: Course) -> None:
    Course.objects.for_tenant(course.jobcenter_id).filter(pk=course.pk, confirmed__gt=0).update(
        confirmed=F("confirmed") - 1
    )


def _free_seat(course: Course) -> int:
    """The lowest seat number not taken (read after the claim, under the course row's lock)."""
    used = set(
        Enrolment.objects.for_tenant(course.jobcenter_id)
        .filter(course=course, status=EnrolmentStatus.CONFIRMED)
        .values_list("seat", flat=True)
    )
    return next(seat for seat in range(1, course.seats + 1) if seat not in used)


def _place(enrolment: Enrolment, actor: User | None) -> None:
    """Confirm the enrolment if a seat is free, else put it on the waiting list (unsaved)."""
    now = timezone.now()
    enrolment.decided_by = actor
    if _claim(enrolment.course):
        enrolment.course.refresh_from_db(fields=["seats", "confirmed"])
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.seat = _free_seat(enrolment.course)
        enrolment.confirmed_at = now
    else:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.seat = None
        enrolment.waiting_since = now


def _tell(enrolment: Enrolment) -> None:
    mail.send(enrolment, mail.CONFIRMED if enrolment.status == EnrolmentStatus.CONFIRMED else mail.WAITING)


def _course_for(jobcenter: Jobcenter, course: Course) -> Course:
    if course.jobcenter_id != jobcenter.pk or not course.is_published:
        raise LearningError(_("Diesen Kurs gibt es nicht (mehr)."))
    return course


def _check_not_enrolled(course: Course, person: User) -> None:
    if (
        Enrolment.objects.for_tenant(course.jobcenter_id)
        .filter(course=course, person=person, status__in=ACTIVE)
        .exists()
    ):
        raise LearningError(_("Für diesen Kurs besteht schon eine Anmeldung oder Anfrage."))


def _insert(enrolment: Enrolment) -> Enrolment:
    try:
        with transaction.atomic():
            enrolment.save(force_insert=True)
    except IntegrityError:
        # The same person twice at once (double click): the other request won.
        raise LearningError(_("Für diesen Kurs besteht schon eine Anmeldung oder Anfrage.")) from None
    return enrolment


def assign(
    advisor: User, course: Course, person: User, *, note: str = "", request: HttpRequest | None = None
) -> Enrolment:
    """The advisor gives a client of their team a place (or a waiting-list place when full)."""
    jobcenter = course.jobcenter
    if not advisor.has_perm(ASSIGN) or not advisor.belongs_to(jobcenter):
        raise LearningError(_("Sie dürfen keine Kurse zuweisen."))
    if not is_team_client(advisor, person, jobcenter):
        raise LearningError(_("Diese Person gehört nicht zu den Kundinnen und Kunden Ihres Teams."))
    _course_for(jobcenter, course)
    with transaction.atomic():
        _check_not_enrolled(course, person)
        enrolment = Enrolment(
            jobcenter=jobcenter, course=course, person=person, assigned_by=advisor, note=note.strip()[:MAX_TEXT]
        )
        _place(enrolment, advisor)
        _insert(enrolment)
        _tell(enrolment)
        _log(advisor, enrolment, "learning.assigned", request)
    return enrolment


def request_place(citizen: User, course: Course, *, note: str = "", request: HttpRequest | None = None) -> Enrolment:
    """The citizen asks for a place; the advisor confirms or declines."""
    jobcenter = course.jobcenter
    if not citizen.has_perm(ENROL) or not citizen.belongs_to(jobcenter):
        raise LearningError(_("Sie können sich für Kurse nicht anmelden."))
    _course_for(jobcenter, course)
    with transaction.atomic():
        _check_not_enrolled(course, citizen)
        enrolment = _insert(
            Enrolment(
                jobcenter=jobcenter,
                course=course,
                person=citizen,
                status=EnrolmentStatus.REQUESTED,
                note=note.strip()[:MAX_TEXT],
            )
        )
        _log(citizen, enrolment, "learning.requested", request)
    return enrolment


def _lock(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.for_tenant(enrolment.jobcenter_id)
        .select_for_update(of=("self",))
        .select_related("course", "person", "jobcenter")
        .get(pk=enrolment.pk)
    )


def _check_advisor(advisor: User, enrolment: Enrolment) -> None:
    if not advisor.has_perm(ASSIGN) or not is_team_client(advisor, enrolment.person, enrolment.course.jobcenter):
        raise LearningError(_("Diese Person gehört nicht zu den Kundinnen und Kunden Ihres Teams."))


def confirm(advisor: User, enrolment: Enrolment, *, request: HttpRequest | None = None) -> Enrolment:
    """Confirm a citizen's request: a place if one is free, else the waiting list."""
    _check_advisor(advisor, enrolment)
    with transaction.atomic():
        locked = _lock(enrolment)
        if locked.status != EnrolmentStatus.REQUESTED:
            return locked  # decided already (double click, a colleague)
        _place(locked, advisor)
        locked.save()
        _tell(locked)
        _log(advisor, locked, "learning.confirmed", request)
    return locked


def decline(advisor: User, enrolment: Enrolment, *, reason: str, request: HttpRequest | None = None) -> Enrolment:
    _check_advisor(advisor, enrolment)
    reason = reason.strip()[:MAX_TEXT]
    if not reason:
        message = str(_("Bitte geben Sie einen Grund an; die Kundin oder der Kunde erfährt ihn."))
        raise LearningError(message, fields={"reason": [message]})
    with transaction.atomic():
        locked = _lock(enrolment)
        if locked.status != EnrolmentStatus.REQUESTED:
            return locked
        locked.status, locked.reason, locked.decided_by = EnrolmentStatus.DECLINED, reason, advisor
        locked.ended_at = timezone.now()
        locked.save()
        mail.send(locked, mail.DECLINED)
        _log(advisor, locked, "learning.declined", request)
    return locked


def may_end(actor: User, enrolment: Enrolment) -> bool:
    """The person themselves, an advisor of their team, or whoever manages the course."""
    if actor.pk == enrolment.person_id:
        return actor.has_perm(ENROL)
    if actor.has_perm(ASSIGN) and is_team_client(actor, enrolment.person, enrolment.course.jobcenter):
        return True
    return may_manage(actor, enrolment.course)


def cancel(actor: User, enrolment: Enrolment, *, reason: str = "", request: HttpRequest | None = None) -> Enrolment:
    """End a place, request or waiting-list place. A freed seat goes to the waiting list at once.

    The person cancels themselves ("abgesagt"); staff or the provider remove them ("abgemeldet")
    and must give a reason, which the person is told.
    """
    if not may_end(actor, enrolment):
        raise LearningError(_("Diese Anmeldung dürfen Sie nicht ändern."))
    by_person = actor.pk == enrolment.person_id
    reason = reason.strip()[:MAX_TEXT]
    if not by_person and not reason:
        message = str(_("Bitte geben Sie einen Grund an; die Kundin oder der Kunde erfährt ihn."))
        raise LearningError(message, fields={"reason": [message]})
    with transaction.atomic():
        locked = _lock(enrolment)
        if locked.status not in ACTIVE:
            return locked  # ended already
        held_seat = locked.status == EnrolmentStatus.CONFIRMED
        locked.status = EnrolmentStatus.CANCELLED if by_person else EnrolmentStatus.REMOVED
        locked.reason, locked.seat, locked.ended_at = reason, None, timezone.now()
        locked.save()
        if held_seat:
            _release(locked.course)
        mail.send(locked, mail.CANCELLED, {"by_person": by_person})
        _log(actor, locked, "learning.cancelled" if by_person else "learning.removed", request)
        if held_seat:
            move_up(locked.course, request=request)
    return locked


def waiting_list(course: Course) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.for_tenant(course.jobcenter_id)
        .filter(course=course, status=EnrolmentStatus.WAITING)
        .order_by("waiting_since", "id")
    )


def move_up(course: Course, *, request: HttpRequest | None = None) -> list[Enrolment]:
    """Give free seats to the waiting list in order; tells each person moved up. Runs inside the
    transaction that freed the seat (or added seats)."""
    moved: list[Enrolment] = []
    while _claim(course):
        course.refresh_from_db(fields=["seats", "confirmed"])
        promoted = _promote_first(course)
        if promoted is None:
            _release(course)
            break
        moved.append(promoted)
        mail.send(promoted, mail.MOVED_UP)
        _log(None, promoted, "learning.moved_up", request)
    return moved


def _promote_first(course: Course) -> Enrolment | None:
    for candidate in waiting_list(course).select_related("person", "jobcenter", "course")[:20]:
        seat = _free_seat(course)
        # Conditional: a concurrent cancellation may be promoting the same person.
        updated = (
            Enrolment.objects.for_tenant(course.jobcenter_id)
            .filter(pk=candidate.pk, status=EnrolmentStatus.WAITING)
            .update(status=EnrolmentStatus.CONFIRMED, seat=seat, confirmed_at=timezone.now())
        )
        if updated:
            candidate.status, candidate.seat, candidate.course = EnrolmentStatus.CONFIRMED, seat, course
            return candidate
    return None


def enrolments_of(person: User, jobcenter: Jobcenter) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.for_tenant(jobcenter)
        .filter(person=person)
        .select_related("course", "course__provider")
        .order_by("-created_at")
    )


def open_requests(advisor: User, jobcenter: Jobcenter) -> QuerySet[Enrolment]:
    """Requests of the advisor's team's clients, oldest first."""
    from openjobcenter.learning.services.access import team_clients

    return (
        Enrolment.objects.for_tenant(jobcenter)
        .filter(status=EnrolmentStatus.REQUESTED, person__in=team_clients(advisor, jobcenter))
        .select_related("course", "course__provider", "person")
        .order_by("created_at")
    )


def _log(actor: User | None, enrolment: Enrolment, action: str, request: HttpRequest | None) -> None:
    log_change(
        actor=actor,
        jobcenter=enrolment.jobcenter,
        action=action,
        target=enrolment,
        subject=enrolment.person,
        details={"course": enrolment.course_id, "status": enrolment.status, "seat": enrolment.seat},
        request=request,
    )

"""Course maintenance by the programme provider (own courses only) and by catalogue staff (all
courses of the Jobcenter): courses, sessions, participants and attendance per session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.learning.forms import CourseForm, ReasonForm, SessionForm
from openjobcenter.learning.models import (
    AbsenceNotice,
    Attendance,
    AttendanceStatus,
    Course,
    EnrolmentStatus,
    Programme,
    Provider,
    Session,
)
from openjobcenter.learning.services import attendance, catalogue, enrolment
from openjobcenter.learning.services.access import (
    MANAGE_CATALOGUE,
    MANAGE_COURSES,
    RECORD_ATTENDANCE,
    managed_courses,
    may_record,
    provider_of,
)
from openjobcenter.learning.services.errors import LearningError
from openjobcenter.learning.views.common import any_permission_required, show_error

MANAGERS = (MANAGE_COURSES, MANAGE_CATALOGUE)


def _course(request: HttpRequest, pk: int) -> Course:
    found = managed_courses(request.user, request.jobcenter).filter(pk=pk).first()  # type: ignore[arg-type,attr-defined]
    if found is None:
        raise Http404
    return found


def _providers(request: HttpRequest) -> Any:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    if request.user.has_perm(MANAGE_CATALOGUE):
        return Provider.objects.for_tenant(jobcenter).filter(is_active=True)
    own = provider_of(request.user)  # type: ignore[arg-type]
    return (
        Provider.objects.for_tenant(jobcenter).filter(pk=own.pk)
        if own
        else Provider.objects.for_tenant(jobcenter).none()
    )


@require_GET
@any_permission_required(*MANAGERS)
def manage(request: HttpRequest) -> HttpResponse:
    courses = managed_courses(request.user, request.jobcenter).annotate(  # type: ignore[arg-type,attr-defined]
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        session_count=Count("sessions", distinct=True),
    )
    context = {"courses": courses, "provider": provider_of(request.user)}  # type: ignore[arg-type]
    return render(request, "learning/partner/manage.html", context)


@require_http_methods(["GET", "POST"])
@any_permission_required(*MANAGERS)
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    course = _course(request, pk) if pk is not None else None
    providers = _providers(request)
    if not providers.exists():
        raise Http404
    initial = CourseForm.initial_for(course) if course else {"languages": ["de"], "is_published": True, "seats": 12}
    form = CourseForm(
        request.POST or None,
        initial=initial,
        providers=providers,
        programmes=Programme.objects.for_tenant(jobcenter),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.save_course(request.user, jobcenter, form.values(), course=course, request=request)  # type: ignore[arg-type]
        except LearningError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Der Kurs ist gespeichert."))
            return redirect("learning:sessions", jobcenter=jobcenter.slug, pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/partner/course_form.html", {"form": form, "course": course}, status=status)


@require_http_methods(["GET", "POST"])
@any_permission_required(*MANAGERS)
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        try:
            catalogue.add_session(request.user, course, start, end, request=request)  # type: ignore[arg-type]
        except LearningError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Der Termin ist eingetragen."))
            return redirect("learning:sessions", jobcenter=course.jobcenter.slug, pk=course.pk)
    rules = catalogue.settings_for(course.jobcenter)
    listed = [
        (s, catalogue.session_fits(s, rules))
        for s in Session.objects.for_tenant(course.jobcenter_id).filter(course=course)
    ]
    participants = list(
        course.enrolments.filter(status__in=(EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITING))
        .select_related("person")
        .order_by("status", "waiting_since", "person__last_name")
    )
    context = {
        "course": course,
        "form": form,
        "sessions": listed,
        "rules": rules,
        "participants": participants,
        "may_record": may_record(request.user, course),  # type: ignore[arg-type]
        "now": timezone.now(),
        "reason_form": ReasonForm(),
    }
    return render(request, "learning/partner/sessions.html", context, status=400 if form.errors else 200)


@require_POST
@any_permission_required(*MANAGERS)
def session_delete(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    course = _course(request, pk)
    found = Session.objects.for_tenant(course.jobcenter_id).filter(course=course, pk=session).first()
    if found is None:
        raise Http404
    if Attendance.objects.for_tenant(course.jobcenter_id).filter(session=found).exists():
        messages.error(request, _("Für diesen Termin ist schon Anwesenheit erfasst; er kann nicht gelöscht werden."))
    else:
        catalogue.delete_session(request.user, found, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Der Termin ist gelöscht."))
    return redirect("learning:sessions", jobcenter=course.jobcenter.slug, pk=course.pk)


@require_POST
@any_permission_required(*MANAGERS)
def participant_remove(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    course = _course(request, pk)
    found = course.enrolments.filter(pk=enrolment_id).select_related("person", "course").first()
    if found is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        enrolment.cancel(request.user, found, reason=reason, request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Person ist abgemeldet; die Warteliste rückt nach."))
    return redirect("learning:sessions", jobcenter=course.jobcenter.slug, pk=course.pk)


@require_http_methods(["GET", "POST"])
@any_permission_required(RECORD_ATTENDANCE)
def attendance_page(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    course = _course(request, pk)
    if not may_record(request.user, course):  # type: ignore[arg-type]
        raise Http404
    found = Session.objects.for_tenant(course.jobcenter_id).filter(course=course, pk=session).first()
    if found is None:
        raise Http404
    people = attendance.participants(found)
    errors: dict[int, str] = {}
    if request.method == "POST":
        errors = _record_all(request, found, people)
        if not errors:
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect("learning:attendance", jobcenter=course.jobcenter.slug, pk=course.pk, session=found.pk)
    recorded = {a.enrolment_id: a for a in Attendance.objects.for_tenant(course.jobcenter_id).filter(session=found)}
    notices = {n.enrolment_id: n for n in AbsenceNotice.objects.for_tenant(course.jobcenter_id).filter(session=found)}
    rows = [
        {
            "enrolment": e,
            "attendance": recorded.get(e.pk),
            "notice": notices.get(e.pk),
            "error": errors.get(e.pk, ""),
            "chosen": request.POST.get(f"status-{e.pk}", recorded[e.pk].status if e.pk in recorded else ""),
            "reason": request.POST.get(f"reason-{e.pk}", recorded[e.pk].reason if e.pk in recorded else ""),
        }
        for e in people
    ]
    context = {
        "course": course,
        "session": found,
        "rows": rows,
        "choices": AttendanceStatus.choices,
        "started": found.start <= timezone.now(),
    }
    return render(request, "learning/partner/attendance.html", context, status=400 if errors else 200)


def _record_all(request: HttpRequest, session: Session, people: list[Any]) -> dict[int, str]:
    errors: dict[int, str] = {}
    for person in people:
        status = request.POST.get(f"status-{person.pk}", "")
        if not status:
            continue  # not recorded yet: left open
        reason = request.POST.get(f"reason-{person.pk}", "")
        if status == AttendanceStatus.EXCUSED and not reason.strip():
            errors[person.pk] = _("Bitte geben Sie den Grund der Entschuldigung an.")
            continue
        try:
            attendance.record(request.user, session, person, status, reason=reason, request=request)  # type: ignore[arg-type]
        except LearningError as error:
            errors[person.pk] = error.message
    return errors

"""Citizen-facing: "Meine Kurse" – places, requests, waiting list; cancel; report an absence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.learning.forms import AbsenceForm
from openjobcenter.learning.models import AbsenceNotice, Attendance, Enrolment, EnrolmentStatus, Session
from openjobcenter.learning.services import attendance, enrolment
from openjobcenter.learning.services.access import ENROL
from openjobcenter.learning.services.errors import LearningError
from openjobcenter.learning.views.common import show_error


def _own(request: HttpRequest, pk: int) -> Enrolment:
    found = enrolment.enrolments_of(request.user, request.jobcenter).filter(pk=pk).first()  # type: ignore[arg-type,attr-defined]
    if found is None:
        raise Http404
    return found


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("learning:my_courses", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


@require_GET
@permission_required(ENROL)
def my_courses(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    enrolments = list(enrolment.enrolments_of(request.user, jobcenter))  # type: ignore[arg-type]
    sessions: dict[int, list[Session]] = {}
    for session in Session.objects.for_tenant(jobcenter).filter(course__in=[e.course_id for e in enrolments]):
        sessions.setdefault(session.course_id, []).append(session)
    recorded = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.for_tenant(jobcenter).filter(enrolment__in=enrolments)
    }
    reported = set(
        AbsenceNotice.objects.for_tenant(jobcenter)
        .filter(enrolment__in=enrolments)
        .values_list("enrolment_id", "session_id")
    )
    rows = [
        {
            "enrolment": e,
            "sessions": [
                {"session": s, "attendance": recorded.get((e.pk, s.pk)), "reported": (e.pk, s.pk) in reported}
                for s in sessions.get(e.course_id, [])
            ],
        }
        for e in enrolments
    ]
    context = {
        "active": [r for r, e in zip(rows, enrolments, strict=True) if e.is_active],
        "ended": [r for r, e in zip(rows, enrolments, strict=True) if not e.is_active],
        "now": timezone.now(),
    }
    return render(request, "learning/citizen/my_courses.html", context)


@require_POST
@permission_required(ENROL)
def my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own(request, pk)
    try:
        enrolment.cancel(request.user, own, request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Sie haben sich abgemeldet. Ihr Platz geht an die nächste Person auf der Warteliste.")
        )
    return _back(request)


@require_http_methods(["GET", "POST"])
@permission_required(ENROL)
def my_absence(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own(request, pk)
    if own.status != EnrolmentStatus.CONFIRMED:
        raise Http404
    sessions = list(Session.objects.for_tenant(own.jobcenter_id).filter(course_id=own.course_id))
    initial: dict[str, Any] = {}
    if (wanted := request.GET.get("session", "")).isdigit():
        initial["session"] = int(wanted)
    form = AbsenceForm(request.POST or None, request.FILES or None, sessions=sessions, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = next(s for s in sessions if s.pk == form.cleaned_data["session"])
        try:
            attendance.report_absence(
                request.user,  # type: ignore[arg-type]
                own,
                session,
                reason=form.cleaned_data["reason"],
                sick_note=form.cleaned_data["sick_note"],
                request=request,
            )
        except LearningError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Vielen Dank. Der Träger und Ihre Beraterin oder Ihr Berater sehen Ihre Meldung.")
            )
            return _back(request)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/citizen/absence.html", {"enrolment": own, "form": form}, status=status)

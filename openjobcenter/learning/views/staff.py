"""Staff-facing: requests of the team's clients (confirm or decline), assigning a course, and the
participation page of a case (places, waiting list, attendance per session, absence notices)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services.access import CaseAccessDenied, ReasonRequired, open_case
from openjobcenter.learning.forms import AssignForm, ReasonForm
from openjobcenter.learning.models import AbsenceNotice, Attendance, Course, Enrolment, Session
from openjobcenter.learning.services import attendance, catalogue, enrolment
from openjobcenter.learning.services.access import ASSIGN, VIEW_PARTICIPATION, is_team_client, team_clients
from openjobcenter.learning.services.errors import LearningError

PURPOSE_PARTICIPATION = gettext_noop("Teilnahme an Kursen ansehen")


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    found = Enrolment.objects.for_tenant(jobcenter).select_related("course", "person").filter(pk=pk).first()
    if found is None or not is_team_client(request.user, found.person, jobcenter):  # type: ignore[arg-type]
        raise Http404
    return found


def _next(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback, jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


@require_GET
@permission_required(ASSIGN)
def requests(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    pending = list(enrolment.open_requests(request.user, jobcenter))  # type: ignore[arg-type]
    return render(request, "learning/staff/requests.html", {"pending": pending, "reason_form": ReasonForm()})


@require_POST
@permission_required(ASSIGN)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    found = _enrolment(request, pk)
    try:
        done = enrolment.confirm(request.user, found, request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        if done.status == "confirmed":
            messages.success(request, _("Der Platz ist bestätigt. Die Person wurde benachrichtigt."))
        else:
            messages.info(
                request, _("Der Kurs ist voll: Die Person steht jetzt auf der Warteliste und wurde benachrichtigt.")
            )
    return _next(request, "learning:requests")


@require_POST
@permission_required(ASSIGN)
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    found = _enrolment(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        enrolment.decline(request.user, found, reason=reason, request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Anfrage ist abgelehnt. Die Person wurde benachrichtigt."))
    return _next(request, "learning:requests")


@require_POST
@permission_required(ASSIGN)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = _enrolment(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        enrolment.cancel(request.user, found, reason=reason, request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Person ist abgemeldet und wurde benachrichtigt."))
    return _next(request, "learning:requests")


@require_POST
@permission_required(ASSIGN)
def assign(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    people = [(p.pk, p.get_full_name()) for p in team_clients(request.user, jobcenter)]  # type: ignore[arg-type]
    form = AssignForm(request.POST, people=people, courses=catalogue.search(jobcenter, catalogue.Filters()))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _next(request, "learning:catalogue")
    course = Course.objects.for_tenant(jobcenter).get(pk=form.cleaned_data["course"])
    person = User.objects.get(
        pk=form.cleaned_data["person"], jobcenter=jobcenter
    )  # one of the team's clients (the choices)
    try:
        done = enrolment.assign(request.user, course, person, note=form.cleaned_data["note"], request=request)  # type: ignore[arg-type]
    except LearningError as error:
        messages.error(request, error.message)
    else:
        if done.status == "confirmed":
            messages.success(
                request,
                _("%(name)s hat einen Platz im Kurs und wurde benachrichtigt.") % {"name": person.get_full_name()},
            )
        else:
            messages.info(
                request, _("Der Kurs ist voll: %(name)s steht auf der Warteliste.") % {"name": person.get_full_name()}
            )
    return _next(request, "learning:catalogue")


@require_GET
@permission_required(VIEW_PARTICIPATION)
def participation(request: HttpRequest, case: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    found = Case.objects.for_tenant(jobcenter).filter(pk=case).first()
    if found is None:
        raise Http404
    try:
        open_case(request.user, found, PURPOSE_PARTICIPATION, request=request)  # type: ignore[arg-type]
    except (CaseAccessDenied, ReasonRequired):
        # Participation is for the responsible team only (no "break the glass" here).
        raise PermissionDenied from None
    members = list(User.objects.filter(pk__in=found.memberships.values("person_id")).order_by("first_name"))
    enrolments = list(
        Enrolment.objects.for_tenant(jobcenter)
        .filter(person__in=members)
        .select_related("course", "course__provider", "person")
        .order_by("-created_at")
    )
    context: dict[str, Any] = {
        "case": found,
        "rows": _rows(jobcenter, enrolments),
        "assign_form": AssignForm(
            people=[(m.pk, m.get_full_name()) for m in members],
            courses=catalogue.search(jobcenter, catalogue.Filters()),
        ),
        "reason_form": ReasonForm(),
    }
    return render(request, "learning/staff/participation.html", context)


def _rows(jobcenter: Any, enrolments: list[Enrolment]) -> list[dict[str, Any]]:
    figures = {p.enrolment.pk: p for p in attendance.participation(enrolments)}
    sessions: dict[int, list[Session]] = {}
    for session in Session.objects.for_tenant(jobcenter).filter(course__in=[e.course_id for e in enrolments]):
        sessions.setdefault(session.course_id, []).append(session)
    recorded = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.for_tenant(jobcenter).filter(enrolment__in=enrolments)
    }
    notices: dict[tuple[int, int], AbsenceNotice] = {
        (n.enrolment_id, n.session_id): n
        for n in AbsenceNotice.objects.for_tenant(jobcenter).filter(enrolment__in=enrolments)
    }
    return [
        {
            "enrolment": e,
            "figures": figures[e.pk],
            "sessions": [
                {"session": s, "attendance": recorded.get((e.pk, s.pk)), "notice": notices.get((e.pk, s.pk))}
                for s in sessions.get(e.course_id, [])
            ],
        }
        for e in enrolments
    ]

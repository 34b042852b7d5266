"""Staff-facing: the team inbox and one application with its processing actions.

Access follows the case file: the case's team works without a reason; other staff of the same
Jobcenter state a reason first (kept in the session like on the case page); everybody else 404/403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.accounts.models import User
from openjobcenter.applications.flows import flow_for
from openjobcenter.applications.forms import AssignForm, DecideForm, ReasonForm, RequestDocumentsForm
from openjobcenter.applications.models import Application, Attachment, DocumentRequest, Kind, Status, Topic
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.attachments import read_attachment
from openjobcenter.casefile.services.access import (
    Access,
    CaseAccessDenied,
    ReasonRequired,
    clean_reason,
    open_case,
    staff_access,
)
from openjobcenter.casefile.views.reasons import remember_reason, session_reason

VIEW = "applications.view_applications"
PROCESS = processing.PROCESS
PURPOSE = "Bearbeitung eines Antrags"


def _application(request: HttpRequest, pk: int) -> Application:
    if request.user.jobcenter_id != request.jobcenter.pk:  # type: ignore[attr-defined,union-attr]
        raise Http404  # platform admins (hosting) do no case work
    application = (
        Application.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .exclude(status=Status.DRAFT)
        .select_related("case", "case__team", "applicant", "assigned_to", "jobcenter", "based_on")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


@require_GET
@permission_required(VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.jobcenter_id != request.jobcenter.pk:  # type: ignore[attr-defined,union-attr]
        raise PermissionDenied
    applications = (
        Application.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .exclude(status=Status.DRAFT)
        .select_related("applicant", "assigned_to", "case")
        .order_by("submitted_at", "pk")
    )
    team = Q(case__team_id=user.team_id) if user.team_id else Q(pk__in=[])  # type: ignore[union-attr]
    # Applications of households without a case yet go to everybody who processes applications.
    scope = team | Q(assigned_to=user) | Q(case__isnull=True) if user.has_perm(PROCESS) else team
    applications = applications.filter(scope)
    show = request.GET.get("show", "open")
    if show == "mine":
        applications = applications.filter(assigned_to=user)  # type: ignore[misc]
    elif show == "absence":
        applications = applications.filter(kind=Kind.CHANGE, topic=Topic.ABSENCE, status__in=processing.OPEN_STATES)
    elif show != "all":
        applications = applications.filter(status__in=processing.OPEN_STATES)
    context = {"applications": applications[:200], "show": show}
    return render(request, "applications/staff/inbox.html", context)


def _authorise(request: HttpRequest, application: Application) -> tuple[str | None, HttpResponse | None]:
    """The reason in effect, or the reason page (403) to show instead."""
    if application.case is None:
        if not request.user.has_perm(PROCESS):
            raise PermissionDenied
        return None, None
    reason = session_reason(request, application.case_id)
    try:
        open_case(request.user, application.case, PURPOSE, reason, request=request)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise PermissionDenied from None
    except ReasonRequired:
        context = {"application": application, "form": ReasonForm()}
        return None, render(request, "applications/staff/reason.html", context, status=403)
    return reason, None


def _colleagues(application: Application) -> list[tuple[int, str]]:
    staff = User.objects.filter(jobcenter=application.jobcenter, is_active=True).order_by("last_name", "first_name")
    return [(user.pk, user.get_full_name()) for user in staff if user.has_perm(PROCESS)]


@require_GET
@permission_required(VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _reason, refusal = _authorise(request, application)
    if refusal is not None:
        return refusal
    return _detail_page(request, application)


def _detail_page(request: HttpRequest, application: Application, *, status: int = 200, **forms: Any) -> HttpResponse:
    attachments = Attachment.objects.for_tenant(application.jobcenter).filter(application=application)
    handed_in = {attachment.proof for attachment in attachments}
    context = {
        "application": application,
        "sections": flow_for(application).summary(application.data),
        "attachments": attachments,
        "missing": [proof for proof in flow_for(application).proofs(application.data) if proof.key not in handed_in],
        "requests": DocumentRequest.objects.for_tenant(application.jobcenter).filter(application=application),
        "events": application.events.select_related("actor"),
        "actions": processing.allowed_actions(application) if request.user.has_perm(PROCESS) else set(),
        "assign_form": forms.get("assign_form") or AssignForm(colleagues=_colleagues(application)),
        "request_form": forms.get("request_form") or RequestDocumentsForm(),
        "decide_form": forms.get("decide_form") or DecideForm(application=application),
        "periods": application.periods.all(),
    }
    return render(request, "applications/staff/detail.html", context, status=status)


@require_POST
@permission_required(VIEW)
def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if application.case is None or staff_access(request.user, application.case) == Access.NONE:  # type: ignore[arg-type]
        raise PermissionDenied
    form = ReasonForm(request.POST)
    try:
        reason = clean_reason(request.POST.get("reason")) if form.is_valid() else None
    except ReasonRequired:
        reason = None
    if reason is None:
        return render(request, "applications/staff/reason.html", {"application": application, "form": form}, status=400)
    remember_reason(request, application.case.pk, reason)
    return redirect("applications:staff_detail", jobcenter=application.jobcenter.slug, pk=application.pk)


@require_POST
@permission_required(PROCESS)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    reason, refusal = _authorise(request, application)
    if refusal is not None:
        return refusal
    action = request.POST.get("action", "")
    actor = request.user
    common: dict[str, Any] = {"actor": actor, "reason": reason, "request": request}
    try:
        if action == "assign_me":
            processing.assign(application, assignee=actor, **common)  # type: ignore[arg-type]
        elif action == "assign":
            form = AssignForm(request.POST, colleagues=_colleagues(application))
            if not form.is_valid():
                return _detail_page(request, application, status=400, assign_form=form)
            assignee = User.objects.get(pk=form.cleaned_data["assignee"], jobcenter=application.jobcenter)
            processing.assign(application, assignee=assignee, **common)
        elif action == "start_review":
            processing.start_review(application, **common)
        elif action == "request_documents":
            request_form = RequestDocumentsForm(request.POST)
            if not request_form.is_valid():
                return _detail_page(request, application, status=400, request_form=request_form)
            processing.request_documents(application, **request_form.cleaned_data, **common)
        elif action == "decide":
            decide_form = DecideForm(request.POST, application=application)
            if not decide_form.is_valid():
                return _detail_page(request, application, status=400, decide_form=decide_form)
            answers = decide_form.cleaned_data
            processing.decide(application, decision=answers["decision"], period_start=answers.get("period_start"),
                              period_end=answers.get("period_end"), note=answers.get("note") or "", **common)  # fmt: skip
        elif action == "send_decision":
            processing.send_decision(application, **common)
        else:
            raise Http404
    except processing.IllegalTransition:
        messages.error(request, _("Dieser Schritt ist im aktuellen Bearbeitungsstand nicht möglich."))
        return redirect("applications:staff_detail", jobcenter=application.jobcenter.slug, pk=pk)
    messages.success(request, _("Gespeichert. Die Kundin / der Kunde wurde benachrichtigt."))
    return redirect("applications:staff_detail", jobcenter=application.jobcenter.slug, pk=pk)


@require_GET
@permission_required(VIEW)
def download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    application = _application(request, pk)
    reason, refusal = _authorise(request, application)
    if refusal is not None:
        return refusal
    attachment = (
        Attachment.objects.for_tenant(application.jobcenter)
        .filter(application=application, pk=attachment_id)
        .select_related("document", "document__case")
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        content = read_attachment(attachment, request.user, reason=reason)  # type: ignore[arg-type]
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

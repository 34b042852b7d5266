"""Staff-facing: the team inbox, a thread (reply, templates, hand-over, close), new thread from a case.

Access to a thread is access to its case (``casefile.services.access``): the responsible team
directly, other staff after stating a reason, which is kept in the session exactly like on the
case page (so a reason given there also opens the case's messages, and the other way round).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.casefile.forms import ReasonForm
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services.access import Access, CaseAccessDenied, ReasonRequired, staff_access
from openjobcenter.casefile.views.reasons import remember_reason, session_reason
from openjobcenter.messaging.forms import AssignForm, StaffNewForm, StaffReplyForm
from openjobcenter.messaging.models import AnswerTemplate, Message, Side, Status, Thread
from openjobcenter.messaging.services.access import ANSWER, authorise_staff_for_case, open_thread_for_staff
from openjobcenter.messaging.services.answer_templates import fill
from openjobcenter.messaging.services.inbox import Box, live_messages, staff_counts, staff_inbox
from openjobcenter.messaging.services.threads import (
    MessagingRefused,
    assign,
    colleagues,
    mark_read,
    reply,
    set_status,
    start_thread,
)


def _own_jobcenter(request: HttpRequest) -> None:
    if request.user.jobcenter_id != request.jobcenter.pk:  # type: ignore[attr-defined,union-attr]
        raise PermissionDenied  # platform admins (hosting) do no case work


def _thread(request: HttpRequest, pk: int) -> Thread:
    found = (
        Thread.objects.for_tenant(request.jobcenter)  # type: ignore[attr-defined]
        .select_related("case", "case__team", "case__jobcenter", "citizen", "assignee", "jobcenter")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    _own_jobcenter(request)
    return found


def _reason_page(
    request: HttpRequest, thread: Thread, form: ReasonForm | None = None, status: int = 403
) -> HttpResponse:
    return render(
        request, "messaging/staff/reason.html", {"thread": thread, "form": form or ReasonForm()}, status=status
    )


def _templates(request: HttpRequest) -> list[tuple[int, str]]:
    return list(AnswerTemplate.objects.for_tenant(request.jobcenter).values_list("pk", "title"))  # type: ignore[attr-defined]


def _colleagues(request: HttpRequest, thread: Thread) -> list[tuple[int, str]]:
    return [
        (person.pk, f"{person.get_full_name()} ({person.team})" if person.team else person.get_full_name())
        for person in colleagues(thread.jobcenter_id, exclude=request.user)  # type: ignore[arg-type]
    ]


@require_GET
@permission_required(ANSWER)
def inbox(request: HttpRequest) -> HttpResponse:
    _own_jobcenter(request)
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    try:
        box = Box(request.GET.get("box", Box.TEAM))
    except ValueError:
        box = Box.TEAM
    threads = staff_inbox(request.user, jobcenter, box)[:100]  # type: ignore[arg-type]
    context = {
        "box": box,
        "boxes": [
            (Box.MINE, _("Mir zugewiesen")),
            (Box.TEAM, _("Team")),
            (Box.UNASSIGNED, _("Nicht zugewiesen")),
            (Box.CLOSED, _("Abgeschlossen")),
        ],
        "counts": staff_counts(request.user, jobcenter),  # type: ignore[arg-type]
        "threads": threads,
    }
    return render(request, "messaging/staff/inbox.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    reason = session_reason(request, found.case_id)
    form = StaffReplyForm(request.POST or None, request.FILES or None, templates=_templates(request))
    if request.method == "POST":
        try:
            authorise_staff_for_case(request.user, found.case, reason=reason)  # type: ignore[arg-type]
        except CaseAccessDenied:
            raise PermissionDenied from None
        except ReasonRequired:
            return _reason_page(request, found)
        if request.POST.get("action") == "insert":
            form = _with_template(request, found)
        elif form.is_valid():
            try:
                reply(
                    actor=request.user,  # type: ignore[arg-type]
                    thread=found,
                    body=form.cleaned_data["body"],
                    clean=form.cleaned_data["attachment"],
                    reason=reason,
                    request=request,
                )
            except MessagingRefused as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("Ihre Antwort ist gesendet."))
                return redirect("messaging:staff_thread", jobcenter=found.jobcenter.slug, pk=found.pk)
    return _thread_page(request, found, reason, form, status=400 if request.method == "POST" and form.errors else 200)


def _with_template(request: HttpRequest, found: Thread) -> StaffReplyForm:
    """Without JavaScript: put the chosen template's text into the answer, keeping what was typed."""
    chosen = request.POST.get("template") or ""
    template = (
        AnswerTemplate.objects.for_tenant(found.jobcenter_id).filter(pk=chosen).first() if chosen.isdigit() else None
    )
    typed = request.POST.get("body", "").rstrip()
    text = fill(template, thread=found, writer=request.user) if template else ""  # type: ignore[arg-type]
    body = f"{typed}\n\n{text}" if typed and text else (typed or text)
    return StaffReplyForm(
        initial={"body": body, "template": template.pk if template else None}, templates=_templates(request)
    )


def _thread_page(
    request: HttpRequest, found: Thread, reason: str | None, form: StaffReplyForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    try:
        cleaned = open_thread_for_staff(request.user, found, reason=reason, request=request)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise PermissionDenied from None
    except ReasonRequired:
        return _reason_page(request, found)
    was_unread = found.unread_for_staff
    # A colleague looking in with a reason leaves it unread for the team that has to answer.
    if cleaned is None or found.assignee_id == request.user.pk:
        mark_read(found, side=Side.STAFF)
    thread_messages = list(
        Message.objects.for_tenant(found.jobcenter_id).filter(thread=found).select_related("author", "document")
    )
    context = {
        "thread": found,
        "thread_messages": thread_messages,
        "last_id": thread_messages[-1].pk if thread_messages else 0,
        "poll_seconds": settings.MESSAGING_POLL_SECONDS,
        "form": form,
        "reason": cleaned,
        "was_unread": was_unread,
        "assign_form": extra.get("assign_form")
        or AssignForm(colleagues=_colleagues(request, found), initial={"assignee": found.assignee_id}),
        "members": found.case.memberships.select_related("person"),
    }
    return render(request, "messaging/staff/thread.html", context, status=status)


@require_GET
@permission_required(ANSWER)
def thread_live(request: HttpRequest, pk: int) -> HttpResponse:
    """New messages since ``?after=`` for the open thread page (htmx); 204 when there are none.

    Asking is authorised like the page; only showing new messages is a read, logged like opening it.
    """
    found = _thread(request, pk)
    reason = session_reason(request, found.case_id)
    try:
        authorise_staff_for_case(request.user, found.case, reason=reason)  # type: ignore[arg-type]
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    new_messages = live_messages(found, request.GET.get("after", ""))
    if not new_messages:
        return HttpResponse(status=204)
    cleaned = open_thread_for_staff(request.user, found, reason=reason, request=request)  # type: ignore[arg-type]
    if cleaned is None or found.assignee_id == request.user.pk:
        mark_read(found, side=Side.STAFF)
    context = {
        "new_messages": new_messages,
        "last_id": new_messages[-1].pk,
        "poll_seconds": settings.MESSAGING_POLL_SECONDS,
        "live_url": reverse("messaging:staff_thread_live", kwargs={"jobcenter": found.jobcenter.slug, "pk": found.pk}),
        "viewer_side": Side.STAFF.value,
    }
    return render(request, "messaging/_live.html", context)


@require_POST
@permission_required(ANSWER)
def give_reason(request: HttpRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    if staff_access(request.user, found.case) == Access.NONE:  # type: ignore[arg-type]
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _reason_page(request, found, form, status=400)
    remember_reason(request, found.case_id, form.cleaned_data["reason"])
    return redirect("messaging:staff_thread", jobcenter=found.jobcenter.slug, pk=found.pk)


@require_POST
@permission_required(ANSWER)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    reason = session_reason(request, found.case_id)
    form = AssignForm(request.POST, colleagues=_colleagues(request, found))
    if not form.is_valid():
        return _thread_page(
            request, found, reason, StaffReplyForm(templates=_templates(request)), status=400, assign_form=form
        )
    assignee = colleagues(found.jobcenter_id).filter(pk=form.cleaned_data["assignee"]).first()
    try:
        assign(
            actor=request.user,  # type: ignore[arg-type]
            thread=found,
            assignee=assignee,
            note=form.cleaned_data["note"],
            reason=reason,
            request=request,
        )
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    except MessagingRefused as refusal:
        form.add_error("assignee", str(refusal.message))
        return _thread_page(
            request, found, reason, StaffReplyForm(templates=_templates(request)), status=400, assign_form=form
        )
    if assignee is None:
        messages.success(request, _("Der Verlauf ist wieder für das ganze Team offen."))
    else:
        messages.success(request, _("Der Verlauf ist an %(name)s übergeben.") % {"name": assignee.get_full_name()})
    return redirect("messaging:staff_thread", jobcenter=found.jobcenter.slug, pk=found.pk)


@require_POST
@permission_required(ANSWER)
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = _thread(request, pk)
    status = Status.CLOSED if request.POST.get("status") == Status.CLOSED else Status.OPEN
    try:
        set_status(
            actor=request.user,  # type: ignore[arg-type]
            thread=found,
            status=status,
            reason=session_reason(request, found.case_id),
            request=request,
        )
    except (CaseAccessDenied, ReasonRequired):
        raise PermissionDenied from None
    if status == Status.CLOSED:
        messages.success(request, _("Der Verlauf ist abgeschlossen."))
    else:
        messages.success(request, _("Der Verlauf ist wieder offen."))
    return redirect("messaging:staff_thread", jobcenter=found.jobcenter.slug, pk=found.pk)


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def new(request: HttpRequest, case: int) -> HttpResponse:
    found = Case.objects.for_tenant(request.jobcenter).select_related("team", "jobcenter").filter(pk=case).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    _own_jobcenter(request)
    reason = session_reason(request, found.pk)
    try:
        authorise_staff_for_case(request.user, found, reason=reason)  # type: ignore[arg-type]
    except CaseAccessDenied:
        raise PermissionDenied from None
    except ReasonRequired:
        return render(request, "casefile/staff/reason.html", {"case": found, "form": ReasonForm()}, status=403)
    members = [(m.person_id, str(m.person)) for m in found.memberships.select_related("person")]
    form = StaffNewForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen = found.memberships.select_related("person").get(person_id=data["citizen"]).person
        try:
            started = start_thread(
                actor=request.user,  # type: ignore[arg-type]
                case=found,
                citizen=citizen,
                topic=data["topic"],
                subject=data["subject"],
                body=data["body"],
                clean=data["attachment"],
                reason=reason,
                request=request,
            )
        except MessagingRefused as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(request, _("Die Nachricht ist gesendet."))
            return redirect("messaging:staff_thread", jobcenter=found.jobcenter.slug, pk=started.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/staff/new.html", {"case": found, "form": form, "reason": reason}, status=status)

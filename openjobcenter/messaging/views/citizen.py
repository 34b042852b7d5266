"""Citizen-facing: the Postfach (list), writing a new message, a thread with the reply form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services.access import CaseAccessDenied, case_of_client
from openjobcenter.messaging.forms import CitizenNewForm, ReplyForm
from openjobcenter.messaging.models import Message, Side, Thread, Topic
from openjobcenter.messaging.services.inbox import citizen_threads, citizen_unread_count, live_messages
from openjobcenter.messaging.services.threads import (
    TEAM,
    MessagingRefused,
    advisors_of,
    mark_read,
    reply,
    resolve_recipient,
    start_thread,
)

USE_OWN = "messaging.use_own_messages"


def _case(request: HttpRequest) -> Case | None:
    return case_of_client(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]


def _recipients(request: HttpRequest, case: Case) -> list[tuple[str, str]]:
    team = case.team
    choices = [(TEAM, _("Mein zuständiges Team (%(team)s)") % {"team": team.name})] if team else []
    choices.extend(
        (str(advisor.pk), _("%(name)s (Ihre Ansprechperson)") % {"name": advisor.get_full_name()})
        for advisor in advisors_of(request.user, case)  # type: ignore[arg-type]
    )
    return choices


def _topic(request: HttpRequest) -> str | None:
    """Other pages link to a new message on a topic, e.g. ``?topic=plan`` from the cooperation plan."""
    topic = request.GET.get("topic")
    return topic if topic in Topic.values else None


@require_GET
@permission_required(USE_OWN)
def inbox(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    case = _case(request)
    threads = (
        citizen_threads(request.user, jobcenter).select_related("assignee").order_by("-last_message_at", "-pk")  # type: ignore[arg-type]
        if case is not None
        else Thread.objects.for_tenant(jobcenter).none()
    )
    context = {
        "case": case,
        "threads": threads,
        "unread": citizen_unread_count(request.user, jobcenter) if case else 0,  # type: ignore[arg-type]
    }
    return render(request, "messaging/citizen/inbox.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(USE_OWN)
def new(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    case = _case(request)
    if case is None or case.team_id is None:
        return render(request, "messaging/citizen/new.html", {"case": case, "form": None})
    form = CitizenNewForm(
        request.POST or None,
        request.FILES or None,
        recipients=_recipients(request, case),
        initial={"recipient": TEAM, "topic": _topic(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = start_thread(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                citizen=request.user,  # type: ignore[arg-type]
                topic=data["topic"],
                subject=data["subject"],
                body=data["body"],
                clean=data["attachment"],
                assignee=resolve_recipient(request.user, case, data["recipient"]),  # type: ignore[arg-type]
                request=request,
            )
        except MessagingRefused as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(request, _("Ihre Nachricht ist gesendet. Wir antworten Ihnen so bald wie möglich."))
            return redirect("messaging:thread", jobcenter=jobcenter.slug, pk=thread.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/citizen/new.html", {"case": case, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(USE_OWN)
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    found = (
        citizen_threads(request.user, jobcenter)  # type: ignore[arg-type]
        .select_related("case", "case__jobcenter", "citizen", "jobcenter")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply(
                actor=request.user,  # type: ignore[arg-type]
                thread=found,
                body=form.cleaned_data["body"],
                clean=form.cleaned_data["attachment"],
                request=request,
            )
        except CaseAccessDenied:
            raise PermissionDenied from None
        except MessagingRefused as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(request, _("Ihre Nachricht ist gesendet."))
            return redirect("messaging:thread", jobcenter=jobcenter.slug, pk=found.pk)
    was_unread = found.unread_for_citizen
    mark_read(found, side=Side.CITIZEN)
    thread_messages = _messages(found)
    context: dict[str, Any] = {
        "thread": found,
        "thread_messages": thread_messages,
        "last_id": thread_messages[-1].pk if thread_messages else 0,
        "poll_seconds": settings.MESSAGING_POLL_SECONDS,
        "form": form,
        "was_unread": was_unread,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/citizen/thread.html", context, status=status)


@require_GET
@permission_required(USE_OWN)
def thread_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The thread's new messages since ``?after=`` for the open page (htmx); 204 when there are none."""
    found = citizen_threads(request.user, request.jobcenter).select_related("jobcenter").filter(pk=pk).first()  # type: ignore[arg-type,attr-defined]
    if found is None:
        raise Http404
    new_messages = live_messages(found, request.GET.get("after", ""))
    if not new_messages:
        return HttpResponse(status=204)
    mark_read(found, side=Side.CITIZEN)
    context = {
        "new_messages": new_messages,
        "last_id": new_messages[-1].pk,
        "poll_seconds": settings.MESSAGING_POLL_SECONDS,
        "live_url": reverse("messaging:thread_live", kwargs={"jobcenter": found.jobcenter.slug, "pk": found.pk}),
        "viewer_side": Side.CITIZEN.value,
    }
    return render(request, "messaging/_live.html", context)


def _messages(thread: Thread) -> list[Message]:
    return list(
        Message.objects.for_tenant(thread.jobcenter_id).filter(thread=thread).select_related("author", "document")
    )

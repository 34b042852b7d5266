"""The chat window, citizen side: the full page (works without JavaScript), the fragment the panel posts
to (htmx), and "helpful?" feedback.

The conversation is kept only in the page: the server answers one question at a time and stores no
question (unless retention of redacted questions is switched on, see ``services/retention.py``).
Both endpoints are rate-limited per client address like the public API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import get_usage

from openjobcenter.assistant.forms_chat import ChatForm, FeedbackForm
from openjobcenter.assistant.services import chat, usage
from openjobcenter.assistant.services.answers import ask, disclosure
from openjobcenter.core.models import Jobcenter
from openjobcenter.core.ratelimits import public_api_rate

CHAT_GROUP = "assistant.chat"
FEEDBACK_GROUP = "assistant.feedback"
FEEDBACK_RATE = "30/h"


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _page_language() -> str:
    return (translation.get_language() or "de").split("-")[0]


def _wait(request: HttpRequest, group: str, rate: Any) -> int | None:
    """Seconds to wait when this address asked too often, else ``None`` (and count this request)."""
    usage_ = get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=True)
    if usage_ is not None and usage_["should_limit"]:
        return max(1, int(usage_["time_left"]))
    return None


def _too_many() -> str:
    return _(
        "Sie haben in kurzer Zeit sehr viele Fragen gestellt. Bitte warten Sie einen Moment und fragen Sie dann erneut."
    )


def _answer(request: HttpRequest, form: ChatForm) -> tuple[dict[str, Any] | None, str | None, int]:
    """(reply, error message, status) for a valid form: a chosen topic, or the typed question."""
    jobcenter = _jobcenter(request)
    topic = form.cleaned_data.get("topic")
    if topic:
        reply = chat.answer_topic(jobcenter, topic, form.cleaned_data.get("language") or _page_language())
        if reply is None:
            return (
                None,
                _("Zu diesem Thema gibt es keine Antwort. Bitte stellen Sie Ihre Frage mit eigenen Worten."),
                422,
            )
        return reply, None, 200
    question = form.cleaned_data["question"]
    reply = ask(jobcenter, question, None)
    usage.record_question(jobcenter, question, reply)
    return reply, None, 200


def _process(request: HttpRequest) -> tuple[ChatForm, dict[str, Any] | None, str | None, int]:
    form = ChatForm(request.POST)
    if not form.is_valid():
        return form, None, None, 422
    wait = _wait(request, CHAT_GROUP, public_api_rate)
    if wait is not None:
        request.ojc_retry_after = wait  # type: ignore[attr-defined]
        return form, None, _too_many(), 429
    reply, error, status = _answer(request, form)
    return form, reply, error, status


def _with_retry_after(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    wait = getattr(request, "ojc_retry_after", None)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def chat_page(request: HttpRequest) -> HttpResponse:
    """``/<slug>/assistent/``: a plain form; the answer is shown on the page, the question kept in the field."""
    context: dict[str, Any] = {"disclosure": disclosure(_page_language())}
    if request.method != "POST":
        context["form"] = ChatForm()
        return render(request, "assistant/chat/page.html", context)
    form, reply, error, status = _process(request)
    if reply is not None and reply.get("title"):
        # A chosen suggestion: show its title where the question was, so the page says what was answered.
        form = ChatForm(initial={"question": form.cleaned_data.get("question") or reply["title"]})
    context.update(form=form, error=error, reply=chat.present(_jobcenter(request), reply) if reply else None)
    return _with_retry_after(request, render(request, "assistant/chat/page.html", context, status=status))


@require_POST
def chat_reply(request: HttpRequest) -> HttpResponse:
    """The panel's endpoint (htmx): the question and the reply as one fragment, appended to the conversation.

    Errors come back as a message for the form (``HX-Retarget``), with the status 422 or 429.
    """
    form, reply, error, status = _process(request)
    if reply is None:
        if error is None:
            error = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
        response = render(request, "assistant/chat/_error.html", {"error": error}, status=status)
        response["HX-Retarget"] = "#ojc-chat-error"
        response["HX-Reswap"] = "innerHTML"
        return _with_retry_after(request, response)
    shown_question = reply.get("title") or form.cleaned_data.get("question") or ""
    context = {
        "question": shown_question,
        "chosen": bool(form.cleaned_data.get("topic")),
        "reply": chat.present(_jobcenter(request), reply),
        "page_language": _page_language(),
    }
    return render(request, "assistant/chat/_exchange.html", context)


def _next_url(request: HttpRequest, candidate: str) -> str:
    jobcenter = _jobcenter(request)
    fallback = reverse("assistant_chat", kwargs={"jobcenter": jobcenter.slug})
    safe = url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False)
    if candidate and safe and candidate.startswith(f"/{jobcenter.slug}/"):
        return candidate
    return fallback


def _store_feedback(request: HttpRequest, form: FeedbackForm) -> tuple[str | None, int, int | None]:
    """(error, status, seconds to wait) for one "helpful?" answer."""
    if not form.is_valid():
        return _("Diese Rückmeldung konnte nicht gespeichert werden."), 422, None
    wait = _wait(request, FEEDBACK_GROUP, FEEDBACK_RATE)
    if wait is not None:
        return _("Von Ihrem Anschluss kamen sehr viele Rückmeldungen. Bitte versuchen Sie es später erneut."), 429, wait
    try:
        usage.record_feedback(
            _jobcenter(request),
            topic_key=form.cleaned_data["topic"],
            score=form.cleaned_data["score"],
            language=form.cleaned_data["language"],
        )
    except usage.FeedbackError:
        return _("Zu diesem Thema kann keine Rückmeldung gespeichert werden."), 422, None
    return None, 200, None


@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    """ "Helpful?" — Ja / Nein under an answer. Stores topic, score, language and day only.

    With htmx the form is replaced by a thank-you (or the error), in the reply's language; without
    JavaScript the person goes back to the page with a message.
    """
    form = FeedbackForm(request.POST)
    error, status, wait = _store_feedback(request, form)
    response: HttpResponse
    if request.headers.get("HX-Request") == "true":
        language = form.cleaned_data.get("language") if error is None else None
        with translation.override(language or _page_language()):
            response = render(request, "assistant/chat/_feedback_done.html", {"error": error}, status=status)
    elif error is not None:
        context = {"form": ChatForm(), "error": error, "disclosure": disclosure(_page_language())}
        response = render(request, "assistant/chat/page.html", context, status=status)
    else:
        messages.success(request, _("Vielen Dank für Ihre Rückmeldung. Sie hilft uns, die Antworten zu verbessern."))
        return redirect(_next_url(request, form.cleaned_data.get("next") or ""))
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response

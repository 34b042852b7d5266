"""The knowledge-base editor in the staff workspace (``/<slug>/staff/assistent/wissen/…``).

Jobcenter admins (``assistant.manage_knowledge_base``) edit, publish, revert and add own topics;
team leads (``assistant.review_knowledge_base``) read everything and review drafts. Topics and
versions are only found among the shipped ones and this Jobcenter's own, so another Jobcenter's
are a 404. Views parse, authorise and call ``services.editor``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.assistant.forms import (
    ACTION_LABELS,
    NewTopicForm,
    ReturnForm,
    SourceFormSet,
    VersionForm,
    language_names,
    source_initial,
)
from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services import editor, editor_diff, editor_list
from openjobcenter.assistant.services.answers import fill_placeholders
from openjobcenter.assistant.services.matching import LANGUAGES
from openjobcenter.core.models import Jobcenter

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

View = Callable[..., HttpResponse]
GET_POST = require_http_methods(["GET", "POST"])
manage_required = permission_required(editor.MANAGE)
STATUS_LABELS = {
    "draft": gettext_lazy("Entwurf"),
    "reviewed": gettext_lazy("geprüft, nicht veröffentlicht"),
    "published": gettext_lazy("eigene Fassung veröffentlicht"),
    "shipped": gettext_lazy("ausgelieferte Fassung"),
    "own": gettext_lazy("eigene Themen"),
    "due": gettext_lazy("Prüfung fällig"),
    "inactive": gettext_lazy("deaktiviert"),
}


def editor_required(view: View) -> View:
    """Signed in, in this Jobcenter, and allowed to edit or to review the knowledge base."""

    @tenant_login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.has_perm(editor.MANAGE) or request.user.has_perm(editor.REVIEW)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _language() -> str:
    language = (get_language() or "de").split("-")[0]
    return language if language in LANGUAGES else "de"


def _topic(request: HttpRequest, pk: int) -> Topic:
    return get_object_or_404(editor.topics_for(_jobcenter(request)), pk=pk)


def _version(request: HttpRequest, topic: Topic, pk: int) -> TopicVersion:
    return get_object_or_404(editor.versions_for(_jobcenter(request), topic), pk=pk)


def _url(name: str, jobcenter: Jobcenter, **kwargs: Any) -> str:
    return reverse(name, kwargs={"jobcenter": jobcenter.slug, **kwargs})


def _to_topic(jobcenter: Jobcenter, topic: Topic) -> HttpResponse:
    return redirect(_url("assistant_kb_topic", jobcenter, pk=topic.pk) + "#main")


def _to_version(jobcenter: Jobcenter, version: TopicVersion) -> HttpResponse:
    return redirect(_url("assistant_kb_version", jobcenter, topic=version.topic_id, pk=version.pk) + "#main")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The list -----------------------------------------------------------------------------------------


@require_GET
@editor_required
def topic_list(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    status = request.GET.get("status", "")
    status = status if status in editor_list.STATUS_FILTERS else ""
    search = request.GET.get("q", "")[:100]
    rows = editor_list.topic_rows(jobcenter, language=_language(), status=status, search=search)
    context = {
        "rows": rows,
        "status": status,
        "search": search,
        "status_choices": [(key, STATUS_LABELS[key]) for key in editor_list.STATUS_FILTERS],
        "filtered": bool(status or search.strip()),
        "may_manage": request.user.has_perm(editor.MANAGE),
    }
    return render(request, "assistant/staff/topic_list.html", context)


@GET_POST
@manage_required
def topic_create(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    form = NewTopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = editor.create_topic(
                jobcenter, form.cleaned_data["key"], form.cleaned_data["title"], actor=_actor(request), request=request
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Das Thema wurde angelegt. Schreiben Sie jetzt die Antwort und Beispielfragen.")
            )
            return redirect(_url("assistant_kb_edit", jobcenter, topic=version.topic_id, pk=version.pk) + "#main")
    status = 400 if request.method == "POST" else 200
    return render(request, "assistant/staff/topic_create.html", {"form": form}, status=status)


# --- One topic: history, current version, actions ----------------------------------------------------


@require_GET
@editor_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    topic = _topic(request, pk)
    versions = list(editor.versions_for(jobcenter, topic))
    current = editor.current_version(jobcenter, topic)
    shown = current or (versions[0] if versions else None)
    context = {
        "topic": topic,
        "title": shown.title_text(_language()) if shown is not None else topic.key,
        "versions": versions,
        "current": current,
        "open_version": editor.open_version(jobcenter, topic),
        "own_published": editor.own_published(jobcenter, topic),
        "may_manage": request.user.has_perm(editor.MANAGE),
        "review_due": current is not None and editor.review_due(current.reviewed_on),
    }
    return render(request, "assistant/staff/topic_detail.html", context)


@require_POST
@manage_required
def start_draft(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    topic = _topic(request, pk)
    version = editor.start_draft(jobcenter, topic, actor=_actor(request), request=request)
    if version.status != VersionStatus.DRAFT:
        messages.info(request, _("Es gibt schon eine geprüfte, noch nicht veröffentlichte Fassung."))
        return _to_version(jobcenter, version)
    return redirect(_url("assistant_kb_edit", jobcenter, topic=topic.pk, pk=version.pk) + "#main")


@require_POST
@manage_required
def revert(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    topic = _topic(request, pk)
    try:
        editor.revert_to_shipped(jobcenter, topic, actor=_actor(request), request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Der Assistent antwortet wieder mit der ausgelieferten Fassung."))
    return _to_topic(jobcenter, topic)


@require_POST
@manage_required
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    topic = _topic(request, pk)
    active = request.POST.get("active") == "1"
    try:
        editor.set_active(jobcenter, topic, active, actor=_actor(request), request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Das Thema ist wieder aktiv.")
            if active
            else _("Das Thema ist deaktiviert; der Assistent nutzt es nicht mehr."),
        )
    return _to_topic(jobcenter, topic)


# --- One version: preview and workflow ---------------------------------------------------------------


def _preview(version: TopicVersion, jobcenter: Jobcenter) -> list[dict[str, Any]]:
    names = language_names()
    return [
        {
            "code": code,
            "name": names[code],
            "title": version.title.get(code, ""),
            "answer": fill_placeholders(version.answer.get(code, ""), jobcenter),
            "examples": len(version.examples.get(code, [])),
        }
        for code in LANGUAGES
    ]


def _version_context(
    request: HttpRequest, topic: Topic, version: TopicVersion, *, return_form: ReturnForm | None = None
) -> dict[str, Any]:
    jobcenter = _jobcenter(request)
    actor = _actor(request)
    own = version.jobcenter_id == jobcenter.pk
    may_review, why_not = editor.may_review(version, actor) if own else (False, "")
    current = editor.current_version(jobcenter, topic)
    previous = (
        editor.versions_for(jobcenter, topic).filter(created_at__lt=version.created_at).exclude(pk=version.pk).first()
    )
    return {
        "topic": topic,
        "version": version,
        "own": own,
        "superseded": editor.is_superseded(version),
        "current": current,
        "is_current": version == current,
        "preview": _preview(version, jobcenter),
        "actions": [ACTION_LABELS.get(key, key) for key in version.actions],
        "may_manage": actor.has_perm(editor.MANAGE),
        "may_review": may_review,
        "why_not_review": why_not,
        "may_return": own
        and version.status == VersionStatus.REVIEWED
        and not version.published_at
        and (actor.has_perm(editor.REVIEW) or actor.has_perm(editor.MANAGE)),
        "return_form": return_form or ReturnForm(),
        "previous": previous,
    }


@require_GET
@editor_required
def version_detail(request: HttpRequest, topic: int, pk: int) -> HttpResponse:
    the_topic = _topic(request, topic)
    version = _version(request, the_topic, pk)
    return render(request, "assistant/staff/version_detail.html", _version_context(request, the_topic, version))


@require_POST
@editor_required
def review(request: HttpRequest, topic: int, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    version = _version(request, _topic(request, topic), pk)
    try:
        editor.mark_reviewed(version, actor=_actor(request), request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Die Fassung ist geprüft und kann veröffentlicht werden."))
    return _to_version(jobcenter, version)


@require_POST
@editor_required
def return_to_draft(request: HttpRequest, topic: int, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    the_topic = _topic(request, topic)
    version = _version(request, the_topic, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            editor.return_to_draft(version, form.cleaned_data["note"], actor=_actor(request), request=request)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Die Fassung ist zurück im Entwurf; Ihr Hinweis steht dabei."))
            return _to_version(jobcenter, version)
    context = _version_context(request, the_topic, version, return_form=form)
    return render(request, "assistant/staff/version_detail.html", context, status=400)


@require_POST
@manage_required
def publish(request: HttpRequest, topic: int, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    version = _version(request, _topic(request, topic), pk)
    try:
        editor.publish(version, actor=_actor(request), request=request)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Veröffentlicht: Der Assistent antwortet ab sofort mit dieser Fassung."))
    return _to_version(jobcenter, version)


# --- Editing a draft -----------------------------------------------------------------------------------


@GET_POST
@manage_required
def version_edit(request: HttpRequest, topic: int, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    the_topic = _topic(request, topic)
    version = _version(request, the_topic, pk)
    if version.jobcenter_id != jobcenter.pk:
        raise Http404
    if version.status != VersionStatus.DRAFT:
        messages.info(request, _("Nur Entwürfe lassen sich bearbeiten. Beginnen Sie eine neue Fassung."))
        return _to_version(jobcenter, version)
    if request.method == "POST":
        form = VersionForm(request.POST)
        sources = SourceFormSet(request.POST, prefix="sources")
    else:
        form = VersionForm(initial=VersionForm.initial_for(version))
        sources = SourceFormSet(initial=source_initial(version), prefix="sources")
    preview_only = request.POST.get("action") == "preview"
    source_errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and sources.is_valid():
            rows = [row for row in (f.row() for f in sources.forms) if row is not None]
            data = form.data_for_service(rows)
            try:
                editor.check_version(the_topic, data)
                if not preview_only:
                    editor.save_draft(version, data, actor=_actor(request), request=request)
            except ValidationError as error:
                source_errors = error.message_dict.get("sources", []) if hasattr(error, "error_dict") else []
                form.add_service_error(error)
            else:
                if not preview_only:
                    messages.success(
                        request, _("Der Entwurf wurde gespeichert. Eine zweite Person kann ihn jetzt prüfen.")
                    )
                    return _to_version(jobcenter, version)
                status = 200
        elif preview_only and form.is_valid():
            status = 200
    context = {
        "topic": the_topic,
        "version": version,
        "form": form,
        "sources": sources,
        "source_errors": source_errors,
        "sections": form.language_sections(),
        "open_language": _language(),
        "jobcenter_values": {
            "name": jobcenter.name,
            "phone": jobcenter.phone,
            "email": jobcenter.email,
            "address": jobcenter.address,
        },
        "preview": _form_preview(form, jobcenter),
        "placeholders": editor.placeholder_list(),
    }
    return render(request, "assistant/staff/version_edit.html", context, status=status)


def _form_preview(form: VersionForm, jobcenter: Jobcenter) -> dict[str, str]:
    """Each language's answer as it stands in the form, placeholders filled (server-side preview)."""
    source = form.data if form.is_bound else form.initial
    return {code: fill_placeholders(str(source.get(f"answer_{code}", "") or ""), jobcenter) for code in LANGUAGES}


# --- Comparing -----------------------------------------------------------------------------------------


@require_GET
@editor_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = _jobcenter(request)
    topic = _topic(request, pk)
    versions = list(editor.versions_for(jobcenter, topic))
    by_pk = {str(version.pk): version for version in versions}
    new = by_pk.get(request.GET.get("b", "")) or (versions[0] if versions else None)
    old = by_pk.get(request.GET.get("a", ""))
    if old is None and new is not None:
        older = [v for v in versions if v.created_at < new.created_at and v.pk != new.pk]
        old = older[0] if older else new
    if new is None or old is None:
        raise Http404
    context = {
        "topic": topic,
        "versions": versions,
        "old": old,
        "new": new,
        "lines": editor_diff.diff(old, new),
        "title": new.title_text(_language()),
    }
    return render(request, "assistant/staff/compare.html", context)

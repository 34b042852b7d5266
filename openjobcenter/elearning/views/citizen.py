"""Citizen-facing: the module list, a module's overview, lessons, the quiz with feedback, the
certificate, sharing completion with the advisor, and lesson videos (with range requests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openjobcenter.accounts.decorators import permission_required, tenant_login_required
from openjobcenter.core.services.pdf import PdfUnavailable
from openjobcenter.elearning.forms import QuizForm, SharingForm, field_name
from openjobcenter.elearning.models import LessonVideo, Module, QuizAttempt
from openjobcenter.elearning.services import progress, sharing
from openjobcenter.elearning.services.certificate import certificate_pdf, file_name
from openjobcenter.elearning.services.markup import render as render_markup
from openjobcenter.elearning.services.videos import RangeNotSatisfiable, parse_range
from openjobcenter.elearning.views.common import module_or_404

TAKE = "elearning.take_module"
MANAGE = "elearning.manage_modules"


@require_GET
@permission_required(TAKE)
def modules(request: HttpRequest) -> HttpResponse:
    states = progress.module_states(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    shares_all, shared = sharing.consents(request.user, request.jobcenter)  # type: ignore[arg-type,attr-defined]
    context = {"states": states, "shares_all": shares_all, "shared": shared}
    return render(request, "elearning/citizen/modules.html", context)


@require_GET
@permission_required(TAKE)
def module(request: HttpRequest, slug: str) -> HttpResponse:
    found = module_or_404(request, slug)
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    lessons = list(found.lessons.all())
    done = progress.finished_lesson_ids(user, jobcenter, found)  # type: ignore[arg-type]
    context = {
        "module": found,
        "state": progress.module_state(user, jobcenter, found),  # type: ignore[arg-type]
        "lessons": lessons,
        "done": done,
        "resume": progress.resume_lesson(user, jobcenter, found),  # type: ignore[arg-type]
        "questions": found.questions.count(),
    }
    return render(request, "elearning/citizen/module.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(TAKE)
def lesson(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    found = module_or_404(request, slug)
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    lessons = list(found.lessons.all())
    index = next((i for i, item in enumerate(lessons) if item.key == key), None)
    if index is None:
        raise Http404
    current = lessons[index]
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    if request.method == "POST":
        progress.complete_lesson(user, jobcenter, current)  # type: ignore[arg-type]
        if following is not None:
            return redirect("elearning:lesson", jobcenter=jobcenter.slug, slug=found.slug, key=following.key)
        return redirect("elearning:quiz", jobcenter=jobcenter.slug, slug=found.slug)
    progress.visit_lesson(user, jobcenter, current)  # type: ignore[arg-type]
    context = {
        "module": found,
        "lesson": current,
        "body": render_markup(current.localised_body()),
        "number": index + 1,
        "count": len(lessons),
        "previous": lessons[index - 1] if index > 0 else None,
        "following": following,
        "video": LessonVideo.objects.for_tenant(jobcenter).filter(lesson=current).first(),
    }
    return render(request, "elearning/citizen/lesson.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(TAKE)
def quiz(request: HttpRequest, slug: str) -> HttpResponse:
    found = module_or_404(request, slug)
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    questions = progress.questions_of(found)
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        attempt = progress.submit_quiz(user, jobcenter, found, form.answers(), request=request)  # type: ignore[arg-type]
        return redirect("elearning:result", jobcenter=jobcenter.slug, slug=found.slug, pk=attempt.pk)
    context = {"module": found, "form": form, "count": len(questions)}
    return render(request, "elearning/citizen/quiz.html", context, status=400 if request.method == "POST" else 200)


@require_GET
@permission_required(TAKE)
def result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = module_or_404(request, slug)
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    attempt = QuizAttempt.objects.for_tenant(jobcenter).filter(pk=pk, person=user, module=found).first()  # type: ignore[misc]
    if attempt is None:
        raise Http404
    context: dict[str, Any] = {
        "module": found,
        "attempt": attempt,
        "review": _review(found, attempt),
        "completion": progress.completion_of(user, jobcenter, found),  # type: ignore[arg-type]
    }
    return render(request, "elearning/citizen/result.html", context)


def _review(module: Module, attempt: QuizAttempt) -> list[dict[str, Any]]:
    """Per question: right or not, and each answer with whether it was chosen, right, and its feedback."""
    review = []
    for number, question in enumerate(progress.questions_of(module), start=1):
        chosen = set(attempt.answers.get(question.key, []))
        choices = list(question.choices.all())
        review.append(
            {
                "number": number,
                "question": question,
                "id": field_name(question),
                "right": progress.is_right(question, list(chosen), choices),
                "choices": [{"choice": c, "chosen": c.key in chosen} for c in choices],
            }
        )
    return review


@require_GET
@permission_required(TAKE)
def certificate(request: HttpRequest, slug: str) -> HttpResponse:
    found = module_or_404(request, slug)
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    completion = progress.completion_of(user, jobcenter, found)  # type: ignore[arg-type]
    if completion is None:
        raise Http404
    try:
        pdf = certificate_pdf(completion, user)  # type: ignore[arg-type]
    except PdfUnavailable:
        messages.error(
            request, _("Die Bescheinigung kann gerade nicht erstellt werden. Bitte versuchen Sie es später.")
        )
        return redirect("elearning:module", jobcenter=jobcenter.slug, slug=found.slug)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(completion)}"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required(TAKE)
def share(request: HttpRequest) -> HttpResponse:
    user, jobcenter = request.user, request.jobcenter  # type: ignore[attr-defined]
    offered = list(Module.objects.offered_in(jobcenter))
    shares_all, shared = sharing.consents(user, jobcenter)  # type: ignore[arg-type]
    initial = {
        "scope": "all" if shares_all else "some" if shared else "none",
        "modules": [m for m in offered if m.pk in shared],
    }
    form = SharingForm(request.POST or None, modules=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        sharing.set_sharing(
            user,  # type: ignore[arg-type]
            jobcenter,
            all_modules=scope == "all",
            modules=form.cleaned_data["modules"] if scope == "some" else [],
            request=request,
        )
        messages.success(request, _("Ihre Auswahl ist gespeichert. Sie können sie jederzeit ändern."))
        return redirect("elearning:modules", jobcenter=jobcenter.slug)
    return render(
        request, "elearning/citizen/sharing.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


# --- Videos ---------------------------------------------------------------------------------------

CHUNK = 256 * 1024


@require_GET
@tenant_login_required
def video(request: HttpRequest, pk: int) -> HttpResponse:
    if not (request.user.has_perm(TAKE) or request.user.has_perm(MANAGE)):
        raise PermissionDenied
    found = LessonVideo.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None or not default_storage.exists(found.file_name):
        raise Http404
    size = default_storage.size(found.file_name)
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, length = (byte_range.start, byte_range.length) if byte_range else (0, size)
    stream = StreamingHttpResponse(_read(found.file_name, start, length), content_type=found.content_type)
    if byte_range is not None:
        stream.status_code = 206
        stream["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
    stream["Content-Length"] = str(length)
    stream["Accept-Ranges"] = "bytes"
    stream["Cache-Control"] = "private, max-age=3600"
    return stream  # type: ignore[return-value]  # a streamed body, same interface


def _read(name: str, start: int, length: int) -> Iterator[bytes]:
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

"""Staff-facing (Jobcenter admins, ``elearning.manage_modules``): the modules with their completions
in this Jobcenter, and uploading a video for a lesson."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.elearning.forms import VideoForm
from openjobcenter.elearning.models import Completion, Lesson, LessonVideo, Module
from openjobcenter.elearning.services.videos import VideoRefused, delete_video, store_video

MANAGE = "elearning.manage_modules"


@require_GET
@permission_required(MANAGE)
def module_list(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    modules = list(Module.objects.offered_in(jobcenter).prefetch_related("lessons"))
    completions = dict(
        Completion.objects.for_tenant(jobcenter)
        .values_list("module_id")
        .annotate(n=Count("pk"))
        .values_list("module_id", "n")
    )
    videos = {v.lesson_id: v for v in LessonVideo.objects.for_tenant(jobcenter)}
    rows = [
        {
            "module": module,
            "completions": completions.get(module.pk, 0),
            "lessons": [{"lesson": lesson, "video": videos.get(lesson.pk)} for lesson in module.lessons.all()],
        }
        for module in modules
    ]
    return render(request, "elearning/staff/modules.html", {"rows": rows})


def _lesson(request: HttpRequest, pk: int) -> Lesson:
    lesson = (
        Lesson.objects.filter(pk=pk, module__in=Module.objects.offered_in(request.jobcenter))  # type: ignore[attr-defined]
        .select_related("module")
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def lesson_video(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    lesson = _lesson(request, pk)
    current = LessonVideo.objects.for_tenant(jobcenter).filter(lesson=lesson).first()
    form = VideoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            store_video(
                actor=request.user,  # type: ignore[arg-type]
                jobcenter=jobcenter,
                lesson=lesson,
                upload=form.cleaned_data["video"],
                request=request,
            )
        except VideoRefused as refused:
            form.add_error("video", refused.message)
        else:
            messages.success(request, _("Das Video ist gespeichert und wird in der Lektion gezeigt."))
            return redirect("elearning:staff_modules", jobcenter=jobcenter.slug)
    context = {"lesson": lesson, "current": current, "form": form}
    return render(request, "elearning/staff/video.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@permission_required(MANAGE)
def lesson_video_delete(request: HttpRequest, pk: int) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    lesson = _lesson(request, pk)
    current = LessonVideo.objects.for_tenant(jobcenter).filter(lesson=lesson).first()
    if current is not None:
        delete_video(actor=request.user, video=current, request=request)  # type: ignore[arg-type]
        messages.success(request, _("Das Video ist gelöscht."))
    return redirect("elearning:staff_modules", jobcenter=jobcenter.slug)

"""The Jobcenter admin's video settings page, with a button that tests the connection."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.core.models import Jobcenter
from openjobcenter.video.forms import VideoSettingsForm
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.services import config

TEMPLATE = "video/settings.html"


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _initial(video: VideoSettings) -> dict[str, Any]:
    return {name: getattr(video, name) for name in config.FIELDS if name not in config.SECRET_FIELDS}


def _context(request: HttpRequest, form: VideoSettingsForm, video: VideoSettings, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "video": video,
        "env": {
            "bbb_url": settings.BBB_API_URL,
            "bbb_secret": bool(settings.BBB_SECRET),
            "bbb_algorithm": settings.BBB_CHECKSUM_ALGORITHM,
            "jitsi_url": settings.JITSI_URL,
            "jitsi_app_id": settings.JITSI_APP_ID,
            "jitsi_secret": bool(settings.JITSI_APP_SECRET),
        },
        "effective": config.provider_config(video),
        **extra,
    }


@permission_required("core.manage_settings")
@require_http_methods(["GET", "POST"])
def video_settings(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    video = config.settings_for(jobcenter)
    if request.method == "POST" and "test" in request.POST:
        ok, answer = config.test_connection(jobcenter)
        form = VideoSettingsForm(initial=_initial(video))
        return render(request, TEMPLATE, _context(request, form, video, test_result={"ok": ok, "answer": answer}))
    form = VideoSettingsForm(request.POST or None, initial=_initial(video))
    if request.method != "POST":
        return render(request, TEMPLATE, _context(request, form, video))
    if not form.is_valid():
        return render(request, TEMPLATE, _context(request, form, video), status=400)
    changed = config.update_settings(jobcenter, form.cleaned_data, actor=request.user, request=request)  # type: ignore[arg-type]
    messages.success(
        request, _("Die Videoeinstellungen wurden gespeichert.") if changed else _("Sie haben nichts geändert.")
    )
    return redirect(reverse("video:settings", kwargs={"jobcenter": jobcenter.slug}))

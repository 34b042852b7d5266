"""Template context every page needs: the tenant, the languages, demo mode, the user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from openjobcenter.core.pagecache import csrf_placeholder


def portal(request: HttpRequest) -> dict[str, Any]:
    jobcenter = getattr(request, "jobcenter", None)
    user = getattr(request, "user", None)
    is_staff_user = bool(user and user.is_authenticated and user.is_jobcenter_staff)
    return {
        "jobcenter": jobcenter,
        "demo_mode": settings.DEMO,
        "is_staff_user": is_staff_user,
        "portal_languages": offered_languages(jobcenter),
        **csrf_placeholder(request),
    }


def offered_languages(jobcenter: Any) -> list[tuple[str, str]]:
    """The languages a Jobcenter offers (its setting), German always; all of them outside a Jobcenter."""
    if jobcenter is None or not jobcenter.languages:
        return list(settings.LANGUAGES)
    offered = {"de", *jobcenter.languages}
    return [(code, name) for code, name in settings.LANGUAGES if code in offered]

"""Public pages of a Jobcenter: home, accessibility statement, privacy, imprint, Leichte Sprache."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from openjobcenter.core.services.tenants import active_jobcenters, public_locations


@require_GET
def platform_root(request: HttpRequest) -> HttpResponse:
    """``/``: with one Jobcenter go straight to it, otherwise let the person choose."""
    jobcenters = active_jobcenters()
    if len(jobcenters) == 1:
        return redirect("core:home", jobcenter=jobcenters[0].slug)
    return render(request, "core/choose_jobcenter.html", {"jobcenters": jobcenters})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    locations = public_locations(request.jobcenter)  # type: ignore[attr-defined]
    return render(request, "core/home.html", {"locations": locations})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@require_GET
def easy_language(request: HttpRequest) -> HttpResponse:
    return render(request, "core/easy_language.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")

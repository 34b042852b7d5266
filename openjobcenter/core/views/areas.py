"""The citizen's area ("Mein Bereich") and the staff workspace: entry points after sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import citizen_required, staff_required


@require_GET
@citizen_required
def citizen_area(request: HttpRequest) -> HttpResponse:
    return render(request, "core/citizen_area.html")


@require_GET
@staff_required
def staff_workspace(request: HttpRequest) -> HttpResponse:
    return render(request, "core/staff_workspace.html")

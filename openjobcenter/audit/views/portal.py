"""Citizen-facing: "Wer hat meine Daten gesehen?" – the reads of the signed-in person's data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.audit.services import access_log_for

PAGE_SIZE = 20


@require_GET
@permission_required("audit.view_own_access_log")
def my_access_log(request: HttpRequest) -> HttpResponse:
    entries = access_log_for(jobcenter=request.jobcenter, citizen=request.user)  # type: ignore[attr-defined,arg-type]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/my_access_log.html", {"page": page})

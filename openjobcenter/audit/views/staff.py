"""Staff-facing: Jobcenter admins search their Jobcenter's audit trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.audit.forms import AuditSearchForm
from openjobcenter.audit.services import search_log

PAGE_SIZE = 25


@require_GET
@permission_required("audit.search_audit_log")
def search(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = AuditSearchForm(request.GET, jobcenter=jobcenter)
    if not form.is_valid():
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    entries = search_log(jobcenter=jobcenter, actor=request.user, filters=form.filters(), request=request)  # type: ignore[arg-type]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/search.html", {"form": form, "page": page, "query": query.urlencode()})

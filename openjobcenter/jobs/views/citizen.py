"""Saved searches of signed-in citizens (job alerts by mail)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.jobs.forms import SavedSearchForm
from openjobcenter.jobs.models import SavedSearch
from openjobcenter.jobs.services.alerts import SavedSearchError, delete_search, save_search, search_url
from openjobcenter.jobs.services.search import SearchError, parse
from openjobcenter.jobs.views.common import SEARCH


@require_GET
@permission_required(SEARCH)
def saved_searches(request: HttpRequest) -> HttpResponse:
    saved = SavedSearch.objects.for_tenant(request.jobcenter).filter(owner=request.user)  # type: ignore[attr-defined,misc]
    return render(request, "jobs/citizen/saved.html", {"saved": [(s, search_url(s)) for s in saved]})


@require_POST
@permission_required(SEARCH)
def save(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    try:
        criteria = parse(request.POST)
    except SearchError:
        messages.error(request, _("Diese Suche enthält ungültige Angaben und kann nicht gespeichert werden."))
        return redirect("jobs:search", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie der Suche einen Namen."))
        return redirect(_search_path(request))
    try:
        save_search(
            owner=request.user,  # type: ignore[arg-type]
            jobcenter=request.jobcenter,  # type: ignore[attr-defined]
            name=form.cleaned_data["name"],
            criteria=criteria,
            alerts=form.cleaned_data["alerts"],
        )
    except SavedSearchError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ihre Suche ist gespeichert. Neue passende Stellen schicken wir Ihnen per E-Mail."))
    return redirect("jobs:saved_searches", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]


def _search_path(request: HttpRequest) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    params: dict[str, str] = {
        k: str(v)
        for k, v in request.POST.items()
        if k in {"q", "plz", "radius_km", "working_time", "occupation", "published_within_days", "sort"} and v
    }
    return reverse("jobs:search", kwargs={"jobcenter": request.jobcenter.slug}) + "?" + urlencode(params)  # type: ignore[attr-defined]


@require_POST
@permission_required(SEARCH)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = SavedSearch.objects.for_tenant(request.jobcenter).filter(owner=request.user, pk=pk).first()  # type: ignore[attr-defined,misc]
    if saved is None:
        raise Http404
    delete_search(owner=request.user, saved=saved)  # type: ignore[arg-type]
    messages.success(request, _("Die gespeicherte Suche ist gelöscht."))
    return redirect("jobs:saved_searches", jobcenter=request.jobcenter.slug)  # type: ignore[attr-defined]

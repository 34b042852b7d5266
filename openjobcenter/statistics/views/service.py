"""Service figures for team leads and the Jobcenter admin: appointments, waiting times and what is
still to come, filtered by location, team and period, as a page and as a CSV file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.core.csv_export import csv_response
from openjobcenter.core.models import Jobcenter
from openjobcenter.statistics.forms_pages import ServiceFilterForm
from openjobcenter.statistics.services.service_figures import (
    DEFAULT_DAYS,
    MAX_DAYS,
    ServiceFigures,
    ServiceFilter,
    figure_table,
    service_figures,
)


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


def _filter(form: ServiceFilterForm, notices: list[str]) -> ServiceFilter:
    """The valid filters; each invalid one is dropped with a notice, the period kept within two years."""
    form.is_valid()
    for name in form.errors:
        label = form.fields[name].label if name in form.fields else name
        notices.append(_("Die Angabe „%(field)s“ war ungültig und wurde nicht berücksichtigt.") % {"field": label})
    params: dict[str, Any] = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    date_to = params.get("date_to") or timezone.localdate()
    date_from = params.get("date_from") or date_to - dt.timedelta(days=DEFAULT_DAYS)
    if date_from > date_to:
        notices.append(_("Das Startdatum lag nach dem Enddatum; die beiden Daten wurden getauscht."))
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days > MAX_DAYS:
        notices.append(_("Der Zeitraum ist auf zwei Jahre begrenzt und wurde gekürzt."))
        date_from = date_to - dt.timedelta(days=MAX_DAYS)
    return ServiceFilter(date_from, date_to, location=params.get("location"), team=params.get("team"))


def _query(flt: ServiceFilter, **extra: str) -> str:
    params = {"date_from": flt.date_from.isoformat(), "date_to": flt.date_to.isoformat()}
    if flt.location is not None:
        params["location"] = str(flt.location.pk)
    if flt.team is not None:
        params["team"] = str(flt.team.pk)
    return f"?{urlencode({**params, **extra})}"


def _csv(data: ServiceFigures) -> HttpResponse:
    flt = data.filter
    filename = f"service-kennzahlen-{flt.date_from.isoformat()}-{flt.date_to.isoformat()}.csv"
    return csv_response(filename, figure_table(data))


@require_GET
@permission_required("statistics.view_service_kpis")
def service(request: HttpRequest) -> HttpResponse:
    jobcenter = _jobcenter(request)
    notices: list[str] = []
    flt = _filter(ServiceFilterForm(request.GET, jobcenter=jobcenter), notices)
    data = service_figures(jobcenter, flt)
    if request.GET.get("format") == "csv":
        return _csv(data)
    form_data = {
        "date_from": flt.date_from.isoformat(),
        "date_to": flt.date_to.isoformat(),
        "location": flt.location.pk if flt.location else "",
        "team": flt.team.pk if flt.team else "",
    }
    context = {
        "form": ServiceFilterForm(form_data, jobcenter=jobcenter),
        "data": data,
        "notices": notices,
        "csv_url": _query(flt, format="csv"),
    }
    return render(request, "statistics/service/figures.html", context)

"""Labour-market pages: the district report with its charts, the press text, and the Jobcenter's
public key figures.

The Bundesagentur's figures are public reference data, shared by every Jobcenter; a Jobcenter shows
the districts set in its ``StatisticsSettings``. Views parse and call ``services.report``; a district
or period that is not this Jobcenter's, or has no figures, is a notice on the page, never a 500.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.appointments.models import Concern
from openjobcenter.appointments.services.slots import earliest_per_location
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.reception.services.estimate import waiting_times_body
from openjobcenter.statistics.demo import ATTRIBUTION as DEMO_SOURCE
from openjobcenter.statistics.forms_pages import ReportForm, month_label, parse_period, period_value
from openjobcenter.statistics.models import LabourMarketFigure, Period
from openjobcenter.statistics.services import report as report_service
from openjobcenter.statistics.services.press import press_text

SERIES_MONTHS = 24
SERIES_YEARS = 10
# Shown when an import named no source of its own.
DEFAULT_SOURCE = "Statistik der Bundesagentur für Arbeit"

view_kpis = permission_required("statistics.view_service_kpis")


def _jobcenter(request: HttpRequest) -> Jobcenter:
    return request.jobcenter  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Selection:
    """The district and period a page shows, with what the pickers offer."""

    form: ReportForm
    ags: str | None
    month: dt.date | None
    annual: bool
    notices: list[str]


def _district_choices(jobcenter: Jobcenter) -> list[tuple[str, str]]:
    return [(ags, report_service.region_name(ags) or ags) for ags in report_service.jobcenter_districts(jobcenter)]


def select(request: HttpRequest) -> Selection:
    """District and period from the query, falling back to the first district and its newest period."""
    notices: list[str] = []
    districts = _district_choices(_jobcenter(request))
    keys = [ags for ags, _name in districts]
    ags = request.GET.get("district") or (keys[0] if keys else None)
    if ags not in keys:
        notices.append(_("Dieser Kreis gehört nicht zu Ihrem Jobcenter; es wird der erste Kreis gezeigt."))
        ags = keys[0] if keys else None
    months = report_service.available_months(ags) if ags else []
    years = report_service.available_months(ags, annual=True) if ags else []
    chosen = parse_period(request.GET.get("period", ""))
    if chosen is not None and chosen[0] not in (years if chosen[1] else months):
        notices.append(_("Für den gewählten Zeitraum gibt es keine Zahlen; es wird der neueste gezeigt."))
        chosen = None
    if chosen is None:
        chosen = (months[0], False) if months else (years[0], True) if years else None
    month, annual = chosen if chosen else (None, False)
    data = {"district": ags or "", "period": period_value(month, annual=annual) if month else ""}
    form = ReportForm(data, districts=districts, months=months, years=years)
    return Selection(form=form, ags=ags, month=month, annual=annual, notices=notices)


def _report(selection: Selection) -> report_service.RegionReport | None:
    if selection.ags is None or selection.month is None:
        return None
    try:
        return report_service.region_report(selection.ags, selection.month, annual=selection.annual)
    except report_service.NoFigures:
        return None


def source_of(ags: str, month: dt.date, *, annual: bool) -> str:
    """The attribution of the figure shown: the import's source, else the data set's own."""
    figure = (
        LabourMarketFigure.objects.filter(ags=ags, month=month, period=Period.YEAR if annual else Period.MONTH)
        .select_related("source_import")
        .first()
    )
    if figure is not None and figure.source_import is not None and figure.source_import.source:
        return figure.source_import.source
    return DEMO_SOURCE if annual else DEFAULT_SOURCE


def _page_context(selection: Selection, report: report_service.RegionReport | None) -> dict[str, Any]:
    context: dict[str, Any] = {"form": selection.form, "notices": selection.notices, "report": report}
    if report is not None:
        context["period_label"] = month_label(report.month, annual=report.annual)
        context["source"] = source_of(report.ags, report.month, annual=report.annual)
    return context


@require_GET
@view_kpis
def report(request: HttpRequest) -> HttpResponse:
    """The district report: figures, the district against its Land over time, all districts' rates."""
    selection = select(request)
    region = _report(selection)
    context = _page_context(selection, region)
    if region is not None:
        count = SERIES_YEARS if region.annual else SERIES_MONTHS
        points = report_service.series(region.ags, count, annual=region.annual, until=region.month)
        context["series"] = [(month_label(p.month, annual=region.annual, short=True), p) for p in points]
        context["has_sgb2"] = any(p.sgb2_rate is not None or p.state_sgb2_rate is not None for p in points)
        rates = report_service.state_rates(region.state, region.month, annual=region.annual)
        context["state_rates"] = rates
        context["state_has_sgb2"] = any(row.sgb2_rate is not None for row in rates)
    return render(request, "statistics/pages/report.html", context)


@require_GET
@view_kpis
def press(request: HttpRequest) -> HttpResponse:
    """The press text, generated from the report, in a text field to edit and copy (nothing is saved)."""
    selection = select(request)
    region = _report(selection)
    context = _page_context(selection, region)
    context["text"] = press_text(region) if region is not None else ""
    return render(request, "statistics/pages/press.html", context)


# --- public key figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictFigures:
    report: report_service.RegionReport
    period_label: str
    source: str


@dataclass(frozen=True)
class Availability:
    concern: str
    first: dt.datetime | None
    location: str


def _district_figures(jobcenter: Jobcenter) -> list[DistrictFigures]:
    result = []
    for ags in report_service.jobcenter_districts(jobcenter):
        annual = not report_service.has_monthly_figures(ags)
        month = report_service.latest_month(ags, annual=annual)
        if month is None:
            continue
        try:
            region = report_service.region_report(ags, month, annual=annual)
        except report_service.NoFigures:
            continue
        label = month_label(region.month, annual=annual)
        result.append(DistrictFigures(region, label, source_of(ags, region.month, annual=annual)))
    return result


def _availability(jobcenter: Jobcenter, locations: dict[int, str]) -> list[Availability]:
    """The first free appointment per concern (in person, any location), for concerns anyone may book."""
    rows = []
    concerns = Concern.objects.for_tenant(jobcenter).filter(is_active=True, requires_sign_in=False)
    for concern in concerns.order_by("sort_order", "id")[:12]:
        channel = "in_person" if concern.offers("in_person") else (concern.channels or ["in_person"])[0]
        earliest = earliest_per_location(jobcenter, concern, channel)
        if earliest:
            location_id, first = min(earliest.items(), key=lambda item: item[1])
            rows.append(Availability(concern.display_name(), timezone.localtime(first), locations.get(location_id, "")))
        else:
            rows.append(Availability(concern.display_name(), None, ""))
    return rows


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """Key figures of the Jobcenter for everybody: its districts' labour market, waiting times now,
    the next free appointments."""
    jobcenter = _jobcenter(request)
    locations = list(Location.objects.for_tenant(jobcenter).filter(is_active=True))
    waiting = [(location, waiting_times_body(location.pk)) for location in locations]
    context = {
        "districts": _district_figures(jobcenter),
        "waiting": waiting,
        "availability": _availability(jobcenter, {location.pk: location.name for location in locations}),
    }
    return render(request, "statistics/pages/public.html", context)

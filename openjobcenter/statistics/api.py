"""Statistics API (API.md "Statistics"), mounted under ``/{jobcenter}/statistics``.

Labour-market figures are public reference data: no sign-in, the general public rate limit.
No ``from __future__ import annotations``: django-ninja reads the annotations at runtime.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from openjobcenter.core.api import ApiError, errors, public_rate_limit, tenant_from_path
from openjobcenter.statistics.services.report import Change, NoFigures, latest_month, region_report

router = Router(tags=["Statistik"])

JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]
Ags = Annotated[str, Path(description="Regionalschlüssel (AGS) of a Kreis, 5 digits, e.g. 06431.")]
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class ChangeOut(Schema):
    absolute: int = Field(description="Persons, negative for a decrease.")
    percent: float | None = Field(description="Percent with one decimal, rounded half up; null if the base is 0.")


class RegionReportOut(Schema):
    ags: str
    region: str
    state: str = Field(description="Name of the Land.")
    month: str = Field(description="YYYY-MM.")
    unemployed: int
    change_previous_month: ChangeOut | None = Field(description="Null when the previous month is missing.")
    change_previous_year: ChangeOut | None = Field(description="Null when the same month a year before is missing.")
    rate: float | None = Field(description="Unemployed ÷ all civilian labour force, percent, one decimal.")
    rate_previous_year: float | None
    sgb2_rate: float | None = Field(description="Unemployed under SGB II ÷ all civilian labour force, percent.")
    sgb2_rate_previous_year: float | None
    state_rate: float | None
    state_sgb2_rate: float | None
    rank_in_state: int | None = Field(description="1 = lowest rate among the Land's districts.")
    regions_in_state: int


class ReportQuery(Schema):
    month: str | None = Field(None, description="YYYY-MM. Default: the newest month with figures.")


def _month(value: str | None, ags: str) -> dt.date:
    if value is None:
        newest = latest_month(ags)
        if newest is None:
            raise ApiError(404, "no_figures", _("Für diese Region liegen keine Monatszahlen vor."))
        return newest
    match = MONTH_PATTERN.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ApiError(
            422,
            "invalid",
            _("Bitte prüfen Sie Ihre Eingaben."),
            fields={"month": [_("Bitte geben Sie den Monat im Format JJJJ-MM an.")]},
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _change(value: Change | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"absolute": value.absolute, "percent": _number(value.percent)}


@router.get(
    "/regions/{ags}/report",
    response={200: RegionReportOut, **errors(404, 422, 429)},
    summary="Arbeitsmarktbericht eines Kreises für einen Monat",
)
@public_rate_limit
def report(request: HttpRequest, jobcenter: JobcenterSlug, ags: Ags, filters: Query[ReportQuery]) -> dict[str, Any]:
    """The month's figures of a district as the Bundesagentur publishes them (rates rounded half up)."""
    tenant_from_path(request, jobcenter)
    if not re.fullmatch(r"\d{5}", ags):
        raise ApiError(404, "no_figures", _("Für diese Region liegen keine Monatszahlen vor."))
    month = _month(filters.month, ags)
    try:
        result = region_report(ags, month)
    except NoFigures:
        raise ApiError(404, "no_figures", _("Für diese Region und diesen Monat liegen keine Zahlen vor.")) from None
    return {
        "ags": result.ags,
        "region": result.region,
        "state": result.state,
        "month": f"{result.month:%Y-%m}",
        "unemployed": result.unemployed,
        "change_previous_month": _change(result.change_previous_month),
        "change_previous_year": _change(result.change_previous_year),
        "rate": _number(result.rate),
        "rate_previous_year": _number(result.rate_previous_year),
        "sgb2_rate": _number(result.sgb2_rate),
        "sgb2_rate_previous_year": _number(result.sgb2_rate_previous_year),
        "state_rate": _number(result.state_rate),
        "state_sgb2_rate": _number(result.state_sgb2_rate),
        "rank_in_state": result.rank_in_state,
        "regions_in_state": result.regions_in_state,
    }

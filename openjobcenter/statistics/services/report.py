"""The district report: the figures the Bundesagentur publishes each month, computed from the counts.

Rates are percentages with one decimal, rounded half up as the Bundesagentur publishes them
(3.25 → 3.3). Quote = unemployed ÷ all civilian labour force; the SGB II quote has the same base.
A Land's rate comes from its total row (two-digit key) when one was imported, else from the sum
of its districts (only when every district has the base). The rank compares the published
(rounded) rates of the Land's districts: 1 = lowest; districts with the same rate share a rank.

All functions take a ``month`` (any day of it; for ``annual=True`` any day of the year) and work on
monthly figures by default; ``annual=True`` reads the annual averages (the demo data 2015–2020),
which have no previous month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from openjobcenter.core.models import Jobcenter
from openjobcenter.statistics.models import LabourMarketFigure, Period, StatisticsSettings, is_state_total

ONE_DECIMAL = Decimal("0.1")
# Kreise and kreisfreie Städte per Land (first two digits of the AGS), as of 31.12.2020
# (kreise_de_2020.csv). A Land's rate is summed from its districts, and its districts ranked, only
# when at least this many are there: one imported district must not pass for its whole Land.
DISTRICTS_PER_STATE = {
    "01": 15, "02": 1, "03": 45, "04": 2, "05": 53, "06": 26, "07": 36, "08": 44,
    "09": 96, "10": 6, "11": 1, "12": 18, "13": 8, "14": 13, "15": 14, "16": 23,
}  # fmt: skip


class NoFigures(LookupError):
    """There are no figures for this district and month."""


@dataclass(frozen=True)
class Change:
    """Difference to an earlier period: persons (signed) and percent (signed, one decimal)."""

    absolute: int
    percent: Decimal | None  # None when the earlier value is 0


@dataclass(frozen=True)
class RegionReport:
    """Everything of API.md's report, plus names and the kind of period."""

    ags: str
    region: str
    state: str
    month: dt.date
    annual: bool
    unemployed: int
    change_previous_month: Change | None
    change_previous_year: Change | None
    rate: Decimal | None
    rate_previous_year: Decimal | None
    sgb2_rate: Decimal | None
    sgb2_rate_previous_year: Decimal | None
    state_rate: Decimal | None
    state_sgb2_rate: Decimal | None
    rank_in_state: int | None
    regions_in_state: int


@dataclass(frozen=True)
class MonthPoint:
    """One point of a time series: the district's figures and its Land's rates."""

    month: dt.date
    unemployed: int
    rate: Decimal | None
    sgb2_rate: Decimal | None
    state_rate: Decimal | None
    state_sgb2_rate: Decimal | None


class StateRate(NamedTuple):
    ags: str
    region: str
    rate: Decimal | None
    sgb2_rate: Decimal | None


# --- arithmetic ---------------------------------------------------------------------------------


def round_half_up(value: Decimal) -> Decimal:
    """One decimal, half up (the Bundesagentur's rounding), not Python's banker's rounding."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int | None, base: int | None) -> Decimal | None:
    """``part`` as a percentage of ``base``, rounded half up to one decimal; None if not computable."""
    if part is None or not base:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(base))


def change(current: int, earlier: int | None) -> Change | None:
    if earlier is None:
        return None
    return Change(absolute=current - earlier, percent=percent(current - earlier, earlier))


def first_of_month(day: dt.date, *, annual: bool = False) -> dt.date:
    return dt.date(day.year, 1, 1) if annual else day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _period(annual: bool) -> str:
    return Period.YEAR if annual else Period.MONTH


def _previous(month: dt.date, *, annual: bool, years: int = 0, months: int = 0) -> dt.date:
    return dt.date(month.year - years, 1, 1) if annual else add_months(month, -12 * years - months)


def figure_rate(figure: LabourMarketFigure) -> Decimal | None:
    if figure.civilian_labour_force:
        return percent(figure.unemployed, figure.civilian_labour_force)
    return figure.published_rate


def figure_sgb2_rate(figure: LabourMarketFigure) -> Decimal | None:
    return percent(figure.unemployed_sgb2, figure.civilian_labour_force)


# --- the Land ------------------------------------------------------------------------------------


def _state_rates_from(figures: list[LabourMarketFigure]) -> tuple[Decimal | None, Decimal | None]:
    """The Land's rate and SGB II rate from its total row, else summed over its districts."""
    for figure in figures:
        if is_state_total(figure.ags):
            return figure_rate(figure), figure_sgb2_rate(figure)
    districts = [figure for figure in figures if not is_state_total(figure.ags)]
    if not _complete(districts) or any(not figure.civilian_labour_force for figure in districts):
        return None, None
    base = sum(figure.civilian_labour_force or 0 for figure in districts)
    unemployed = sum(figure.unemployed for figure in districts)
    sgb2 = None
    if all(figure.unemployed_sgb2 is not None for figure in districts):
        sgb2 = sum(figure.unemployed_sgb2 or 0 for figure in districts)
    return percent(unemployed, base), percent(sgb2, base)


def _complete(districts: list[LabourMarketFigure]) -> bool:
    """Whether every district of the Land is there (see ``DISTRICTS_PER_STATE``)."""
    if not districts:
        return False
    prefix = districts[0].ags[:2]
    return len(districts) >= DISTRICTS_PER_STATE.get(prefix, 1)


def _state_figures(state: str, period: str, months: list[dt.date]) -> dict[dt.date, list[LabourMarketFigure]]:
    rows: dict[dt.date, list[LabourMarketFigure]] = defaultdict(list)
    for figure in LabourMarketFigure.objects.filter(state=state, period=period, month__in=months):
        rows[figure.month].append(figure)
    return rows


def _rank(own: Decimal | None, figures: list[LabourMarketFigure]) -> tuple[int | None, int]:
    districts = [figure for figure in figures if not is_state_total(figure.ags)]
    known = [rate for rate in (figure_rate(figure) for figure in districts) if rate is not None]
    if own is None or not _complete(districts):
        return None, len(known)
    return 1 + sum(1 for rate in known if rate < own), len(known)


# --- public functions ---------------------------------------------------------------------------


def region_report(ags: str, month: dt.date, *, annual: bool = False) -> RegionReport:
    """The report of district ``ags`` for ``month``; raises ``NoFigures`` when there are none."""
    month = first_of_month(month, annual=annual)
    period = _period(annual)
    figure = LabourMarketFigure.objects.filter(ags=ags, period=period, month=month).first()
    if figure is None:
        raise NoFigures(ags, month)
    previous_month = None if annual else _previous(month, annual=False, months=1)
    previous_year = _previous(month, annual=annual, years=1)
    earlier = {
        row.month: row
        for row in LabourMarketFigure.objects.filter(
            ags=ags, period=period, month__in=[m for m in (previous_month, previous_year) if m]
        )
    }
    last_month = earlier.get(previous_month) if previous_month else None
    last_year = earlier.get(previous_year)
    in_state = _state_figures(figure.state, period, [month])[month]
    state_rate, state_sgb2_rate = _state_rates_from(in_state)
    rate = figure_rate(figure)
    rank, regions = _rank(rate, in_state)
    return RegionReport(
        ags=figure.ags,
        region=figure.region,
        state=figure.state,
        month=month,
        annual=annual,
        unemployed=figure.unemployed,
        change_previous_month=change(figure.unemployed, last_month.unemployed if last_month else None),
        change_previous_year=change(figure.unemployed, last_year.unemployed if last_year else None),
        rate=rate,
        rate_previous_year=figure_rate(last_year) if last_year else None,
        sgb2_rate=figure_sgb2_rate(figure),
        sgb2_rate_previous_year=figure_sgb2_rate(last_year) if last_year else None,
        state_rate=state_rate,
        state_sgb2_rate=state_sgb2_rate,
        rank_in_state=rank if not is_state_total(figure.ags) else None,
        regions_in_state=regions,
    )


def series(ags: str, months: int = 24, *, annual: bool = False, until: dt.date | None = None) -> list[MonthPoint]:
    """The last ``months`` periods (up to ``until``, default the latest) of a district, oldest first.

    With ``annual=True``, ``months`` counts years. Missing periods are left out.
    """
    period = _period(annual)
    end = first_of_month(until, annual=annual) if until else latest_month(ags, annual=annual)
    if end is None:
        return []
    start = dt.date(end.year - months + 1, 1, 1) if annual else add_months(end, -months + 1)
    own = list(LabourMarketFigure.objects.filter(ags=ags, period=period, month__gte=start, month__lte=end))
    if not own:
        return []
    state_rows = _state_figures(own[0].state, period, [figure.month for figure in own])
    points = []
    for figure in own:
        state_rate, state_sgb2_rate = _state_rates_from(state_rows[figure.month])
        points.append(
            MonthPoint(
                month=figure.month,
                unemployed=figure.unemployed,
                rate=figure_rate(figure),
                sgb2_rate=figure_sgb2_rate(figure),
                state_rate=state_rate,
                state_sgb2_rate=state_sgb2_rate,
            )
        )
    return sorted(points, key=lambda point: point.month)


def state_rates(state: str, month: dt.date, *, annual: bool = False) -> list[StateRate]:
    """The rates of every district of the Land ``state`` in ``month``, lowest rate first."""
    month = first_of_month(month, annual=annual)
    figures = LabourMarketFigure.objects.filter(state=state, period=_period(annual), month=month)
    rows = [
        StateRate(figure.ags, figure.region, figure_rate(figure), figure_sgb2_rate(figure))
        for figure in figures
        if not is_state_total(figure.ags)
    ]
    return sorted(rows, key=lambda row: (row.rate is None, row.rate or 0, row.region))


def latest_month(ags: str, *, annual: bool = False) -> dt.date | None:
    """The newest month (or year, as 1 January) with figures for the district; None if none."""
    return (
        LabourMarketFigure.objects.filter(ags=ags, period=_period(annual))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def available_months(ags: str, *, annual: bool = False) -> list[dt.date]:
    """All months (or years) with figures for the district, newest first (for a month picker)."""
    return list(
        LabourMarketFigure.objects.filter(ags=ags, period=_period(annual))
        .order_by("-month")
        .values_list("month", flat=True)
    )


def has_monthly_figures(ags: str) -> bool:
    return LabourMarketFigure.objects.filter(ags=ags, period=Period.MONTH).exists()


def jobcenter_districts(jobcenter: Jobcenter) -> list[str]:
    """The AGS keys the Jobcenter reports on (its StatisticsSettings), in their order."""
    settings = StatisticsSettings.objects.for_tenant(jobcenter).first()
    return list(settings.districts) if settings else []


def region_name(ags: str) -> str | None:
    return LabourMarketFigure.objects.filter(ags=ags).order_by("-month").values_list("region", flat=True).first()

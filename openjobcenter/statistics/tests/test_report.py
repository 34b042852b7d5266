"""The report's arithmetic: rounding as the Bundesagentur publishes, Land rates, ranks, gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.statistics.demo import load_demo_statistics
from openjobcenter.statistics.models import LabourMarketFigure, Period
from openjobcenter.statistics.services.importing import import_labour_market
from openjobcenter.statistics.services.report import (
    NoFigures,
    latest_month,
    percent,
    region_report,
    round_half_up,
    series,
    state_rates,
)
from openjobcenter.statistics.tests.labour_market_data import HEADER, bergstrasse_csv

FEBRUARY = dt.date(2022, 2, 1)


def load(text: str) -> None:
    assert import_labour_market(text.encode(), filename="t.csv").ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3.25", "3.3"), ("3.35", "3.4"), ("2.45", "2.5"), ("-2.65", "-2.7"), ("3.249", "3.2"), ("0.05", "0.1")],
)
def test_it_rounds_half_up_not_to_even(value, expected):
    assert round_half_up(Decimal(value)) == Decimal(expected)


def test_percent_of_nothing_is_unknown():
    assert percent(5, 0) is None
    assert percent(None, 10) is None
    assert percent(13, 400) == Decimal("3.3")  # 3.25 exactly: half up


@pytest.mark.django_db
def test_the_land_rate_is_summed_from_its_districts_without_a_total_row():
    load(f"{HEADER}\n04011,Bremen,Bremen,2022-02,300,200,10000\n04012,Bremerhaven,Bremen,2022-02,500,100,10000\n")

    report = region_report("04011", FEBRUARY)

    assert report.state_rate == Decimal("4.0")  # 800 ÷ 20.000
    assert report.state_sgb2_rate == Decimal("1.5")
    assert (report.rank_in_state, report.regions_in_state) == (1, 2)


@pytest.mark.django_db
def test_districts_with_the_same_published_rate_share_a_rank():
    load(f"{HEADER}\n04011,Bremen,Bremen,2022-02,300,1,10000\n04012,Bremerhaven,Bremen,2022-02,302,1,10000\n")

    assert region_report("04011", FEBRUARY).rank_in_state == 1
    assert region_report("04012", FEBRUARY).rank_in_state == 1  # both 3,0 Prozent


@pytest.mark.django_db
def test_a_land_with_districts_missing_has_no_summed_rate_and_no_rank():
    load(f"{HEADER}\n01001,A,Schleswig-Holstein,2022-02,300,200,10000\n")

    report = region_report("01001", FEBRUARY)

    assert (report.state_rate, report.rank_in_state, report.regions_in_state) == (None, None, 1)


@pytest.mark.django_db
def test_missing_earlier_months_leave_the_changes_empty():
    load(f"{HEADER}\n01001,A,SH,2022-02,300,200,10000\n")

    report = region_report("01001", FEBRUARY)

    assert report.change_previous_month is None
    assert report.change_previous_year is None
    assert report.rate_previous_year is None


@pytest.mark.django_db
def test_an_unknown_month_raises_no_figures():
    with pytest.raises(NoFigures):
        region_report("06431", FEBRUARY)


@pytest.mark.django_db
def test_series_and_state_rates_serve_the_charts():
    load(bergstrasse_csv())

    points = series("06431")
    rates = state_rates("Hessen", FEBRUARY)

    assert [point.month for point in points] == [dt.date(2021, 2, 1), dt.date(2022, 1, 1), FEBRUARY]
    assert points[-1].state_rate == Decimal("4.7")
    assert points[0].state_rate is None  # no Hessian figures for February 2021 except the district
    assert [row.ags for row in rates[:2]] == ["06631", "06431"]
    assert len(rates) == 26
    assert latest_month("06431") == FEBRUARY


@pytest.mark.django_db
def test_series_limits_the_number_of_months():
    load(bergstrasse_csv())

    assert [point.month for point in series("06431", months=2)] == [dt.date(2022, 1, 1), FEBRUARY]


@pytest.mark.django_db
def test_the_demo_data_gives_annual_reports_with_published_rates():
    load_demo_statistics()

    report = region_report("06431", dt.date(2020, 1, 1), annual=True)

    assert LabourMarketFigure.objects.filter(period=Period.YEAR, ags="06431").count() == 6
    assert report.unemployed == 6062
    assert report.rate == Decimal("4.1")
    assert report.change_previous_year is not None and report.change_previous_year.absolute == 6062 - 5077
    assert report.change_previous_month is None
    assert report.sgb2_rate is None
    assert report.state == "Hessen"
    assert report.state_rate is not None
    assert report.regions_in_state == 26
    assert latest_month("06431") is None  # no monthly figures in the demo
    assert latest_month("06431", annual=True) == dt.date(2020, 1, 1)

"""The Kreis Bergstraße's February release, reproduced figure by figure from its inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.statistics.services.importing import import_labour_market
from openjobcenter.statistics.services.press import press_text
from openjobcenter.statistics.services.report import Change, region_report
from openjobcenter.statistics.tests.labour_market_data import bergstrasse_csv

FEBRUARY = dt.date(2022, 2, 1)


@pytest.fixture
def bergstrasse(db):
    report = import_labour_market(bergstrasse_csv().encode(), filename="bergstrasse.csv")
    assert report.ok, report.errors
    return region_report("06431", FEBRUARY)


def test_the_report_has_every_figure_of_the_article(bergstrasse):
    assert bergstrasse.unemployed == 4868
    assert bergstrasse.change_previous_month == Change(absolute=-134, percent=Decimal("-2.7"))
    assert bergstrasse.change_previous_year == Change(absolute=-1563, percent=Decimal("-24.3"))
    assert bergstrasse.rate == Decimal("3.3")
    assert bergstrasse.rate_previous_year == Decimal("4.3")
    assert bergstrasse.state_rate == Decimal("4.7")
    assert (bergstrasse.rank_in_state, bergstrasse.regions_in_state) == (2, 26)
    assert bergstrasse.sgb2_rate == Decimal("1.8")
    assert bergstrasse.sgb2_rate_previous_year == Decimal("2.0")
    assert bergstrasse.state_sgb2_rate == Decimal("3.0")


def test_the_press_text_says_it_like_the_article(bergstrasse):
    text = press_text(bergstrasse)

    assert "Im Februar 2022 waren im Landkreis Bergstraße 4.868 Personen arbeitslos gemeldet." in text
    assert "Gegenüber dem Vormonat ist die Zahl um 2,7 Prozent (134 Personen) gesunken." in text
    assert "Gegenüber dem Vorjahresmonat ist die Zahl um rund 24,3 Prozent (1.563 Personen) gesunken." in text
    assert "3,3 Prozent (Vorjahr: 4,3 Prozent), in Hessen 4,7 Prozent." in text
    assert "zweitniedrigste Quote unter den 26 Kreisen und kreisfreien Städten in Hessen" in text
    assert (
        "SGB II (Grundsicherung für Arbeitsuchende) lag bei 1,8 Prozent (Vorjahr: 2,0), in Hessen bei 3,0 Prozent."
        in text
    )

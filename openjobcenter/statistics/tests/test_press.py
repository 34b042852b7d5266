"""The press text: German numbers, words for direction and rank, and gaps said plainly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from openjobcenter.statistics.services.press import (
    german_decimal,
    german_number,
    press_text,
    rank_words,
    region_phrase,
)
from openjobcenter.statistics.services.report import Change, RegionReport

REPORT = RegionReport(
    ags="05315",
    region="Köln, kreisfreie Stadt",
    state="Nordrhein-Westfalen",
    month=dt.date(2023, 11, 1),
    annual=False,
    unemployed=51234,
    change_previous_month=Change(absolute=312, percent=Decimal("0.6")),
    change_previous_year=Change(absolute=2010, percent=Decimal("4.1")),
    rate=Decimal("8.6"),
    rate_previous_year=Decimal("8.3"),
    sgb2_rate=Decimal("6.1"),
    sgb2_rate_previous_year=Decimal("6.0"),
    state_rate=Decimal("7.0"),
    state_sgb2_rate=Decimal("5.1"),
    rank_in_state=50,
    regions_in_state=53,
)


@pytest.mark.parametrize(("value", "text"), [(4868, "4.868"), (134, "134"), (1234567, "1.234.567"), (0, "0")])
def test_numbers_have_german_thousands_separators(value, text):
    assert german_number(value) == text


def test_decimals_have_a_comma():
    assert german_decimal(Decimal("3.3")) == "3,3"
    assert german_decimal(Decimal("2")) == "2,0"


@pytest.mark.parametrize(
    ("rank", "regions", "words"),
    [(1, 26, "niedrigste"), (2, 26, "zweitniedrigste"), (3, 26, "drittniedrigste"), (7, 26, "siebtniedrigste"),
     (26, 26, "höchste"), (24, 26, "dritthöchste"), (13, 26, "")],
)  # fmt: skip
def test_the_rank_is_said_in_words_from_the_nearer_end(rank, regions, words):
    assert rank_words(rank, regions) == words


@pytest.mark.parametrize(
    ("region", "phrase"),
    [
        ("Bergstraße, Landkreis", "im Landkreis Bergstraße"),
        ("Köln, kreisfreie Stadt", "in der Stadt Köln"),
        ("Kiel, Landeshauptstadt, kreisfreie Stadt", "in der Stadt Kiel"),
        ("Hochtaunuskreis", "in Hochtaunuskreis"),
        ("Region Hannover", "in der Region Hannover"),
        ("Berlin", "in Berlin"),
        ("Dithmarschen, Kreis", "im Kreis Dithmarschen"),
    ],
)
def test_the_district_is_named_as_in_a_release(region, phrase):
    assert region_phrase(region) == phrase


def test_a_rise_says_gestiegen_and_a_far_rank_says_hoechste():
    text = press_text(REPORT)

    assert "in der Stadt Köln 51.234 Personen" in text
    assert "um 0,6 Prozent (312 Personen) gestiegen" in text
    assert "um rund 4,1 Prozent (2.010 Personen) gestiegen" in text
    assert "vierthöchste Quote unter den 53 Kreisen" in text


def test_no_change_and_gaps_are_said_plainly():
    report = dataclasses.replace(
        REPORT,
        change_previous_month=Change(absolute=0, percent=Decimal("0.0")),
        change_previous_year=None,
        rate_previous_year=None,
        sgb2_rate=None,
        rank_in_state=None,
    )

    text = press_text(report)

    assert "Gegenüber dem Vormonat ist die Zahl unverändert geblieben." in text
    assert "Für den Vorjahresmonat liegen keine Zahlen vor." in text
    assert "Vorjahr" not in text.replace("Vorjahresmonat", "")
    assert "SGB II" not in text
    assert "Rang" not in text and "höchste" not in text


def test_a_middle_rank_is_given_as_a_number():
    text = press_text(dataclasses.replace(REPORT, rank_in_state=20))

    assert "auf Rang 20 von 53 Kreisen" in text


def test_the_annual_text_speaks_of_the_annual_average():
    report = dataclasses.replace(REPORT, annual=True, month=dt.date(2020, 1, 1), change_previous_month=None)

    text = press_text(report)

    assert text.startswith("Im Jahresdurchschnitt 2020 waren in der Stadt Köln")
    assert "Vormonat" not in text
    assert "Gegenüber dem Vorjahr ist die Zahl um rund 4,1 Prozent" in text


def test_the_text_stays_german_in_another_page_language():
    with translation.override("ar"):
        assert press_text(REPORT).startswith("Im November 2023 waren")

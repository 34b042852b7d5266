"""The district report, the press text and the public key figures, as pages.

Tanja leads a team and sees the report of the Jobcenter's district (the Kreis Bergstraße's February
release, see ``labour_market_data``); Bernd, an advisor, may not; Niklas of Jobcenter Nordkreis gets
a 404. The public page needs no sign-in.
"""

from __future__ import annotations

import re

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.statistics.models import LabourMarketFigure, Period, StatisticsSettings
from openjobcenter.statistics.services.importing import import_labour_market
from openjobcenter.statistics.tests.labour_market_data import bergstrasse_csv

pytestmark = pytest.mark.django_db

REPORT = "/demo/staff/statistik/bericht/"
PRESS = "/demo/staff/statistik/pressetext/"
PUBLIC = "/demo/statistik/"
BERGSTRASSE = "06431"


@pytest.fixture
def figures(db):
    result = import_labour_market(bergstrasse_csv().encode(), filename="bergstrasse.csv")
    assert result.ok, result.errors


@pytest.fixture
def districts(demo, figures) -> StatisticsSettings:
    return StatisticsSettings.all_tenants.create(jobcenter=demo, districts=[BERGSTRASSE])


def figure_cell(page: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</td>', page)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_the_team_lead_sees_every_figure_of_the_release(client, tanja, districts):
    sign_in(client, tanja)
    response = client.get(REPORT, {"period": "2022-02"})
    page = response.content.decode()

    assert response.status_code == 200
    assert figure_cell(page, "unemployed") == "4.868"
    assert figure_cell(page, "change_previous_month") == "\u2212134 (\u22122,7 %)"
    assert figure_cell(page, "change_previous_year") == "\u22121.563 (\u221224,3 %)"
    assert figure_cell(page, "rate") == "3,3 %"
    assert figure_cell(page, "rate_previous_year") == "4,3 %"
    assert figure_cell(page, "sgb2_rate") == "1,8 %"
    assert figure_cell(page, "sgb2_rate_previous_year") == "2,0 %"
    assert figure_cell(page, "state_rate") == "4,7 %"
    assert figure_cell(page, "state_sgb2_rate") == "3,0 %"
    assert figure_cell(page, "rank_in_state") == "2 von 26"


def test_each_chart_has_its_data_table(client, tanja, districts):
    sign_in(client, tanja)
    page = client.get(REPORT, {"period": "2022-02"}).content.decode()

    assert page.count('class="ojc-stat-chart"') == 2
    assert page.count("data-chart-table") == 2
    # The time series: the district and its Land, machine-readable for the chart, German for people.
    assert 'data-series="Bergstraße, Landkreis"' in page and 'data-series="Hessen"' in page
    assert 'data-value="3.3">3,3<' in page and 'data-value="4.7">4,7<' in page
    # All districts of the Land, Bergstraße highlighted: 26 rows, Fulda (lowest) first.
    rows = re.findall(r'<tr class="kern-table__row"( data-highlight aria-current="true")?>\s*<th scope="row" '
                      r'class="kern-table__header">([^<]+)</th>\s*<td class="kern-table__cell ojc-stat-num" '
                      r'data-value="[\d.]+">', page)  # fmt: skip
    bars = rows[-26:]
    assert len(bars) == 26
    assert bars[0][1] == "Fulda, Landkreis"
    assert bars[1] == (' data-highlight aria-current="true"', "Bergstraße, Landkreis")
    # Served from our own static files, never from a CDN.
    assert "vendor/chartjs/chart.umd.min.js" in page and "cdn" not in page.lower()


def test_the_press_text_is_in_an_editable_field(client, anja, districts):
    sign_in(client, anja)
    page = client.get(PRESS, {"period": "2022-02"}).content.decode()

    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert textarea is not None
    text = textarea.group(1)
    assert "4.868 Personen arbeitslos gemeldet" in text
    assert "zweitniedrigste" in text
    assert 'data-copy-target="pressetext"' in page
    assert re.findall(r'<form method="post" action="([^"]+)"', page) == ["/demo/logout/"]  # editing saves nothing


def test_a_forged_district_or_period_is_a_notice_not_an_error(client, tanja, districts):
    sign_in(client, tanja)
    response = client.get(REPORT, {"district": "06411", "period": "1999-13"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "gehört nicht zu Ihrem Jobcenter" in page
    assert "Bergstraße, Landkreis" in page
    assert figure_cell(page, "unemployed") == "4.868"  # the newest month


def test_an_unknown_period_falls_back_to_the_newest(client, tanja, districts):
    sign_in(client, tanja)
    page = client.get(REPORT, {"period": "2010-05"}).content.decode()

    assert "keine Zahlen; es wird der neueste gezeigt" in page
    assert figure_cell(page, "unemployed") == "4.868"


def test_without_a_district_the_page_says_so(client, tanja, demo, figures):
    sign_in(client, tanja)
    response = client.get(REPORT)

    assert response.status_code == 200
    assert "noch kein Kreis hinterlegt" in response.content.decode()


def test_annual_averages_are_shown_as_years(client, tanja, demo):
    for year, unemployed, rate in ((2019, 5100, "3.4"), (2020, 6200, "4.1")):
        LabourMarketFigure.objects.create(
            ags=BERGSTRASSE, region="Bergstraße, Landkreis", state="Hessen", period=Period.YEAR,
            month=f"{year}-01-01", unemployed=unemployed, published_rate=rate,
        )  # fmt: skip
    StatisticsSettings.all_tenants.create(jobcenter=demo, districts=[BERGSTRASSE])
    sign_in(client, tanja)
    page = client.get(REPORT).content.decode()

    assert "Jahresdurchschnitt 2020" in page
    assert figure_cell(page, "rate") == "4,1 %"
    assert figure_cell(page, "change_previous_year") == "+1.100 (+21,6 %)"
    assert "Veränderung zum Vormonat" not in page


@pytest.mark.parametrize("url", [REPORT, PRESS])
def test_an_advisor_may_not_open_the_report(client, bernd, districts, url):
    sign_in(client, bernd)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [REPORT, PRESS])
def test_another_jobcenters_staff_get_a_404(client, niklas, districts, url):
    sign_in(client, niklas)
    assert client.get(url).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, districts):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/demo/" in response["Location"]


def test_the_public_page_needs_no_sign_in_and_names_its_source(client, districts, demo_location):
    response = client.get(PUBLIC)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Zahlen und Fakten" in page
    assert "4.868" in page and "3,3 %" in page and "4,7 %" in page
    assert "Quelle:" in page and "Bundesagentur für Arbeit" in page
    assert "Hauptstelle Mitte" in page  # waiting times per location
    assert "Nächste freie Termine" in page


def test_the_public_page_of_a_jobcenter_without_figures(client, nord, nord_location):
    response = client.get("/nord/statistik/")
    assert response.status_code == 200
    assert "noch keine Arbeitsmarktzahlen" in response.content.decode()

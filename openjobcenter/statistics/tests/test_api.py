"""GET /api/v1/<slug>/statistics/regions/<ags>/report (API.md "Statistics")."""

from __future__ import annotations

import pytest

from openjobcenter.statistics.services.importing import import_labour_market
from openjobcenter.statistics.tests.labour_market_data import bergstrasse_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(db):
    assert import_labour_market(bergstrasse_csv().encode(), filename="t.csv").ok


def url(ags: str = "06431", slug: str = "demo") -> str:
    return f"/api/v1/{slug}/statistics/regions/{ags}/report"


def test_it_returns_the_report_with_exactly_the_documented_fields(client, demo, figures):
    response = client.get(url(), {"month": "2022-02"})

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "ags": "06431",
        "region": "Bergstraße, Landkreis",
        "state": "Hessen",
        "month": "2022-02",
        "unemployed": 4868,
        "change_previous_month": {"absolute": -134, "percent": -2.7},
        "change_previous_year": {"absolute": -1563, "percent": -24.3},
        "rate": 3.3,
        "rate_previous_year": 4.3,
        "sgb2_rate": 1.8,
        "sgb2_rate_previous_year": 2.0,
        "state_rate": 4.7,
        "state_sgb2_rate": 3.0,
        "rank_in_state": 2,
        "regions_in_state": 26,
    }


def test_without_a_month_it_reports_the_newest(client, demo, figures):
    assert client.get(url()).json()["month"] == "2022-02"


def test_missing_changes_are_null(client, demo, figures):
    body = client.get(url(), {"month": "2021-02"}).json()

    assert body["change_previous_month"] is None
    assert body["change_previous_year"] is None


@pytest.mark.parametrize("month", ["2022-13", "Februar", "2022-2", ""])
def test_a_bad_month_is_422(client, demo, figures, month):
    response = client.get(url(), {"month": month})

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"month": ["Bitte geben Sie den Monat im Format JJJJ-MM an."]}


@pytest.mark.parametrize(
    ("ags", "month"), [("06431", "2019-01"), ("99999", "2022-02"), ("06", "2022-02"), ("abc", "2022-02")]
)
def test_no_figures_is_404(client, demo, figures, ags, month):
    response = client.get(url(ags), {"month": month})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_figures"


def test_an_unknown_jobcenter_is_404(client, figures):
    response = client.get(url(slug="nirgendwo"), {"month": "2022-02"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_jobcenter"


def test_the_operation_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/{jobcenter}/statistics/regions/{ags}/report"]["get"]
    assert operation["tags"] == ["Statistik"]

"""API.md: GET /api/v1/<slug>/jobs/vacancies — shape, filters, bad input, tenants."""

from __future__ import annotations

import pytest

URL = "/api/v1/{slug}/jobs/vacancies"


def get(client, slug: str = "demo", **params):
    return client.get(URL.format(slug=slug), params)


def test_it_returns_the_documented_shape(client, koch):
    response = get(client, q="Köchin", plz="40210", radius_km="25", working_time="full_time")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert set(body) == {"count", "results"}
    hit = body["results"][0]
    assert set(hit) == {
        "id", "title", "employer", "plz", "place", "distance_km", "occupation_code", "working_time", "published_at",
    }  # fmt: skip
    assert hit["id"] == koch.pk
    assert hit["employer"] == "Gasthaus Zur Linde GmbH"
    assert hit["plz"] == "40233"
    assert hit["place"] == "Düsseldorf"
    assert 0 < hit["distance_km"] < 10
    assert hit["occupation_code"] == "29302"
    assert hit["working_time"] == "full_time"
    assert hit["published_at"].endswith(("+01:00", "+02:00"))


def test_without_postal_code_the_distance_is_null(client, koch):
    assert get(client, q="Koch").json()["results"][0]["distance_km"] is None


def test_pages_hold_twenty(client, company, anton):
    from openjobcenter.jobs.tests.conftest import make_vacancy

    for number in range(21):
        make_vacancy(company, anton, title=f"Koch {number}")
    assert len(get(client, q="Koch").json()["results"]) == 20
    second = get(client, q="Koch", page="2").json()
    assert second["count"] == 21 and len(second["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"plz": "00000"}, "plz"),
        ({"plz": "40210", "radius_km": "999"}, "radius_km"),
        ({"plz": "40210", "radius_km": "abc"}, "radius_km"),
        ({"q": "Koch " * 100}, "q"),
        ({"working_time": "always"}, "working_time"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
    ],
)
def test_bad_input_is_a_422_with_the_error_shape(client, demo, params, field):
    response = get(client, **params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert error["fields"][field]


def test_operators_and_quotes_are_no_error(client, koch):
    response = get(client, q='"Koch" & | ! ( ) :* <-> OR AND NOT \\')
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_unknown_jobcenter_is_404(client, db):
    response = get(client, slug="nirgendwo")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_jobcenter"


def test_jobcenters_see_only_their_own_vacancies(client, koch, nord_vacancy):
    demo_ids = {hit["id"] for hit in get(client, q="Koch").json()["results"]}
    nord_ids = {hit["id"] for hit in get(client, slug="nord", q="Koch").json()["results"]}
    assert demo_ids == {koch.pk}
    assert nord_ids == {nord_vacancy.pk}

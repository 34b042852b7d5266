"""Search correctness: German stemming, radius, filters, sorting, tenant isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from openjobcenter.jobs.models import Vacancy
from openjobcenter.jobs.services import search as search_module
from openjobcenter.jobs.services.search import SearchError, parse, search
from openjobcenter.jobs.tests.conftest import make_vacancy


def titles(jobcenter, **params) -> list[str]:
    return [hit.vacancy.title for hit in search(jobcenter, parse(params)).hits]


@pytest.fixture
def vacancies(company, anton) -> dict[str, Vacancy]:
    return {
        "koch": make_vacancy(company, anton, title="Koch (m/w/d)", postal_code="40233"),
        "koechin": make_vacancy(company, anton, title="Köchin gesucht", postal_code="40210", working_time="part_time"),
        "koeche": make_vacancy(company, anton, title="Köche für Kantine", postal_code="50667"),  # Köln, ~35 km
        "lager": make_vacancy(
            company, anton, title="Lagerhelfer", occupation="51311", postal_code="80331",  # München
            description="Kommissionierung im Lager mit Staplerschein.", working_time="mini_job",
        ),
    }  # fmt: skip


def test_it_finds_the_masculine_form_from_the_feminine(demo, vacancies):
    assert set(titles(demo, q="Köchin")) >= {"Koch (m/w/d)", "Köchin gesucht", "Köche für Kantine"}
    assert "Lagerhelfer" not in titles(demo, q="Köchin")


def test_it_finds_plural_and_feminine_from_the_masculine(demo, vacancies):
    found = titles(demo, q="Koch")
    assert {"Koch (m/w/d)", "Köche für Kantine"} <= set(found)


def test_it_stems_words_in_the_description(demo, vacancies):
    assert titles(demo, q="Staplerscheine") == ["Lagerhelfer"]


def test_all_words_must_match(demo, vacancies):
    assert titles(demo, q="Koch Staplerschein") == []


def test_operators_and_quotes_are_plain_words(demo, vacancies):
    assert titles(demo, q='"Lager" OR (Staplerschein) AND -*') == ["Lagerhelfer"]
    assert titles(demo, q="'; DROP TABLE jobs_vacancy; --") == []


def test_radius_keeps_only_vacancies_within_it(demo, vacancies):
    near = set(titles(demo, plz="40210", radius_km="10"))
    assert near == {"Koch (m/w/d)", "Köchin gesucht"}
    assert "Köche für Kantine" in titles(demo, plz="40210", radius_km="50")
    assert "Lagerhelfer" not in titles(demo, plz="40210", radius_km="200")


def test_sorting_by_distance_gives_distances_in_order(demo, vacancies):
    results = search(demo, parse({"plz": "40210", "radius_km": "100", "sort": "distance"}))
    distances = [hit.distance_km or 0.0 for hit in results.hits]
    assert distances == sorted(distances)
    assert results.hits[-1].vacancy.title == "Köche für Kantine"
    assert 30 < distances[-1] < 40


def test_sorting_by_date_puts_the_newest_first(demo, vacancies):
    Vacancy.all_tenants.filter(pk=vacancies["koch"].pk).update(published_at=timezone.now() + dt.timedelta(hours=1))
    assert titles(demo, sort="date", q="Koch")[0] == "Koch (m/w/d)"


def test_relevance_ranks_title_matches_above_description_matches(demo, company, anton, vacancies):
    make_vacancy(company, anton, title="Servicekraft", description="Sie arbeiten eng mit unserem Koch zusammen.")
    found = titles(demo, q="Koch", sort="relevance")
    assert found.index("Servicekraft") > found.index("Koch (m/w/d)")


def test_a_slash_title_is_two_words_and_ranks_first(demo, company, anton, vacancies):
    make_vacancy(company, anton, title="Koch/Köchin (m/w/d)", postal_code="40233")
    make_vacancy(company, anton, title="Spüler", description="Sie unterstützen unsere Köchin in der Küche.")
    for word in ("Koch", "Köchin"):
        found = titles(demo, q=word, sort="relevance")
        assert "Koch/Köchin (m/w/d)" in found, word
        assert found.index("Koch/Köchin (m/w/d)") < found.index("Spüler"), word


def test_filters_working_time_occupation_and_published_since(demo, vacancies):
    assert titles(demo, working_time="mini_job") == ["Lagerhelfer"]
    assert set(titles(demo, occupation="293")) == {"Koch (m/w/d)", "Köchin gesucht", "Köche für Kantine"}
    Vacancy.all_tenants.filter(pk=vacancies["lager"].pk).update(published_at=timezone.now() - dt.timedelta(days=20))
    assert "Lagerhelfer" not in titles(demo, published_within_days="14")


def test_drafts_and_expired_vacancies_are_not_found(demo, company, anton, vacancies):
    make_vacancy(company, anton, title="Koch Entwurf", publish=False)
    Vacancy.all_tenants.filter(pk=vacancies["koch"].pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    found = titles(demo, q="Koch")
    assert "Koch Entwurf" not in found and "Koch (m/w/d)" not in found


def test_another_jobcenter_sees_nothing(demo, nord, vacancies, nord_vacancy):
    assert "Koch (m/w/d) Kantine" not in titles(demo, q="Koch")
    assert titles(nord, q="Koch") == ["Koch (m/w/d) Kantine"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"plz": "99999"}, "plz"),
        ({"plz": "4021"}, "plz"),
        ({"plz": "40210", "radius_km": "0"}, "radius_km"),
        ({"plz": "40210", "radius_km": "201"}, "radius_km"),
        ({"plz": "40210", "radius_km": "zehn"}, "radius_km"),
        ({"radius_km": "10"}, "plz"),
        ({"q": "x" * 201}, "q"),
        ({"working_time": "weekends"}, "working_time"),
        ({"occupation": "99999"}, "occupation"),
        ({"sort": "distance"}, "sort"),
        ({"published_within_days": "3"}, "published_within_days"),
    ],
)
def test_bad_input_gets_a_message_for_the_field(db, params, field):
    with pytest.raises(SearchError) as error:
        parse(params)
    assert error.value.fields[field]


# --- Scale: capped count, ranking window -----------------------------------------------------------


def test_the_count_is_exact_up_to_the_cap_and_a_lower_bound_beyond(demo, vacancies, monkeypatch):
    exact = search(demo, parse({"q": "Koch"}))
    assert (exact.count, exact.count_is_lower_bound) == (3, False)
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    capped = search(demo, parse({"q": "Koch"}))
    assert (capped.count, capped.count_is_lower_bound) == (2, True)
    assert len(capped.hits) == 3  # the page itself is not cut by the cap
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    assert search(demo, parse({"q": "Koch"})).count_is_lower_bound is False


def test_a_capped_count_says_more_than_on_the_page_and_in_the_api(client, demo, vacancies, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    page = client.get("/demo/jobs/", {"q": "Koch"})
    assert "Mehr als 2 Stellen gefunden" in page.content.decode()
    body = client.get("/api/v1/demo/jobs/vacancies", {"q": "Koch"}).json()
    assert body["count"] == 2 and body["count_is_lower_bound"] is True
    assert len(body["results"]) == 3 and body["results"][0]["distance_km"] is None
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    body = client.get("/api/v1/demo/jobs/vacancies", {"q": "Koch"}).json()
    assert set(body) == {"count", "results"} and body["count"] == 3  # API.md's shape when exact
    assert "Mehr als" not in client.get("/demo/jobs/", {"q": "Koch"}).content.decode()


def test_radius_and_text_together_find_only_near_matches(demo, vacancies):
    assert set(titles(demo, q="Koch", plz="40210", radius_km="10")) == {"Koch (m/w/d)", "Köchin gesucht"}
    assert titles(demo, q="Koch", plz="40210", radius_km="10", working_time="part_time") == ["Köchin gesucht"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the ranking window is PostgreSQL's")
def test_many_matches_rank_the_newest_by_relevance_then_the_rest_by_date(demo, company, anton, monkeypatch):
    now = timezone.now()
    made = {
        "old title match": make_vacancy(company, anton, title="Koch alt"),
        "older description match": make_vacancy(company, anton, title="Spüler", description="Mit dem Koch."),
        "new description match": make_vacancy(company, anton, title="Servicekraft", description="Mit dem Koch."),
        "new title match": make_vacancy(company, anton, title="Koch neu", description="Koch in der Küche."),
    }
    for age, vacancy in enumerate(reversed(made.values())):  # "new title match" newest
        Vacancy.all_tenants.filter(pk=vacancy.pk).update(published_at=now - dt.timedelta(hours=age))
    # Rank only within the two newest published vacancies.
    monkeypatch.setattr(search_module, "RANK_ALL", 1)
    monkeypatch.setattr(search_module, "RANK_WINDOW_MIN", 2)
    monkeypatch.setattr(search_module, "RANK_WINDOW_MAX", 2)
    monkeypatch.setattr(search_module, "_live_totals", {})
    expected = ["Koch neu", "Servicekraft", "Spüler", "Koch alt"]
    results = search(demo, parse({"q": "Koch"}))
    assert [hit.vacancy.title for hit in results.hits] == expected
    assert results.count == 4
    # Page by page the same order (ranked candidates first, then the older matches by date).
    paged = [search(demo, parse({"q": "Koch"}), page=page, per_page=1).hits[0].vacancy.title for page in (1, 2, 3, 4)]
    assert paged == expected
    # Without the window every match is ranked: title matches first.
    monkeypatch.setattr(search_module, "RANK_ALL", 100)
    assert titles(demo, q="Koch")[:2] == ["Koch neu", "Koch alt"]

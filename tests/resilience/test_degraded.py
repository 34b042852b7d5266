"""Degraded dependencies (issue 13), the fast part: a database that cannot be reached gives a
clear 503 (page and API) instead of a 500; a Redis that cannot be reached is a cache miss, not an
error; ``/metrics`` answers only with its token. The slow part (real processes killed, services
stopped) is ``bench/faults.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from openjobcenter.core.cache import FailSoftRedisCache


def database_gone(*_args: Any, **_kwargs: Any) -> Any:
    raise OperationalError("connection failed: connection to server at 127.0.0.1, port 5432 failed")


@pytest.mark.django_db
def test_a_page_answers_503_with_retry_after_while_the_database_is_unreachable(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("openjobcenter.core.middleware.get_active_jobcenter", database_gone)
    client = Client(raise_request_exception=False)

    response = client.get("/demo/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.django_db
def test_the_api_answers_503_in_json_while_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("openjobcenter.core.api.active_jobcenters", database_gone)
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/jobcenters")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_other_errors_stay_500(demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("openjobcenter.core.middleware.get_active_jobcenter", broken)

    assert Client(raise_request_exception=False).get("/demo/").status_code == 500


def test_the_cache_is_a_miss_while_redis_cannot_be_reached() -> None:
    cache = FailSoftRedisCache("redis://127.0.0.1:1/0", {})  # nothing listens on port 1

    assert cache.get("key", "fallback") == "fallback"
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.incr("counter") == 1
    assert cache.delete("key") is False


def test_metrics_need_the_token(settings: Any, db: None) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    client = Client()

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'openjobcenter_up{component="database"} 1' in body
    assert 'openjobcenter_outbox_messages{status="pending"} 0' in body
    assert 'openjobcenter_tasks{status="READY"}' in body


def test_metrics_are_off_without_a_token(settings: Any, db: None) -> None:
    settings.METRICS_TOKEN = ""

    assert Client().get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404

"""``/healthz`` for load balancers: 200 when everything required answers, else 503."""

import socket

from django.db.utils import OperationalError

from openjobcenter.core.views import system


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


def test_it_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_a_database_failure_with_503(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(system, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down"}


def test_it_reports_redis_down_when_redis_is_configured_but_unreachable(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "redis": "down"}


def test_it_checks_redis_with_a_ping(client, db, settings, monkeypatch):
    settings.REDIS_URL = "redis://redis.example:6379/0"
    monkeypatch.setattr(system.redis.Redis, "ping", lambda self: True)
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_it_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405

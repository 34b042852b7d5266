"""Operational endpoints: ``/healthz`` for load balancers, ``/metrics`` for monitoring."""

from __future__ import annotations

import functools
import hmac
import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# A load balancer asks every few seconds: a dead dependency must not make it wait long.
REDIS_TIMEOUT_SECONDS = 2


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("healthz: database check failed", exc_info=True)
        return False


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    """One client (with its connection pool) per process: a new client per check cost more CPU
    than the rest of ``/healthz`` together (a TCP connect and a package metadata lookup)."""
    return redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS)


def _redis_ok(url: str) -> bool:
    """Ask Redis itself (not the cache layer, which may hide errors) whether it answers."""
    try:
        return bool(_redis_client(url).ping())
    except Exception:
        logger.warning("healthz: Redis check failed", exc_info=True)
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every required part answers, 503 otherwise; Redis counts only when configured."""
    checks = {"database": "ok" if _database_ok() else "down"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_ok(settings.REDIS_URL) else "down"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)


def _metric_lines() -> list[str]:
    """Counters an operator alerts on; no personal data, no per-person labels."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from openjobcenter.notifications.models import OutboxMessage

    database = _database_ok()
    lines = [
        "# HELP openjobcenter_up Whether a dependency answers (1) or not (0).",
        "# TYPE openjobcenter_up gauge",
        f'openjobcenter_up{{component="database"}} {int(database)}',
    ]
    if settings.REDIS_URL:
        lines.append(f'openjobcenter_up{{component="redis"}} {int(_redis_ok(settings.REDIS_URL))}')
    if not database:
        return lines
    outbox = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    lines += [
        "# HELP openjobcenter_outbox_messages E-mails in the outbox by status (pending: waiting or retrying).",
        "# TYPE openjobcenter_outbox_messages gauge",
        *(
            f'openjobcenter_outbox_messages{{status="{s}"}} {outbox.get(s, 0)}'
            for s in ("pending", "sending", "failed")
        ),
    ]
    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    lines += [
        "# HELP openjobcenter_tasks Background tasks by status (READY: queued, not yet picked up).",
        "# TYPE openjobcenter_tasks gauge",
        *(f'openjobcenter_tasks{{status="{s}"}} {tasks.get(s, 0)}' for s in ("READY", "RUNNING", "FAILED")),
    ]
    return lines


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, only with ``Authorization: Bearer <METRICS_TOKEN>`` (else 404)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise Http404
    body = "\n".join(_metric_lines()) + "\n"
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")

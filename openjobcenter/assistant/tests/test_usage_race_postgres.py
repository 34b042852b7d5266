"""The outcome counter under a real race: many threads count the same key at once, each on its own
PostgreSQL connection. No increment may be lost, and the row is created exactly once.

SQLite runs one writer at a time, so a race there proves nothing: this needs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from openjobcenter.assistant.models import QuestionCount
from openjobcenter.assistant.services.usage import record_outcome
from openjobcenter.core.models import Jobcenter

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 16
ROUNDS = 5


def test_concurrent_counts_lose_nothing():
    jobcenter = Jobcenter.objects.create(slug="race", name="Jobcenter Race", phone="0", email="r@example.org")
    day = dt.date(2026, 12, 2)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(ROUNDS):
                record_outcome(jobcenter, {"reason": "answer", "language": "de", "topic": "payment-date"}, day=day)
        except BaseException as exc:  # checked below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    (row,) = QuestionCount.objects.for_tenant(jobcenter)
    assert row.count == THREADS * ROUNDS

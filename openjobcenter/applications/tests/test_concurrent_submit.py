"""Two submissions of one draft at the same moment (PostgreSQL, real row locks): one application."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from openjobcenter.applications.models import Application, Event, Status
from openjobcenter.applications.services.submission import AlreadySubmitted, submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_clicks_at_once_make_one_submission(aylin, draft):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            submit(draft, actor=aylin, key=uuid.uuid4())
            outcomes.append("submitted")
        except AlreadySubmitted:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "submitted"]
    assert Application.objects.for_tenant(aylin.jobcenter).exclude(status=Status.DRAFT).count() == 1
    assert Event.objects.filter(status=Status.SUBMITTED).count() == 1

"""Two writers on one chain at the same time (PostgreSQL: real row locks; SQLite is serial anyway)."""

import threading

import pytest
from django.db import connection, connections

from openjobcenter.audit.chain import seal, verify_chain
from openjobcenter.audit.models import AuditChainHead

from .helpers import add_changes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


@pytest.mark.django_db(transaction=True)
def test_two_threads_appending_50_entries_each_leave_a_valid_chain_of_100(demo, anja):
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer() -> None:
        try:
            start.wait()
            add_changes(50, actor=anja, jobcenter=demo)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert seal() == 100
    report = verify_chain(demo.pk, "demo")
    assert report.ok, report.problems
    assert report.checked == 100
    assert AuditChainHead.objects.get(jobcenter=demo).sequence == 100

"""Two counters never call the same ticket: many counters call at once, each thread on its own
PostgreSQL connection (``FOR UPDATE SKIP LOCKED`` and the conditional UPDATE as in production).

SQLite runs one writer at a time, so a race there proves nothing: these tests need PostgreSQL
(``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import threading
from collections import Counter as Tally
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from openjobcenter.accounts.models import User
from openjobcenter.reception.models import Counter, Ticket, TicketStatus
from openjobcenter.reception.services import queue

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

COUNTERS = 6
TICKETS = 24


def race(count: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run ``attempt(i)`` in ``count`` threads released at the same moment; results or exceptions."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            start.wait(timeout=10)
            results[i] = attempt(i)
        except BaseException as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


@pytest.fixture
def desks(demo, demo_location, zone) -> list[tuple[Counter, Any]]:
    """``COUNTERS`` counters in zone A, each with a member of staff sitting at it."""
    result = []
    for i in range(COUNTERS):
        desk = Counter.all_tenants.create(jobcenter=demo, location=demo_location, zone=zone, name=f"{i + 1}")
        person = User.objects.create(email=f"desk{i}@demo.example", jobcenter=demo, first_name=f"Desk {i}")
        queue.open_counter(desk, person)
        result.append((desk, person))
    return result


def test_counters_calling_at_once_call_every_ticket_exactly_once(demo_location, zone, desks):
    issued = [queue.issue_ticket(demo_location, zone=zone) for _ in range(TICKETS)]

    def work(i: int) -> list[int]:
        desk, person = desks[i]
        desk = Counter.all_tenants.select_related("zone", "jobcenter").get(pk=desk.pk)
        called = []
        while (ticket := queue.call_next(desk, person)) is not None:
            called.append(ticket.pk)
            assert ticket.counter_id == desk.pk
        return called

    results = race(COUNTERS, work)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    everything = [pk for called in results for pk in called]
    assert sorted(everything) == sorted(t.pk for t in issued), "each ticket called once, none twice, none lost"
    tickets = Ticket.all_tenants.filter(zone=zone)
    assert tickets.filter(status=TicketStatus.CALLED, call_count=1).count() == TICKETS
    by_counter = Tally(tickets.values_list("counter_id", flat=True))
    for (desk, _person), called in zip(desks, results, strict=True):
        assert by_counter.get(desk.pk, 0) == len(called)
    assert sum(1 for called in results if called) > 1, "more than one counter took part"


def test_two_counters_calling_the_same_ticket_one_wins_the_other_gets_409(demo_location, zone, desks):
    for _round in range(5):
        ticket = queue.issue_ticket(demo_location, zone=zone)

        def work(i: int, ticket: Ticket = ticket) -> Ticket:
            desk, person = desks[i]
            desk = Counter.all_tenants.select_related("zone", "jobcenter").get(pk=desk.pk)
            return queue.call_ticket(Ticket.all_tenants.get(pk=ticket.pk), desk, person)

        results = race(2, work)
        won = [r for r in results if isinstance(r, Ticket)]
        lost = [r for r in results if isinstance(r, queue.AlreadyCalled)]
        assert len(won) == 1 and len(lost) == 1, results
        assert lost[0].status == 409 and lost[0].code == "already_called"
        ticket.refresh_from_db()
        assert ticket.call_count == 1 and ticket.counter_id == won[0].counter_id
        Ticket.all_tenants.filter(pk=ticket.pk).update(status=TicketStatus.DONE)

"""Never oversold: many threads enrol for the last seats at once, each on its own PostgreSQL
connection, through the real service (the course row lock and the unique seat constraint as in
production); concurrent cancellations move the waiting list up without giving a seat twice.

SQLite runs one writer at a time, so a race there proves nothing: these tests need PostgreSQL
(``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from conftest import make_user
from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.models import Case, HouseholdRole, Membership
from openjobcenter.learning.models import Course, Enrolment, EnrolmentStatus
from openjobcenter.learning.services import enrolment as svc
from openjobcenter.learning.services.errors import LearningError

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


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
def many_clients(demo, demo_team) -> list[User]:
    people = []
    for i in range(THREADS):
        person = make_user(f"race{i}@example.org", Role.CLIENT, jobcenter=demo, name=f"Race{i} Person")
        case = Case.objects.create_for_tenant(demo, customer_number=f"12345BG09{i:02d}", team=demo_team)
        Membership.objects.create(case=case, person=person, role=HouseholdRole.HEAD)
        people.append(person)
    return people


def assert_consistent(course: Course) -> None:
    course.refresh_from_db()
    confirmed = Enrolment.objects.for_tenant(course.jobcenter).filter(course=course, status=EnrolmentStatus.CONFIRMED)
    assert course.confirmed == confirmed.count() <= course.seats
    seats = list(confirmed.values_list("seat", flat=True))
    assert len(set(seats)) == len(seats) and all(s is not None and 1 <= s <= course.seats for s in seats)


def test_twenty_people_assigned_at_once_get_exactly_the_free_seats(bernd, course, many_clients):
    def attempt(i: int) -> Enrolment:
        # Each thread reads its own objects, as each request does.
        return svc.assign(
            User.objects.get(pk=bernd.pk),
            Course.objects.for_tenant(course.jobcenter_id).get(pk=course.pk),
            User.objects.get(pk=many_clients[i].pk),
        )

    results = race(THREADS, attempt)
    unexpected = [r for r in results if isinstance(r, BaseException)]
    assert unexpected == []
    assert Counter(r.status for r in results) == {"confirmed": course.seats, "waiting": THREADS - course.seats}
    assert_consistent(course)


def test_requests_confirmed_at_once_never_oversell(bernd, course, many_clients):
    requests = [svc.request_place(person, course) for person in many_clients]

    def attempt(i: int) -> Enrolment:
        return svc.confirm(User.objects.get(pk=bernd.pk), Enrolment.objects.for_tenant(course.jobcenter_id).get(
            pk=requests[i].pk))  # fmt: skip

    results = race(THREADS, attempt)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert Counter(r.status for r in results) == {"confirmed": course.seats, "waiting": THREADS - course.seats}
    assert_consistent(course)


def test_cancellations_at_once_move_each_waiting_person_up_once(bernd, course, many_clients):
    placed = [svc.assign(bernd, course, person) for person in many_clients[:8]]
    holders, waiting = placed[: course.seats], placed[course.seats :]

    def attempt(i: int) -> Enrolment:
        person = User.objects.get(pk=holders[i].person_id)
        return svc.cancel(person, Enrolment.objects.for_tenant(course.jobcenter_id).get(pk=holders[i].pk))

    results = race(len(holders), attempt)
    assert [r for r in results if isinstance(r, (BaseException, LearningError))] == []
    statuses = [Enrolment.objects.for_tenant(course.jobcenter).get(pk=e.pk).status for e in waiting]
    assert statuses[: course.seats] == ["confirmed"] * course.seats, "the first in line move up, in order"
    assert statuses[course.seats :] == ["waiting"] * (len(waiting) - course.seats)
    assert_consistent(course)

"""Waiting times are computed once for many readers, yet every change of the queue shows at once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from openjobcenter.reception.services import queue
from openjobcenter.reception.services.estimate import waiting_times_body


def waiting(location_id: int) -> int:
    return int(waiting_times_body(location_id)["zones"][0]["waiting"])


def test_a_second_reader_gets_the_figures_without_queries(demo_location, zone, counter, emre):
    queue.open_counter(counter, emre)
    first = waiting_times_body(demo_location.pk)
    with CaptureQueriesContext(connection) as captured:
        assert waiting_times_body(demo_location.pk) == first
    assert len(captured) == 0


def test_a_new_ticket_and_a_call_show_at_once(demo_location, zone, counter, emre):
    queue.open_counter(counter, emre)
    assert waiting(demo_location.pk) == 0
    queue.issue_ticket(demo_location, zone=zone)
    queue.issue_ticket(demo_location, zone=zone)
    assert waiting(demo_location.pk) == 2
    queue.call_next(counter, emre)
    assert waiting(demo_location.pk) == 1


def test_zone_names_are_in_the_readers_language(demo_location, zone):
    with translation.override("de"):
        german = waiting_times_body(demo_location.pk)["zones"][0]["name"]
    with translation.override("ar"):
        arabic = waiting_times_body(demo_location.pk)["zones"][0]["name"]
    assert german == "Anmeldung" and arabic == "التسجيل"

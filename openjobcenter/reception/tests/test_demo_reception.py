"""The queue demo: realistic history for the estimator, today's queue, Emre at a counter; loaded once."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.db.models import Count
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.core.demo import load_demo
from openjobcenter.core.models import Jobcenter, ReceptionZone
from openjobcenter.reception import demo as reception_demo
from openjobcenter.reception.models import Counter, CounterSession, Ticket, TicketStatus, ZoneSettings
from openjobcenter.reception.services.estimate import waiting_times_body
from openjobcenter.reception.services.queue import current_counter

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    load_demo()
    return Jobcenter.objects.get(slug="demo"), Jobcenter.objects.get(slug="nord")


def _state():
    return {
        "settings": sorted(ZoneSettings.all_tenants.values_list("pk", "is_open", "remote_join", "concerns")),
        "counters": sorted(Counter.all_tenants.values_list("pk", "zone", "name", "is_active")),
        "tickets": Ticket.all_tenants.count(),
        "days": sorted(Ticket.all_tenants.values_list("zone", "day").annotate(n=Count("id"))),
        "sessions": sorted(CounterSession.all_tenants.filter(closed_at__isnull=True).values_list("counter", "staff")),
    }


def test_loading_twice_changes_nothing(demo_data, django_assert_max_num_queries):
    before = _state()
    assert all(before.values())
    created = load_demo()
    assert created["counters"] == created["history_tickets"] == created["tickets_today"] == 0
    assert _state() == before
    # Loading the queue demo alone is fast: thousands of tickets in a few bulk inserts (about 1.5 s on an
    # idle machine; timed here by its queries, as wall-clock time on a busy test machine says little).
    Ticket.all_tenants.all().delete()
    with django_assert_max_num_queries(250):
        created = reception_demo.load_demo_reception()
    assert created["history_tickets"] > 3000


def test_the_demo_content(demo_data):
    """Everything the estimator, the staff pages and the public pages need, in one load (it is slow)."""
    _zones_have_settings_and_counters()
    _four_weeks_of_history_with_service_times_that_vary_by_concern()
    _todays_queue_with_emre_at_counter_1(demo_data[0])


def _zones_have_settings_and_counters():
    zones = ReceptionZone.all_tenants.all()
    assert zones.count() == 5
    for zone in zones:
        settings = ZoneSettings.all_tenants.get(zone=zone)
        assert settings.is_open
        assert 3 <= Counter.all_tenants.filter(zone=zone, is_active=True).count() <= 4
    main_a = ZoneSettings.all_tenants.get(zone__code="A", zone__location__name="Hauptstelle Mitte")
    assert main_a.remote_join
    assert {concern.name["de"] for concern in main_a.concerns.all()} >= {reception_demo.JOB_SEARCH}
    assert not ZoneSettings.all_tenants.get(zone__code="S").remote_join
    # Concerns belong to the zone's Jobcenter.
    for settings in ZoneSettings.all_tenants.all():
        assert all(concern.jobcenter_id == settings.jobcenter_id for concern in settings.concerns.all())


def _four_weeks_of_history_with_service_times_that_vary_by_concern():
    today = timezone.localdate()
    history = Ticket.all_tenants.filter(day__lt=today)
    days = set(history.values_list("day", flat=True))
    assert min(days) >= today - dt.timedelta(days=reception_demo.HISTORY_DAYS)
    assert len(days) >= 15 and all(day.weekday() < 5 for day in days)
    done = history.filter(status=TicketStatus.DONE)
    no_shows = history.filter(status=TicketStatus.NO_SHOW)
    assert 0.02 < no_shows.count() / history.count() < 0.12
    assert all(ticket.call_count == 2 for ticket in no_shows[:50])
    by_concern: dict[str, list[float]] = {}
    for ticket in done.select_related("concern").filter(zone__code="B"):
        called, started, finished = ticket.called_at, ticket.service_started_at, ticket.finished_at
        assert called and started and finished and ticket.concern
        assert ticket.queued_at <= called <= started < finished
        assert ticket.created_at == ticket.queued_at
        by_concern.setdefault(ticket.concern.name["de"], []).append((finished - started).total_seconds() / 60)
    documents = statistics.median(by_concern[reception_demo.DOCUMENTS])
    benefits = statistics.median(by_concern[reception_demo.BENEFITS])
    assert documents < benefits  # handing in documents is quicker than questions about benefits
    # Tickets hold no names.
    assert {field.name for field in Ticket._meta.get_fields()}.isdisjoint({"name", "email", "phone"})


def _todays_queue_with_emre_at_counter_1(demo):
    today = timezone.localdate()
    emre = User.objects.get(email="empfang@demo.example")
    counter = current_counter(emre, demo)
    assert counter is not None and counter.name == "1" and counter.zone.code == "A"
    todays = Ticket.objects.for_tenant(demo).filter(day=today)
    assert todays.filter(status=TicketStatus.WAITING).count() >= 5
    called = todays.get(status=TicketStatus.CALLED)
    assert called.counter == counter
    # The public waiting times have an estimate for zone A, where counters are open.
    body = waiting_times_body(counter.location_id)
    zone_a = next(zone for zone in body["zones"] if zone["zone"] == "A")
    assert zone_a["waiting"] >= 4 and zone_a["open_counters"] == 2
    assert zone_a["estimated_wait_range"] is not None

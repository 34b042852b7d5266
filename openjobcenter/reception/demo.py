"""Demo data for the walk-in queue: zone settings, counters, four weeks of history and today's queue.

The history is a simulation of ordinary working days: people arrive most at opening time, each
zone has two to four counters open, service times per concern follow a log-normal distribution
(most are short, a few take long) and some people do not come when called. The estimator learns
from it, and the figures page has something to show. Today: a few people wait, one was just
called, Emre (reception) sits at counter 1 and Tanja (team lead) at counter 2 of zone A at the main
office; zone B has nobody at a counter.

Idempotent: settings and counters are updated in place, history is only made for days that have no
tickets yet, and today's queue only when the zone has no tickets today. Called by the demo loader
after the Jobcenters, locations, personas and concerns exist. Tickets hold no names.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import Concern
from openjobcenter.appointments.services.slots import local_dt, public_holiday
from openjobcenter.core.models import Jobcenter, ReceptionZone
from openjobcenter.reception.models import (
    Counter,
    CounterSession,
    Priority,
    Ticket,
    TicketSource,
    TicketStatus,
    ZoneSettings,
)

HISTORY_DAYS = 28
# How much busier a weekday is than an average day (Monday after the weekend is the busiest).
WEEKDAY_LOAD = {0: 1.3, 1: 1.0, 2: 0.8, 3: 1.1, 4: 0.7}
# Opening hours of the demo locations (core.demo): every morning, Thursday also afternoon.
MORNING = (dt.time(8, 0), dt.time(12, 30))
THURSDAY_AFTERNOON = (dt.time(14, 0), dt.time(18, 0))
NO_SHOW_SHARE = 0.06
LANGUAGES = ("de",) * 14 + ("tr", "tr", "ar", "ar", "uk", "ru", "en")

FIRST_ADVICE = "Erstberatung und Meldung als arbeitsuchend"
JOB_SEARCH = "Beratung zur Arbeitsuche"
BENEFITS = "Fragen zu Ihrem Antrag auf Grundsicherungsgeld"
DOCUMENTS = "Unterlagen abgeben"
QUALIFICATION = "Beratung zu Weiterbildung und Qualifizierung"

# Mean service minutes and coefficient of variation per concern (German name).
SERVICE: dict[str, tuple[float, float]] = {
    FIRST_ADVICE: (18.0, 0.5),
    JOB_SEARCH: (12.0, 0.6),
    BENEFITS: (9.0, 0.7),
    DOCUMENTS: (4.0, 0.5),
    QUALIFICATION: (15.0, 0.5),
}
FALLBACK_SERVICE = (10.0, 0.6)


@dataclass(frozen=True)
class DemoZone:
    jobcenter: str
    location: str
    code: str
    concerns: tuple[str, ...]  # German names; the first ones are the most frequent
    counters: tuple[str, ...]
    arrivals_per_hour: float
    open_counters: int  # on an ordinary day
    default_service_minutes: int
    remote_join: bool = False


ZONES: tuple[DemoZone, ...] = (
    DemoZone("demo", "Hauptstelle Mitte", "A", (JOB_SEARCH, FIRST_ADVICE, QUALIFICATION), ("1", "2", "3", "4"), 9, 3, 14,
             remote_join=True),
    DemoZone("demo", "Hauptstelle Mitte", "B", (BENEFITS, DOCUMENTS), ("5", "6", "7"), 9, 2, 8, remote_join=True),
    DemoZone("demo", "Geschäftsstelle Süd", "S", (JOB_SEARCH, BENEFITS, DOCUMENTS, FIRST_ADVICE), ("1", "2", "3"), 5, 2,
             10),
    DemoZone("demo", "Geschäftsstelle West", "W", (BENEFITS, DOCUMENTS, JOB_SEARCH), ("1", "2", "3"), 4, 2, 10),
    DemoZone("nord", "Hauptstelle Nordhafen", "N", (), ("1", "2", "3"), 5, 2, 12),
)  # fmt: skip


# Who sits where today: (e-mail, location, zone code, counter name).
SEATS = (
    ("empfang@demo.example", "Hauptstelle Mitte", "A", "1"),
    ("teamleitung@demo.example", "Hauptstelle Mitte", "A", "2"),
)
# Today's queue per zone code: people served this morning, one just called, people waiting.
# Zone B has nobody at a counter just now: the public page says so instead of guessing.
TODAY = {"A": (6, True, 4), "B": (4, False, 3), "S": (2, False, 1)}


def load_demo_reception() -> dict[str, int]:
    """Load the queue demo into the demo Jobcenters that exist; returns what was created."""
    created = {"counters": 0, "history_tickets": 0, "tickets_today": 0}
    today = timezone.localdate()
    for spec in ZONES:
        jobcenter = Jobcenter.objects.filter(slug=spec.jobcenter).first()
        zone = (
            ReceptionZone.objects.for_tenant(jobcenter).filter(location__name=spec.location, code=spec.code).first()
            if jobcenter
            else None
        )
        if jobcenter is None or zone is None:
            continue
        concerns = _concerns(jobcenter, spec)
        _settings(zone, spec, concerns)
        counters, new = _counters(zone, spec)
        created["counters"] += new
        created["history_tickets"] += _history(zone, spec, concerns, counters, today)
        created["tickets_today"] += _today(zone, spec, concerns, counters, today)
    _seats()
    return created


def _concerns(jobcenter: Jobcenter, spec: DemoZone) -> list[Concern]:
    by_name = {concern.name.get("de"): concern for concern in Concern.objects.for_tenant(jobcenter)}
    if not spec.concerns:  # a zone for everything
        return list(by_name.values())
    return [by_name[name] for name in spec.concerns if name in by_name]


def _settings(zone: ReceptionZone, spec: DemoZone, concerns: list[Concern]) -> None:
    settings, _created = ZoneSettings.all_tenants.update_or_create(
        jobcenter_id=zone.jobcenter_id,
        zone=zone,
        defaults={
            "is_open": True,
            "remote_join": spec.remote_join,
            "default_service_minutes": spec.default_service_minutes,
        },
    )
    settings.concerns.set(concerns if spec.concerns else [])


def _counters(zone: ReceptionZone, spec: DemoZone) -> tuple[list[Counter], int]:
    counters, new = [], 0
    for name in spec.counters:
        counter, was_created = Counter.all_tenants.get_or_create(
            jobcenter_id=zone.jobcenter_id, zone=zone, name=name, defaults={"location_id": zone.location_id}
        )
        counters.append(counter)
        new += was_created
    return counters, new


def _service_minutes(rng: random.Random, concern: Concern | None) -> float:
    mean, cv = SERVICE.get(concern.name.get("de", "") if concern else "", FALLBACK_SERVICE)
    sigma = math.sqrt(math.log(1 + cv * cv))
    return max(1.0, rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma))


def _arrivals(rng: random.Random, day: dt.date, per_hour: float) -> list[dt.datetime]:
    """Arrival times of one day: a rush at opening, quieter towards closing."""
    periods = [MORNING] + ([THURSDAY_AFTERNOON] if day.weekday() == 3 else [])
    times: list[dt.datetime] = []
    for opens, closes in periods:
        now = local_dt(day, opens) - dt.timedelta(minutes=10)  # some queue before the doors open
        end = local_dt(day, closes) - dt.timedelta(minutes=15)
        while True:
            minutes_open = (now - local_dt(day, opens)).total_seconds() / 60
            rush = 1.5 if minutes_open < 90 else (1.0 if minutes_open < 180 else 0.6)
            rate = per_hour * WEEKDAY_LOAD.get(day.weekday(), 1.0) * rush / 60  # per minute
            now += dt.timedelta(minutes=rng.expovariate(rate))
            if now >= end:
                break
            times.append(now)
    return times


def _ticket(zone: ReceptionZone, day: dt.date, sequence: int, **fields: object) -> Ticket:
    return Ticket(
        jobcenter_id=zone.jobcenter_id,
        location_id=zone.location_id,
        zone=zone,
        day=day,
        sequence=sequence,
        number=f"{zone.code}{sequence:03d}",
        token=secrets.token_urlsafe(24),
        **fields,
    )


def _history(
    zone: ReceptionZone, spec: DemoZone, concerns: list[Concern], counters: list[Counter], today: dt.date
) -> int:
    first = today - dt.timedelta(days=HISTORY_DAYS)
    done_days = set(
        Ticket.objects.for_tenant(zone.jobcenter_id)
        .filter(zone=zone, day__gte=first, day__lt=today)
        .values_list("day", flat=True)
        .distinct()
    )
    tickets: list[Ticket] = []
    for offset in range(HISTORY_DAYS, 0, -1):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5 or day in done_days or public_holiday(zone.jobcenter, day):
            continue
        rng = random.Random(f"{zone.jobcenter_id}-{zone.code}-{day.isoformat()}")
        tickets.extend(_simulate_day(rng, zone, spec, concerns, counters, day))
    if tickets:
        Ticket.all_tenants.bulk_create(tickets, batch_size=500)
        _created_when_queued(zone, first, today)
    return len(tickets)


def _simulate_day(
    rng: random.Random,
    zone: ReceptionZone,
    spec: DemoZone,
    concerns: list[Concern],
    counters: list[Counter],
    day: dt.date,
) -> list[Ticket]:
    """First come, first served at the counters open that day."""
    open_count = max(2, min(len(counters), spec.open_counters + rng.choice((-1, 0, 0, 0, 1))))
    free_at = [local_dt(day, MORNING[0]) for _ in range(open_count)]
    weights = [1.0 / (rank + 1) for rank in range(len(concerns))]
    tickets = []
    for sequence, arrival in enumerate(_arrivals(rng, day, spec.arrivals_per_hour), start=1):
        desk = min(range(open_count), key=free_at.__getitem__)
        called_at = max(arrival, free_at[desk]) + dt.timedelta(seconds=rng.randint(10, 90))
        concern = rng.choices(concerns, weights)[0] if concerns else None
        wait = (called_at - arrival).total_seconds() / 60
        with_appointment = rng.random() < 0.12
        fields: dict[str, object] = {
            "concern": concern,
            "priority": Priority.APPOINTMENT if with_appointment else Priority.NORMAL,
            "source": TicketSource.CHECK_IN
            if with_appointment
            else rng.choices(
                (TicketSource.KIOSK, TicketSource.RECEPTION, TicketSource.REMOTE), (0.8, 0.12, 0.08 * spec.remote_join)
            )[0],
            "language": rng.choice(LANGUAGES),
            "queued_at": arrival,
            "called_at": called_at,
            "counter": counters[desk],
            "estimate_minutes": max(0, round(wait * rng.uniform(0.7, 1.3) + rng.gauss(0, 3))),
        }
        if rng.random() < NO_SHOW_SHARE:
            # Called twice, then marked as not come.
            fields.update(status=TicketStatus.NO_SHOW, call_count=2, finished_at=called_at + dt.timedelta(minutes=4))
            free_at[desk] = called_at + dt.timedelta(minutes=4)
        else:
            started = called_at + dt.timedelta(seconds=rng.randint(30, 120))
            finished = started + dt.timedelta(minutes=_service_minutes(rng, concern))
            fields.update(status=TicketStatus.DONE, call_count=1, service_started_at=started, finished_at=finished)
            free_at[desk] = finished
        tickets.append(_ticket(zone, day, sequence, **fields))
    return tickets


def _created_when_queued(zone: ReceptionZone, first: dt.date, last: dt.date) -> None:
    """``created_at`` is set to "now" on insert; in the demo, a ticket was drawn when it queued."""
    Ticket.objects.for_tenant(zone.jobcenter_id).filter(zone=zone, day__gte=first, day__lte=last).exclude(
        created_at=F("queued_at")
    ).update(created_at=F("queued_at"))


def _today(
    zone: ReceptionZone, spec: DemoZone, concerns: list[Concern], counters: list[Counter], today: dt.date
) -> int:
    served, one_called, waiting = TODAY.get(spec.code, (0, False, 0)) if spec.jobcenter == "demo" else (0, False, 0)
    if not (served or one_called or waiting):
        return 0
    if Ticket.objects.for_tenant(zone.jobcenter_id).filter(zone=zone, day=today).exists():
        return 0
    rng = random.Random(f"{zone.jobcenter_id}-{zone.code}-today")
    now = timezone.now()
    tickets, sequence = [], 0
    # This morning's: served one after another at the first counter, ending a few minutes ago.
    for index in range(served):
        sequence += 1
        finished = now - dt.timedelta(minutes=6 + 9 * (served - 1 - index))
        started = finished - dt.timedelta(minutes=7)
        tickets.append(
            _ticket(
                zone,
                today,
                sequence,
                concern=concerns[index % len(concerns)] if concerns else None,
                status=TicketStatus.DONE,
                source=TicketSource.KIOSK,
                queued_at=started - dt.timedelta(minutes=rng.randint(5, 20)),
                called_at=started - dt.timedelta(minutes=1),
                call_count=1,
                counter=counters[index % 2],
                service_started_at=started,
                finished_at=finished,
            )
        )
    if one_called:
        sequence += 1
        tickets.append(
            _ticket(
                zone,
                today,
                sequence,
                concern=concerns[0] if concerns else None,
                status=TicketStatus.CALLED,
                source=TicketSource.KIOSK,
                queued_at=now - dt.timedelta(minutes=18),
                called_at=now - dt.timedelta(minutes=1),
                call_count=1,
                counter=counters[0],
            )
        )
    for index in range(waiting):
        sequence += 1
        appointment = index == waiting - 1 and waiting > 2
        tickets.append(
            _ticket(
                zone,
                today,
                sequence,
                concern=concerns[(index + 1) % len(concerns)] if concerns else None,
                status=TicketStatus.WAITING,
                source=TicketSource.CHECK_IN if appointment else TicketSource.KIOSK,
                priority=Priority.APPOINTMENT if appointment else Priority.NORMAL,
                language=("de", "ar", "tr", "uk", "de")[index % 5],
                queued_at=now - dt.timedelta(minutes=15 - 3 * index),
            )
        )
    Ticket.all_tenants.bulk_create(tickets)
    _created_when_queued(zone, today, today)
    return len(tickets)


def _seats() -> None:
    """Open the demo staff's counter sessions (once; a session left open stays)."""
    for email, location, code, name in SEATS:
        staff = User.objects.filter(email=email, is_active=True).select_related("jobcenter").first()
        if staff is None or staff.jobcenter is None:
            continue
        counter = (
            Counter.objects.for_tenant(staff.jobcenter)
            .filter(zone__location__name=location, zone__code=code, name=name)
            .first()
        )
        if counter is None:
            continue
        sessions = CounterSession.objects.for_tenant(staff.jobcenter).filter(closed_at__isnull=True)
        if sessions.filter(staff=staff, counter=counter).exists():
            continue
        sessions.filter(staff=staff).update(closed_at=timezone.now())
        sessions.filter(counter=counter).update(closed_at=timezone.now())
        CounterSession.objects.create_for_tenant(staff.jobcenter, counter=counter, staff=staff)

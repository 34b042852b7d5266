#!/usr/bin/env python
"""Booking benchmark (issue 3): throughput, latency, no double bookings, slot search.

Runs against PostgreSQL with the app served by uvicorn with two worker processes, as in
production, and prints every figure beside a baseline measured in the same run:

1. Many concurrent clients book DISTINCT slots through ``POST /api/v1/<slug>/appointments/bookings``:
   bookings per second, p50 and p99 latency. Baseline: the same number of single-row INSERT
   transactions sent directly with psycopg at the same concurrency.
2. 200 concurrent requests for 10 slots: the count of 201 and 409 answers, and a check in the
   database that exactly 10 bookings exist and no slot holds more than its capacity.
3. Slot search: a four-week view of one location with 50 staff (``bookable_slots`` +
   ``free_times`` in-process, and ``GET …/slots`` over HTTP): p50 and p95.

The database (default ``oj_bench``) is dropped and created anew at the start and left behind
for inspection. The server processes are stopped on exit, on Ctrl-C and when the time limit
(``--max-seconds``) is reached. Usage: ``.venv/bin/python bench/booking.py [--help]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench"
BOOKINGS_PATH = f"/api/v1/{SLUG}/appointments/bookings"
SLOTS_PATH = f"/api/v1/{SLUG}/appointments/slots"
TARGETS = {"bookings_per_second": 300.0, "p99_ms": 250.0, "search_p95_ms": 50.0}


class TimeLimitReached(Exception):
    pass


# --- Figures ----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Run:
    """One measured batch: its wall time and the latency of each operation in seconds."""

    label: str
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int | str] = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if status in (200, 201, "ok"))

    @property
    def rate(self) -> float:
        return self.ok / self.wall if self.wall else math.nan

    def ms(self, share: float) -> float:
        return percentile(self.latencies, share) * 1000

    def line(self) -> str:
        return (
            f"{self.label:<38} {self.ok:>6} ok in {self.wall:6.2f} s  {self.rate:8.1f}/s  "
            f"p50 {self.ms(0.50):7.1f} ms  p99 {self.ms(0.99):7.1f} ms"
        )


# --- Database and Django ----------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def reset_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to reset the database {name!r}: give a benchmark database in --database-url")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_environment(url: str, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=url,
        DEMO="on",
        DEBUG="off",
        RATELIMITS="off",
        BOOKING_CHALLENGE="off",
        SIGNIN_THROTTLING="off",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    env.pop("OJC_TESTING", None)
    env.pop("REDIS_URL", None)
    return env


def setup_django(url: str, settings: str) -> None:
    os.environ.update(server_environment(url, settings))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Fixture:
    jobcenter_id: int
    location_id: int
    concern_id: int
    staff: int
    slots: int


def seed(*, staff_count: int) -> Fixture:
    """One Jobcenter, one location, one concern served by one team of ``staff_count`` advisors
    working Monday to Friday 8–16 in 30-minute slots; the slots come from ``reconcile_slots``."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from openjobcenter.accounts.models import User
    from openjobcenter.appointments.models import BookingPolicy, Concern, Slot, WorkingHours
    from openjobcenter.appointments.services.slots import reconcile_slots
    from openjobcenter.core.models import Jobcenter, Location, Team

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    jobcenter = Jobcenter.objects.create(
        slug=SLUG, name="Jobcenter Lasttest", street="Messeweg 1", postal_code="40474", city="Düsseldorf",
        phone="0211 000-0", email="kontakt@lasttest.example",
    )  # fmt: skip
    location = Location.all_tenants.create(
        jobcenter=jobcenter, name="Hauptstelle", street="Messeweg 1", postal_code="40474", city="Düsseldorf"
    )
    team = Team.all_tenants.create(jobcenter=jobcenter, name="Markt und Integration")
    unusable = make_password(None)
    User.objects.bulk_create(
        User(
            email=f"berater{i:03d}@lasttest.example", first_name="Berater", last_name=f"{i:03d}",
            jobcenter=jobcenter, team=team, password=unusable,
        )
        for i in range(staff_count)
    )  # fmt: skip
    staff = list(User.objects.filter(jobcenter=jobcenter).order_by("pk"))
    valid_from = timezone.localdate() - dt.timedelta(days=7)
    WorkingHours.all_tenants.bulk_create(
        WorkingHours(
            jobcenter=jobcenter, staff=member, location=location, weekday=weekday, starts=dt.time(8),
            ends=dt.time(16), channels=["in_person", "phone", "video"], valid_from=valid_from,
        )
        for member in staff
        for weekday in range(5)
    )  # fmt: skip
    concern = Concern.all_tenants.create(
        jobcenter=jobcenter, name={"de": "Beratung zur Arbeitsuche", "en": "Job search advice"},
        duration_minutes=30, channels=["in_person", "phone", "video"], min_lead_minutes=60, booking_horizon_days=42,
    )  # fmt: skip
    concern.teams.add(team)
    BookingPolicy.all_tenants.create(
        jobcenter=jobcenter, challenge=BookingPolicy.Challenge.OFF, max_open_bookings_per_email=3
    )
    reconcile_slots(jobcenter)
    # As autovacuum would within a minute or so: without statistics the planner misjudges the slot search.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return Fixture(
        jobcenter_id=jobcenter.pk,
        location_id=location.pk,
        concern_id=concern.pk,
        staff=len(staff),
        slots=Slot.objects.for_tenant(jobcenter).count(),
    )


def free_slot_ids(fx: Fixture, count: int, *, skip: int = 0) -> list[int]:
    """``count`` bookable slots, each at a different time or with a different advisor."""
    from openjobcenter.appointments.models import Concern
    from openjobcenter.appointments.services.slots import bookable_slots
    from openjobcenter.core.models import Jobcenter

    jobcenter = Jobcenter.objects.get(pk=fx.jobcenter_id)
    concern = Concern.objects.for_tenant(jobcenter).get(pk=fx.concern_id)
    ids = list(
        bookable_slots(jobcenter, concern, "in_person", location=fx.location_id)
        .order_by("start", "pk")
        .values_list("pk", flat=True)[skip : skip + count]
    )
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} free slots, {count} needed: use more --staff or fewer --bookings")
    return ids


def lonely_slot_ids(fx: Fixture, count: int) -> list[int]:
    """``count`` slots at different times late in the horizon, the other advisors' slots at those
    times blocked (as by an absence): a request that loses the race has no free desk to fall back on."""
    from openjobcenter.appointments.models import Concern, Slot
    from openjobcenter.appointments.services.slots import bookable_slots
    from openjobcenter.core.models import Jobcenter

    jobcenter = Jobcenter.objects.get(pk=fx.jobcenter_id)
    concern = Concern.objects.for_tenant(jobcenter).get(pk=fx.concern_id)
    chosen: dict[dt.datetime, int] = {}
    rows = bookable_slots(jobcenter, concern, "in_person", location=fx.location_id).order_by("-start", "pk")
    for pk, start in rows.values_list("pk", "start").iterator():
        chosen.setdefault(start, pk)
        if len(chosen) == count:
            break
    Slot.objects.for_tenant(jobcenter).filter(location_id=fx.location_id, start__in=list(chosen)).exclude(
        pk__in=chosen.values()
    ).update(blocked=True)
    return list(chosen.values())


@dataclass
class RaceCheck:
    bookings_on_slots: int
    slots_with_one: int
    overbooked_slots: int
    counter_mismatches: int
    duplicate_seats: int


def check_race(fx: Fixture, slot_ids: list[int]) -> RaceCheck:
    """What the database holds after the race: no slot over capacity, counters equal bookings."""
    from django.db import connection
    from django.db.models import Count, F, Q

    from openjobcenter.appointments.models import SEAT_HOLDING, Booking, Slot
    from openjobcenter.core.models import Jobcenter

    jobcenter = Jobcenter.objects.get(pk=fx.jobcenter_id)
    holding = Booking.objects.for_tenant(jobcenter).filter(status__in=SEAT_HOLDING)
    on_slots = holding.filter(slot_id__in=slot_ids)
    per_slot = Counter(on_slots.values_list("slot_id", flat=True))
    slots = Slot.objects.for_tenant(jobcenter).annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=SEAT_HOLDING))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT slot_id, seat FROM appointments_booking "
            "WHERE status = ANY(%s) GROUP BY slot_id, seat HAVING count(*) > 1) d",
            [list(SEAT_HOLDING)],
        )
        duplicates = cursor.fetchone()[0]
    return RaceCheck(
        bookings_on_slots=on_slots.count(),
        slots_with_one=sum(1 for slot_id in slot_ids if per_slot[slot_id] == 1),
        overbooked_slots=slots.filter(booked__gt=F("capacity")).count()
        + slots.filter(holding__gt=F("capacity")).count(),
        counter_mismatches=slots.exclude(booked=F("holding")).count(),
        duplicate_seats=duplicates,
    )


def search_in_process(fx: Fixture, runs: int) -> tuple[Run, int]:
    """The four-week view as a request computes it: the concern, then its free times."""
    from django.db import close_old_connections
    from django.utils import timezone

    from openjobcenter.appointments.models import Concern
    from openjobcenter.appointments.services.slots import bookable_slots, free_times
    from openjobcenter.core.models import Jobcenter

    close_old_connections()
    jobcenter = Jobcenter.objects.get(pk=fx.jobcenter_id)
    first = timezone.localdate()
    last = first + dt.timedelta(days=27)
    run = Run("slot search, in-process (28 days)")
    found = 0
    started = time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        concern = Concern.objects.for_tenant(jobcenter).get(pk=fx.concern_id)
        times = free_times(
            bookable_slots(jobcenter, concern, "in_person", location=fx.location_id, date_from=first, date_to=last)
        )
        run.latencies.append(time.perf_counter() - t0)
        run.statuses["ok"] += 1
        found = len(times)
    run.wall = time.perf_counter() - started
    return run, found


# --- Where the CPU went -------------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after it.
    return text[text.rindex(")") + 2 :].split()


def _comm(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _cpu_times() -> dict[str, float]:
    """CPU seconds so far: per process group and of PostgreSQL (living processes plus reaped backends)."""
    groups: dict[str, float] = {}
    postgres = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or (fields := _stat(entry.name)) is None:
            continue
        own = (int(fields[11]) + int(fields[12])) / TICKS
        groups[fields[2]] = groups.get(fields[2], 0.0) + own
        name = _comm(entry.name)
        if name == "postgres":
            postgres += own
            if _comm(fields[1]) != "postgres":  # the postmaster: add its reaped backends
                postgres += (int(fields[13]) + int(fields[14])) / TICKS
    return {"postgres": postgres, **groups}


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = sum(values[:3]) + values[5] + values[6]
    return busy / TICKS, (busy + values[3] + values[4]) / TICKS


@dataclass
class CpuUse:
    """CPU seconds spent during one phase by the server, PostgreSQL, this script and the rest."""

    server: float
    postgres: float
    client: float
    other: float
    capacity: float

    def per(self, count: int) -> str:
        def ms(seconds: float) -> str:
            return f"{seconds * 1000 / max(count, 1):.1f} ms"

        busy = self.server + self.postgres + self.client + self.other
        return (
            f"CPU per operation: server {ms(self.server)}, PostgreSQL {ms(self.postgres)}, "
            f"load client {ms(self.client)}, other processes {ms(self.other)}; "
            f"machine {busy / self.capacity:.0%} busy"
        )

    def idle_machine_rate(self, count: int) -> float:
        """Operations per second if server and PostgreSQL had every core to themselves (CPU-bound)."""
        own = self.server + self.postgres + self.client
        return (os.cpu_count() or 1) * count / own if own else math.nan


@contextmanager
def cpu_use(server_group: int, into: list[CpuUse]) -> Iterator[None]:
    if not Path("/proc/stat").exists():
        yield
        return
    me = str(os.getpgrp())
    before, busy_before, wall_before = _cpu_times(), *_machine_busy()
    yield
    after, busy_after, wall_after = _cpu_times(), *_machine_busy()

    def spent(key: str) -> float:
        return after.get(key, 0.0) - before.get(key, 0.0)

    server, postgres, client = spent(str(server_group)), spent("postgres"), spent(me)
    busy = busy_after - busy_before
    into.append(CpuUse(server, postgres, client, max(0.0, busy - server - postgres - client), wall_after - wall_before))


# --- What the database sessions were doing ----------------------------------------------------------


class SessionSampler:
    """Samples ``pg_stat_activity`` of the benchmark database every 50 ms while a phase runs.

    "idle in transaction" means a transaction is open while the app does Python work (or waits
    for the GIL); "waiting for a lock on X" means a row of table X is locked by another booking.
    """

    def __init__(self, url: str) -> None:
        import threading

        self.url = url
        self.samples = 0
        self.states: Counter[str] = Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self) -> SessionSampler:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def run(self) -> None:
        import re

        import psycopg

        table = re.compile(r'(?:FROM|UPDATE|INTO)\s+"(\w+)"', re.IGNORECASE)
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.wait(0.05):
                rows = conn.execute(
                    "SELECT state, wait_event_type, query FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                ).fetchall()
                self.samples += 1
                for state, wait, query in rows:
                    if wait == "Lock":
                        found = table.search(query or "")
                        self.states[f"waiting for a lock ({found.group(1) if found else '?'})"] += 1
                    else:
                        self.states[state or "?"] += 1

    def line(self) -> str:
        if not self.samples:
            return "sessions: no samples"
        parts = [
            f"{name} {count / self.samples:.1f}"
            for name, count in self.states.most_common()
            if count / self.samples >= 0.05
        ]
        return "PostgreSQL sessions on average: " + ", ".join(parts)


# --- The server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn with N worker processes in its own process group, so all of it can be stopped."""

    def __init__(self, url: str, settings: str, app: str, *, workers: int, port: int, access_log: bool) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(prefix="oj-bench-uvicorn-", suffix=".log", delete=False)  # noqa: SIM115
        argv = [
            sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--no-server-header", "--log-level", "warning",
        ]  # fmt: skip
        if not access_log:
            argv.append("--no-access-log")
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=server_environment(url, settings), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    @property
    def group(self) -> int:
        return self.process.pid  # started in a new session: its own process group

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at start-up; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"the server did not answer within {timeout:.0f} s; see {self.log.name}")

    def has_operation(self, method: str, path: str) -> bool:
        import json

        try:
            with urllib.request.urlopen(f"{self.base}/api/v1/openapi.json", timeout=10) as answer:
                schema = json.load(answer)
        except OSError:
            return False
        templated = path.replace(f"/{SLUG}/", "/{jobcenter}/")
        return method.lower() in schema.get("paths", {}).get(templated, {})

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass


# --- Load ---------------------------------------------------------------------------------------------


async def run_pool(count: int, concurrency: int, job: Callable[[int], Awaitable[int | str]], run: Run) -> Run:
    """``count`` jobs through ``concurrency`` workers; each job's status and latency are recorded."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)

    async def worker() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            t0 = time.perf_counter()
            try:
                status = await job(i)
            except Exception as exc:  # counted, shown in the summary
                status = type(exc).__name__
            run.latencies.append(time.perf_counter() - t0)
            run.statuses[status] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.wall = time.perf_counter() - started
    return run


def booking_body(fx: Fixture, slot_id: int, n: int, prefix: str) -> dict[str, Any]:
    return {
        "slot_id": slot_id,
        "concern": fx.concern_id,
        "channel": "in_person",
        "name": f"Person {prefix}{n}",
        "email": f"{prefix}{n}@lasttest.example",
        "language": "de",
    }


async def book_distinct(base: str, fx: Fixture, slot_ids: list[int], concurrency: int, label: str) -> Run:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def job(i: int) -> int:
            async with session.post(BOOKINGS_PATH, json=booking_body(fx, slot_ids[i], i, label[:1])) as answer:
                await answer.read()
                return answer.status

        return await run_pool(len(slot_ids), concurrency, job, Run(label))


async def plain_requests(base: str, count: int, concurrency: int) -> Run:
    """``GET /healthz`` (one query): what the server and framework cost without any booking work."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def job(_i: int) -> int:
            async with session.get("/healthz") as answer:
                await answer.read()
                return answer.status

        return await run_pool(count, concurrency, job, Run("floor: GET /healthz over HTTP"))


async def race_for_slots(base: str, fx: Fixture, slot_ids: list[int], requests: int) -> Run:
    """All requests are connected first and sent at one signal, for ``len(slot_ids)`` slots."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=requests)
    timeout = aiohttp.ClientTimeout(total=60)
    run = Run(f"race: {requests} requests for {len(slot_ids)} slots")
    go = asyncio.Event()
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def one(i: int) -> None:
            await go.wait()
            t0 = time.perf_counter()
            try:
                body = booking_body(fx, slot_ids[i % len(slot_ids)], i, "r")
                async with session.post(BOOKINGS_PATH, json=body) as answer:
                    await answer.read()
                    status: int | str = answer.status
            except Exception as exc:  # counted, shown in the summary
                status = type(exc).__name__
            run.latencies.append(time.perf_counter() - t0)
            run.statuses[status] += 1

        tasks = [asyncio.create_task(one(i)) for i in range(requests)]
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        go.set()
        await asyncio.gather(*tasks)
        run.wall = time.perf_counter() - started
    return run


async def search_over_http(base: str, fx: Fixture, runs: int) -> Run:
    import aiohttp
    from django.utils import timezone

    first = timezone.localdate()
    params = {
        "concern": str(fx.concern_id),
        "channel": "in_person",
        "location": str(fx.location_id),
        "date_from": first.isoformat(),
        "date_to": (first + dt.timedelta(days=27)).isoformat(),
    }
    async with aiohttp.ClientSession(base, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def job(_i: int) -> int:
            async with session.get(SLOTS_PATH, params=params) as answer:
                await answer.read()
                return answer.status

        return await run_pool(runs, 1, job, Run("slot search, GET /slots (28 days)"))


async def baseline_inserts(url: str, count: int, concurrency: int) -> Run:
    """The same number of single-row INSERT transactions, straight to PostgreSQL with psycopg."""
    import psycopg

    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as setup:
        await setup.execute("DROP TABLE IF EXISTS bench_baseline")
        await setup.execute(
            "CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, slot_id bigint NOT NULL, "
            "email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        )
    connections = [await psycopg.AsyncConnection.connect(url) for _ in range(concurrency)]
    free: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()
    for conn in connections:
        free.put_nowait(conn)

    async def job(i: int) -> str:
        conn = await free.get()
        try:
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO bench_baseline (slot_id, email) VALUES (%s, %s)", (i, f"b{i}@lasttest.example")
                )
        finally:
            free.put_nowait(conn)
        return "ok"

    try:
        return await run_pool(count, concurrency, job, Run("baseline: psycopg single-row INSERTs"))
    finally:
        for conn in connections:
            await conn.close()


# --- Main ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(_signum: int, _frame: Any) -> None:
        raise TimeLimitReached(f"time limit of {seconds} s reached")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Example: .venv/bin/python bench/booking.py --bookings 2000 --clients 48",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oj_bench"),
        help="PostgreSQL database to DROP and create anew (default: %(default)s; env BENCH_DATABASE_URL)",
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--clients", type=int, default=48, help="concurrent clients in phase 1 (default: %(default)s)")
    parser.add_argument(
        "--bookings", type=int, default=2000, help="measured bookings in phase 1 (default: %(default)s)"
    )
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured bookings first (default: %(default)s)")
    parser.add_argument("--race-requests", type=int, default=200, help="phase 2 requests (default: %(default)s)")
    parser.add_argument("--race-slots", type=int, default=10, help="phase 2 slots (default: %(default)s)")
    parser.add_argument("--staff", type=int, default=50, help="advisors at the location (default: %(default)s)")
    parser.add_argument("--search-runs", type=int, default=200, help="slot searches per way (default: %(default)s)")
    parser.add_argument(
        "--settings",
        default="openjobcenter.settings",
        help="Django settings module of the server, e.g. to try a change (default: %(default)s)",
    )
    parser.add_argument(
        "--app",
        default="openjobcenter.asgi:application",
        help="ASGI application for uvicorn, e.g. a wrapper that patches in a change (default: %(default)s)",
    )
    parser.add_argument("--access-log", action="store_true", help="let uvicorn log every request")
    parser.add_argument(
        "--max-seconds", type=int, default=300, help="stop everything after this (default: %(default)s)"
    )
    return parser.parse_args(argv)


def interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    servers: list[Server] = []
    # SIGTERM ends like Ctrl-C: through the ``finally`` below, which stops the server.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        with time_limit(args.max_seconds):
            return run_benchmark(args, args.database_url, servers)
    except TimeLimitReached as exc:
        print(f"\nSTOPPED: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("\nSTOPPED by Ctrl-C", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()


def run_benchmark(args: argparse.Namespace, url: str, servers: list[Server]) -> int:
    print(f"machine:   {machine()}")
    t0 = time.perf_counter()
    reset_database(url)
    setup_django(url, args.settings)
    fx = seed(staff_count=args.staff)
    print(f"postgres:  {postgres_version(url)}; database {urlsplit(url).path.lstrip('/')} created anew")
    print(
        f"data:      1 location, {fx.staff} advisors (Mon–Fri 8–16, 30 min), {fx.slots} slots "
        f"({time.perf_counter() - t0:.1f} s)"
    )

    import uvicorn
    from django.db import connections

    connections.close_all()
    port = args.port or free_port()
    server = Server(url, args.settings, args.app, workers=args.workers, port=port, access_log=args.access_log)
    servers.append(server)
    server.wait_ready()
    print(
        f"server:    uvicorn {uvicorn.__version__}, {args.workers} workers at {server.base}, settings {args.settings}"
    )
    print(f"           log {server.log.name}; load average before: {load_average()}")
    if os.getloadavg()[0] > 1.0:
        print(
            "           WARNING: other work is running on this machine; the figures will be lower than on an idle one"
        )
    problems: list[str] = []
    results: dict[str, Any] = {}
    cpu: list[CpuUse] = []

    api_ready = server.has_operation("post", BOOKINGS_PATH)
    if not api_ready:
        problems.append(f"POST {BOOKINGS_PATH} is not in the API yet: phases 1 and 2 skipped")
    slot_ids = free_slot_ids(fx, args.warmup + args.bookings) if api_ready else []
    race_ids = lonely_slot_ids(fx, args.race_slots) if api_ready else []
    connections.close_all()

    print(f"\n(1) {args.bookings} bookings of distinct slots, {args.clients} concurrent clients")
    if api_ready:
        warm = asyncio.run(book_distinct(server.base, fx, slot_ids[: args.warmup], args.clients, "warm-up"))
        if warm.ok != args.warmup:
            problems.append(f"warm-up answers: {dict(warm.statuses)}")
        with cpu_use(server.group, cpu), SessionSampler(url) as sessions:
            booked = asyncio.run(
                book_distinct(server.base, fx, slot_ids[args.warmup :], args.clients, "bookings over HTTP")
            )
        results["booked"] = booked
        print("   ", booked.line())
        print("   ", cpu[-1].per(booked.ok or 1))
        print("   ", sessions.line())
        results["idle_rate"] = cpu[-1].idle_machine_rate(booked.ok)
        print(
            f"    CPU-bound estimate without the other processes: {results['idle_rate']:.0f} bookings/s "
            f"on {os.cpu_count()} cores"
        )
        if booked.ok != args.bookings:
            problems.append(f"phase 1 answers: {dict(booked.statuses)} (all should be 201)")
    with cpu_use(server.group, cpu):
        baseline = asyncio.run(baseline_inserts(url, args.bookings, args.clients))
    print("   ", baseline.line())
    print("   ", cpu[-1].per(baseline.ok or 1))
    with cpu_use(server.group, cpu):
        floor = asyncio.run(plain_requests(server.base, args.bookings, args.clients))
    print("   ", floor.line())
    print("   ", cpu[-1].per(floor.ok or 1))
    if api_ready:
        booked = results["booked"]
        print(
            f"    ratio: bookings run at {booked.rate / baseline.rate:.1%} of the baseline's rate "
            f"(the baseline is {baseline.rate / booked.rate:.1f}x faster); "
            f"p99 {booked.ms(0.99) / baseline.ms(0.99):.1f}x the baseline's"
        )

    print(f"\n(2) {args.race_requests} concurrent requests for {args.race_slots} slots (no free desk beside them)")
    if api_ready:
        race = asyncio.run(race_for_slots(server.base, fx, race_ids, args.race_requests))
        check = check_race(fx, race_ids)
        connections.close_all()
        results["race"], results["check"] = race, check
        others = {k: v for k, v in race.statuses.items() if k not in (201, 409)}
        print(
            f"    answers: {race.statuses[201]} x 201, {race.statuses[409]} x 409"
            + (f", other: {others}" if others else "")
            + f"; all answered within {race.wall:.2f} s, p99 {race.ms(0.99):.0f} ms"
        )
        print(
            f"    database: {check.bookings_on_slots} bookings on the {args.race_slots} slots, "
            f"{check.slots_with_one} slots with exactly one; in the whole database: slots over capacity "
            f"{check.overbooked_slots}, counters not matching bookings {check.counter_mismatches}, "
            f"seats taken twice {check.duplicate_seats}"
        )

    print(f"\n(3) slot search: four weeks, one location, {fx.staff} advisors, {args.search_runs} runs each")
    search, found = search_in_process(fx, args.search_runs)
    connections.close_all()
    results["search"] = search
    print(f"    {search.label:<38} p50 {search.ms(0.5):6.1f} ms  p95 {search.ms(0.95):6.1f} ms  ({found} free times)")
    if server.has_operation("get", SLOTS_PATH):
        http_search = asyncio.run(search_over_http(server.base, fx, args.search_runs))
        results["http_search"] = http_search
        print(f"    {http_search.label:<38} p50 {http_search.ms(0.5):6.1f} ms  p95 {http_search.ms(0.95):6.1f} ms")
        if http_search.ok != args.search_runs:
            problems.append(f"GET /slots answers: {dict(http_search.statuses)}")
    else:
        print(f"    GET {SLOTS_PATH} is not in the API yet: only in-process")
    print(f"\nload average after: {load_average()} (other work on this machine skews every figure)")
    return summary(args, results, baseline, problems)


def summary(args: argparse.Namespace, results: dict[str, Any], baseline: Run, problems: list[str]) -> int:
    print("\nSUMMARY")
    missed = False
    rows: list[tuple[str, str, str, bool | None]] = []
    booked: Run | None = results.get("booked")
    if booked is not None:
        rate_ok = booked.rate >= TARGETS["bookings_per_second"]
        p99_ok = booked.ms(0.99) < TARGETS["p99_ms"]
        rows.append(("bookings per second", f"{booked.rate:.0f} (baseline {baseline.rate:.0f})", ">= 300", rate_ok))
        idle = results.get("idle_rate", math.nan)
        rows.append(("  CPU-bound, machine to itself", f"{idle:.0f}", ">= 300", idle >= TARGETS["bookings_per_second"]))
        rows.append(
            ("booking latency p50 / p99", f"{booked.ms(0.5):.0f} / {booked.ms(0.99):.0f} ms", "p99 < 250 ms", p99_ok)
        )
    check: RaceCheck | None = results.get("check")
    if check is not None:
        race: Run = results["race"]
        exact = (
            check.bookings_on_slots == args.race_slots
            and check.slots_with_one == args.race_slots
            and race.statuses[201] == args.race_slots
            and race.statuses[409] == args.race_requests - args.race_slots
        )
        clean = check.overbooked_slots == check.counter_mismatches == check.duplicate_seats == 0
        rows.append(
            (
                "race: 201 / 409, bookings in DB",
                f"{race.statuses[201]} / {race.statuses[409]}, {check.bookings_on_slots}",
                f"{args.race_slots} / {args.race_requests - args.race_slots}, {args.race_slots}",
                exact,
            )
        )
        rows.append(
            ("double bookings (whole database)", f"{check.overbooked_slots + check.duplicate_seats}", "0", clean)
        )
    search: Run = results["search"]
    rows.append(("slot search p95, in-process", f"{search.ms(0.95):.1f} ms", "< 50 ms", search.ms(0.95) < 50))
    http_search: Run | None = results.get("http_search")
    if http_search is not None:
        fast = http_search.ms(0.95) < 50
        rows.append(("slot search p95, GET /slots", f"{http_search.ms(0.95):.1f} ms", "< 50 ms", fast))
    for name, value, target, ok in rows:
        missed = missed or ok is False
        print(f"  {name:<34} {value:<26} target {target:<16} {'' if ok is None else verdict(ok)}")
    for problem in problems:
        print(f"  NOTE: {problem}")
    return 1 if missed or problems else 0


if __name__ == "__main__":
    sys.exit(main())

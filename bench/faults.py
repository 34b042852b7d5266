#!/usr/bin/env python
"""Fault runs (issue 13) against the cluster with its own PostgreSQL and Redis.

Starts ``scripts/cluster/cluster.py`` with ``--own-services`` (a private PostgreSQL on port 55432
and a private Redis on 56379, so stopping them disturbs nothing else on the machine; database
``ojcluster``, kept between runs), seeds one Jobcenter ``faults`` (advisors, slots, a walk-in
zone with a counter), then runs the scenarios named on the command line (default: all):

``cross``    two app processes, one database: 40 concurrent requests for each of 5 slots, sent
             alternately to app 1 and app 2 directly → exactly 5 bookings; a ticket called
             through app 1 reaches a display (SSE) connected to app 2: latency (target < 1 s).
             Baseline: the same call seen by a display on app 1 itself.
``kill``     ``kill -9`` of app 1 while clients book through HAProxy; every client retries with
             its ``Idempotency-Key`` until it gets an answer; app 1 is started again. Checks:
             every key has exactly one booking, no slot over capacity, counters equal bookings.
``redis``    Redis is stopped while a display is connected through the proxy, a ticket is called
             meanwhile, Redis is started again: the display reconnects and its snapshot holds the
             call (time to catch up).
``mail``     the mail server is down when a booking is made: the confirmation waits in the
             outbox; a mail server (a small SMTP sink in this script) is started: the message
             is delivered by the worker's next retry (the first retry is one minute later).
``postgres`` PostgreSQL is stopped: ``/healthz``, a page and an API call answer 503 (time to
             answer); it is started again: ``/healthz`` is 200 and a booking works, without any
             app process being restarted.

Everything started is stopped on exit, Ctrl-C and ``--max-seconds``. Loopback only.
Usage: ``.venv/bin/python bench/faults.py [cross kill redis mail postgres] [--help]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.booking import load_average, machine, percentile, verdict  # noqa: E402
from scripts.cluster.cluster import Cluster  # noqa: E402

SLUG = "faults"
SCENARIOS = ("cross", "kill", "redis", "mail", "postgres")
SMTP_PORT = 56025

SEED = r"""
import datetime as dt, json
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.appointments.models import BookingPolicy, Concern, WorkingHours
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone, Team
from openjobcenter.reception.models import Counter, CounterSession, ZoneSettings
from openjobcenter.reception.services import queue

jc, _ = Jobcenter.objects.get_or_create(slug="faults", defaults=dict(
    name="Jobcenter Störfall", street="Messeweg 1", postal_code="40474", city="Düsseldorf",
    phone="0211 000-0", email="kontakt@stoerfall.example"))
loc, _ = Location.all_tenants.get_or_create(jobcenter=jc, name="Hauptstelle", defaults=dict(
    street="Messeweg 1", postal_code="40474", city="Düsseldorf"))
team, _ = Team.all_tenants.get_or_create(jobcenter=jc, name="Markt und Integration")
for i in range(20):
    User.objects.get_or_create(email=f"berater{i:02d}@stoerfall.example", defaults=dict(
        first_name="Berater", last_name=f"{i:02d}", jobcenter=jc, team=team, password=make_password(None)))
concern, created = Concern.all_tenants.get_or_create(jobcenter=jc, name={"de": "Beratung"}, defaults=dict(
    duration_minutes=30, channels=["in_person"], min_lead_minutes=60, booking_horizon_days=42))
if created:
    concern.teams.add(team)
    valid_from = timezone.localdate() - dt.timedelta(days=7)
    for member in User.objects.filter(jobcenter=jc, team=team):
        for weekday in range(5):
            WorkingHours.all_tenants.create(jobcenter=jc, staff=member, location=loc, weekday=weekday,
                starts=dt.time(8), ends=dt.time(16), channels=["in_person"], valid_from=valid_from)
BookingPolicy.all_tenants.update_or_create(jobcenter=jc, defaults=dict(
    challenge=BookingPolicy.Challenge.OFF, max_open_bookings_per_email=1000))
reconcile_slots(jc)
zone, _ = ReceptionZone.all_tenants.get_or_create(jobcenter=jc, location=loc, code="A", defaults=dict(name={"de": "Anmeldung"}))
ZoneSettings.all_tenants.get_or_create(jobcenter=jc, zone=zone)
counter, _ = Counter.all_tenants.get_or_create(jobcenter=jc, location=loc, zone=zone, name="1")
user, _ = User.objects.get_or_create(email="empfang@stoerfall.example", defaults=dict(
    first_name="Empfang", last_name="Eins", jobcenter=jc, password=make_password(None)))
RoleAssignment.objects.get_or_create(user=user, role=Role.RECEPTION)
if not CounterSession.objects.for_tenant(jc).filter(counter=counter, closed_at__isnull=True).exists():
    queue.open_counter(counter, user)
print(json.dumps({"location": loc.pk, "counter": counter.pk, "zone": "A", "concern": concern.pk,
                  "token": create_token(user, "faults")}))
"""

FREE_SLOTS = r"""
import json, sys
from openjobcenter.appointments.models import Concern
from openjobcenter.appointments.services.slots import bookable_slots
from openjobcenter.core.models import Jobcenter
jc = Jobcenter.objects.get(slug="faults")
concern = Concern.objects.for_tenant(jc).get(pk=int(sys.argv[1]))
count, lonely = int(sys.argv[2]), sys.argv[3] == "lonely"
rows = bookable_slots(jc, concern, "in_person").order_by("-start" if lonely else "start", "pk")
chosen = {}
for pk, start in rows.values_list("pk", "start").iterator():
    if lonely:
        chosen.setdefault(start, pk)
    else:
        chosen[pk] = pk
    if len(chosen) == count:
        break
if lonely:  # the other advisors' slots at those times blocked (as by an absence): no desk to fall back on
    from openjobcenter.appointments.models import Slot
    Slot.objects.for_tenant(jc).filter(start__in=list(chosen)).exclude(pk__in=chosen.values()).update(blocked=True)
print(json.dumps(list(chosen.values())))
"""

CHECK = r"""
import json
from django.db import connection
from django.db.models import Count, F, Q
from openjobcenter.appointments.models import SEAT_HOLDING, Booking, Slot
from openjobcenter.core.models import Jobcenter
from openjobcenter.notifications.models import OutboxMessage
jc = Jobcenter.objects.get(slug="faults")
holding = Booking.objects.for_tenant(jc).filter(status__in=SEAT_HOLDING)
slots = Slot.objects.for_tenant(jc).annotate(holding=Count("bookings", filter=Q(bookings__status__in=SEAT_HOLDING)))
from collections import Counter
keys = Counter(holding.exclude(request_key=None).values_list("request_key", flat=True))
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM (SELECT slot_id, seat FROM appointments_booking WHERE status = ANY(%s) "
                   "GROUP BY slot_id, seat HAVING count(*) > 1) d", [list(SEAT_HOLDING)])
    duplicate_seats = cursor.fetchone()[0]
print(json.dumps({
    "bookings": holding.count(),
    "keys_twice": sum(1 for n in keys.values() if n > 1),
    "over_capacity": slots.filter(holding__gt=F("capacity")).count() + slots.filter(booked__gt=F("capacity")).count(),
    "counter_mismatch": slots.exclude(booked=F("holding")).count(),
    "duplicate_seats": duplicate_seats,
    "outbox": {s: OutboxMessage.objects.filter(status=s).count() for s in ("pending", "sending", "sent", "failed")},
}))
"""


class Failed(Exception):
    """A scenario found lost, half-written or double-booked data."""


def django(cluster: Cluster, script: str, *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script, *args],
        cwd=ROOT, env=cluster.env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise Failed(f"a database step failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- HTTP helpers (aiohttp) ---------------------------------------------------------------------------


async def book(http: Any, base: str, slot: int, concern: int, key: str) -> tuple[int, Any]:
    body = {
        "slot_id": slot, "concern": concern, "channel": "in_person", "name": "Störfall Test",
        "email": f"{key[:12]}@example.org",
    }  # fmt: skip
    async with http.post(
        f"{base}/api/v1/{SLUG}/appointments/bookings", json=body, headers={"Idempotency-Key": key}
    ) as answer:
        text = await answer.text()
        try:
            return answer.status, json.loads(text)
        except ValueError:  # HAProxy's own 502/503 page
            return answer.status, None


async def call_next(http: Any, base: str, seed: dict[str, Any]) -> int:
    auth = {"Authorization": f"Bearer {seed['token']}"}
    loc = seed["location"]
    async with http.post(f"{base}/api/v1/{SLUG}/reception/{loc}/tickets", json={"zone": "A"}, headers=auth) as a:
        await a.read()
        if a.status != 201:
            raise Failed(f"drawing a ticket: {a.status}")
    async with http.post(
        f"{base}/api/v1/{SLUG}/reception/{loc}/counters/{seed['counter']}/call-next", json={}, headers=auth
    ) as answer:
        body = await answer.json(content_type=None)
        if answer.status != 200:
            raise Failed(f"call-next: {answer.status} {body}")
        return body["ticket_number"]


class Display:
    """An EventSource as a browser runs it: reads events, reconnects after the stream ends."""

    def __init__(self, base: str, location: int) -> None:
        self.url = f"{base}/{SLUG}/reception/{location}/events"
        self.seen: dict[str, float] = {}
        self.delay: dict[str, float] = {}  # arrival (wall clock) minus the server's called_at
        self.snapshots = 0
        self.reconnects = 0
        self.connected = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def run(self, http: Any) -> None:
        import aiohttp

        while True:
            try:
                async with http.get(self.url, timeout=aiohttp.ClientTimeout(total=None, sock_read=30)) as answer:
                    if answer.status != 200:
                        await asyncio.sleep(0.5)
                        continue
                    event = ""
                    async for raw in answer.content:
                        line = raw.decode().rstrip("\n")
                        if line.startswith("event: "):
                            event = line[7:]
                        elif line.startswith("data: "):
                            data = json.loads(line[6:])
                            now = time.perf_counter()
                            if event == "snapshot":
                                self.snapshots += 1
                                self.connected.set()
                                for call in data.get("recent_calls", []):
                                    self.seen.setdefault(call["ticket_number"], now)
                            elif event == "ticket-called":
                                self.seen.setdefault(data["ticket_number"], now)
                                called = dt.datetime.fromisoformat(data["called_at"]).timestamp()
                                self.delay.setdefault(data["ticket_number"], time.time() - called)
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                pass  # the stream broke (Redis or an app process gone): counted and opened again below
            self.reconnects += 1
            self.connected.clear()
            await asyncio.sleep(1.0)  # the browser waits ``retry`` (3 s); shorter here to measure catch-up

    def start(self, http: Any) -> None:
        self.task = asyncio.create_task(self.run(http))

    async def wait_for(self, number: str, timeout: float) -> float | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if number in self.seen:
                return self.seen[number]
            await asyncio.sleep(0.01)
        return None

    def stop(self) -> None:
        if self.task:
            self.task.cancel()


# --- Scenarios ----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    ok: bool
    figures: str


async def scenario_cross(cluster: Cluster, seed: dict[str, Any], http: Any) -> Outcome:
    slots = django(cluster, FREE_SLOTS, str(seed["concern"]), "5", "lonely")
    statuses: Counter[int] = Counter()

    async def one(i: int) -> None:
        base = cluster.app_base(i % 2)
        status, _ = await book(http, base, slots[i % len(slots)], seed["concern"], uuid.uuid4().hex)
        statuses[status] += 1

    await asyncio.gather(*(one(i) for i in range(40 * len(slots))))
    check = django(cluster, CHECK)
    distinct_ok = check["over_capacity"] == check["duplicate_seats"] == check["counter_mismatch"] == 0

    latencies: dict[str, list[float]] = {"app1": [], "app2": []}
    displays = {
        "app1": Display(cluster.app_base(0), seed["location"]),
        "app2": Display(cluster.app_base(1), seed["location"]),
    }
    for display in displays.values():
        display.start(http)
    await asyncio.wait_for(asyncio.gather(*(d.connected.wait() for d in displays.values())), 20)
    for _ in range(10):
        sent = time.perf_counter()
        number = await call_next(http, cluster.app_base(0), seed)
        del sent
        for name, display in displays.items():
            arrived = await display.wait_for(number, 5)
            latencies[name].append(display.delay.get(number, float("inf")) if arrived else float("inf"))
        await asyncio.sleep(0.2)
    for display in displays.values():
        display.stop()
    p = {k: (percentile(v, 0.5) * 1000, max(v) * 1000) for k, v in latencies.items()}
    ok = statuses[201] == len(slots) and distinct_ok and max(latencies["app2"]) < 1.0
    figures = (
        f"{sum(statuses.values())} requests for {len(slots)} slots via app1/app2: "
        + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))
        + f"; database: over capacity {check['over_capacity']}, seats twice {check['duplicate_seats']}, "
        f"counters off {check['counter_mismatch']}. Call on app1 → display on app2 (arrival minus the server's "
        f"called_at): p50 {p['app2'][0]:.0f} ms, "
        f"max {p['app2'][1]:.0f} ms (baseline display on app1: p50 {p['app1'][0]:.0f} ms, max {p['app1'][1]:.0f} ms)"
    )
    return Outcome("cross: two processes, one booking, one display", ok, figures)


async def scenario_kill(cluster: Cluster, seed: dict[str, Any], http: Any, count: int) -> Outcome:
    slots = django(cluster, FREE_SLOTS, str(seed["concern"]), str(count), "all")
    before = django(cluster, CHECK)
    results: dict[str, tuple[int, str]] = {}
    attempts: Counter[str] = Counter()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for slot in slots:
        queue.put_nowait(slot)

    async def client() -> None:
        while not queue.empty():
            slot = queue.get_nowait()
            key = uuid.uuid4().hex
            for attempt in range(40):
                try:
                    status, body = await book(http, cluster.base, slot, seed["concern"], key)
                except Exception as exc:
                    attempts[type(exc).__name__] += 1
                    await asyncio.sleep(0.25)
                    continue
                if status >= 500:
                    attempts[str(status)] += 1
                    await asyncio.sleep(0.25 * (attempt + 1))
                    continue
                results[key] = (status, body.get("booking_code", "") if isinstance(body, dict) else "")
                break

    async def killer() -> None:
        await asyncio.sleep(1.0)
        cluster.apps[0].kill()
        await asyncio.sleep(3.0)
        await asyncio.to_thread(cluster.start_app, 0)

    started = time.perf_counter()
    await asyncio.gather(killer(), *(client() for _ in range(16)))
    wall = time.perf_counter() - started
    after = django(cluster, CHECK)
    answered = Counter(status for status, _ in results.values())
    new = after["bookings"] - before["bookings"]
    booked = answered[201] + answered[200]
    ok = (
        len(results) == len(slots)
        and new == booked
        and after["keys_twice"] == after["over_capacity"] == after["duplicate_seats"] == after["counter_mismatch"] == 0
    )
    figures = (
        f"{len(slots)} bookings, 16 clients, app1 killed after 1 s, back after ~3 s + start-up; {wall:.1f} s. "
        f"Final answers: {dict(answered)}; retried: {dict(attempts) or 'none'}. Database: {new} new bookings "
        f"(= answered 200/201: {booked}), keys with two bookings {after['keys_twice']}, over capacity "
        f"{after['over_capacity']}, seats twice {after['duplicate_seats']}, counters off {after['counter_mismatch']}"
    )
    return Outcome("kill -9 of an app process during bookings", ok, figures)


async def scenario_redis(cluster: Cluster, seed: dict[str, Any], http: Any) -> Outcome:
    display = Display(cluster.base, seed["location"])
    display.start(http)
    await asyncio.wait_for(display.connected.wait(), 20)
    live = await call_next(http, cluster.base, seed)
    live_ok = await display.wait_for(live, 3) is not None
    assert cluster.redis is not None
    cluster.redis.stop()
    stopped = time.perf_counter()
    await asyncio.sleep(1.0)
    missed = await call_next(http, cluster.base, seed)  # the queue action works without Redis
    await asyncio.sleep(1.0)
    reconnects_down = display.reconnects
    await asyncio.to_thread(cluster.start_redis)
    restarted = time.perf_counter()
    arrived = await display.wait_for(missed, 30)
    after = await call_next(http, cluster.base, seed)
    after_ok = await display.wait_for(after, 5) is not None
    display.stop()
    caught_up = (arrived - restarted) if arrived else None
    ok = live_ok and caught_up is not None and after_ok
    figures = (
        f"display through the proxy; Redis down {restarted - stopped:.1f} s; call while down: the API answered 200; "
        f"stream ended and reconnected {display.reconnects} times ({reconnects_down} while down); "
        f"the missed call shown {f'{caught_up:.1f} s after Redis was back' if caught_up is not None else 'NEVER'}; "
        f"live events after the restart: {'yes' if after_ok else 'NO'}"
    )
    return Outcome("Redis restart: displays reconnect and catch up", ok, figures)


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that accepts every message (enough for Django's client)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[bytes] = []
        self.server: socket.socket | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.server.settimeout(0.5)
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        assert self.server is not None
        while self.running:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 sink ESMTP\r\n")
            while line := reader.readline():
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-sink\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = b""
                    while (chunk := reader.readline()) not in (b".\r\n", b""):
                        data += chunk
                    self.messages.append(data)
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def stop(self) -> None:
        self.running = False
        if self.server:
            self.server.close()


async def scenario_mail(cluster: Cluster, seed: dict[str, Any], http: Any, wait: float) -> Outcome:
    # The cluster was started with EMAIL_URL=smtp://127.0.0.1:SMTP_PORT, where nothing listens yet.
    before = django(cluster, CHECK)["outbox"]
    slot = django(cluster, FREE_SLOTS, str(seed["concern"]), "1", "all")[0]
    status, _ = await book(http, cluster.base, slot, seed["concern"], uuid.uuid4().hex)
    await asyncio.sleep(5)
    during = django(cluster, CHECK)["outbox"]
    sink = SmtpSink(SMTP_PORT)
    sink.start()
    up = time.perf_counter()
    delivered_after = None
    try:
        while time.perf_counter() - up < wait:
            await asyncio.sleep(2)
            now = django(cluster, CHECK)["outbox"]
            if now["sent"] > before["sent"] and now["pending"] <= before["pending"]:
                delivered_after = time.perf_counter() - up
                break
    finally:
        sink.stop()
    final = django(cluster, CHECK)["outbox"]
    ok = (
        status == 201
        and delivered_after is not None
        and len(sink.messages) >= 1
        and final["failed"] == before["failed"]
    )
    figures = (
        f"booking answered {status} while the mail server was down; outbox then {during} (before {before}); "
        f"mail server started: delivered {f'after {delivered_after:.0f} s' if delivered_after else f'NOT within {wait:.0f} s'}, "
        f"{len(sink.messages)} message(s) received; outbox now {final}"
    )
    return Outcome("mail server down: the outbox delivers later", ok, figures)


async def timed_get(http: Any, url: str) -> tuple[int | str, float, str]:
    started = time.perf_counter()
    try:
        async with http.get(url, allow_redirects=False) as answer:
            body = await answer.text()
            return answer.status, time.perf_counter() - started, body[:2000]
    except Exception as exc:
        return type(exc).__name__, time.perf_counter() - started, ""


async def scenario_postgres(cluster: Cluster, seed: dict[str, Any], http: Any) -> Outcome:
    app = cluster.app_base(1)
    await asyncio.to_thread(cluster.stop_postgres, "fast")
    stopped = time.perf_counter()
    health = await timed_get(http, f"{app}/healthz")
    page = await timed_get(http, f"{app}/{SLUG}/")
    api = await timed_get(http, f"{app}/api/v1/{SLUG}/appointments/concerns")
    proxy = await timed_get(http, f"{cluster.base}/{SLUG}/")
    checked_after = time.perf_counter() - stopped
    await asyncio.sleep(5)  # down for a while: the pools notice, the proxy takes the processes out
    down_for = time.perf_counter() - stopped
    await asyncio.to_thread(cluster.start_postgres)
    back = time.perf_counter()
    recovered = None
    while time.perf_counter() - back < 60:
        status, _, _ = await timed_get(http, f"{app}/healthz")
        if status == 200:
            recovered = time.perf_counter() - back
            break
        await asyncio.sleep(0.2)
    slot = django(cluster, FREE_SLOTS, str(seed["concern"]), "1", "all")[0]
    booked, _ = await book(http, cluster.base, slot, seed["concern"], uuid.uuid4().hex)
    page_after = await timed_get(http, f"{cluster.base}/{SLUG}/")
    friendly = "Vorübergehend nicht erreichbar" in page[2]
    ok = (
        health[0] == 503 and page[0] == 503 and api[0] == 503 and friendly and recovered is not None
        and booked == 201 and page_after[0] == 200
    )  # fmt: skip
    figures = (
        f"PostgreSQL down {down_for:.1f} s (checked {checked_after:.1f} s after the stop): /healthz {health[0]} in {health[1] * 1000:.0f} ms, page {page[0]} in "
        f"{page[1] * 1000:.0f} ms ({'friendly 503 page' if friendly else 'NOT the 503 page'}), API {api[0]} in "
        f"{api[1] * 1000:.0f} ms, through the proxy {proxy[0]} in {proxy[1] * 1000:.0f} ms; started again: /healthz 200 "
        f"{f'after {recovered:.1f} s' if recovered is not None else 'NOT within 60 s'}, then a booking {booked}, "
        f"a page {page_after[0]} (no app process restarted)"
    )
    return Outcome("PostgreSQL stopped: clear 503, recovery without restart", ok, figures)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--bookings", type=int, default=300, help="bookings in the kill -9 run (default 300)")
    parser.add_argument("--mail-wait", type=float, default=150, help="seconds to wait for the outbox retry")
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--reset", action="store_true", help="drop and create the private database first")
    args = parser.parse_args(argv)
    if unknown := set(args.scenarios) - set(SCENARIOS):
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    args.scenarios = args.scenarios or list(SCENARIOS)
    return args


async def run(args: argparse.Namespace, cluster: Cluster, seed: dict[str, Any]) -> list[Outcome]:
    import aiohttp

    outcomes: list[Outcome] = []
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=100)) as http:
        for name in args.scenarios:
            print(f"\n[{name}] load average {load_average()}", flush=True)
            if revived := cluster.revive():
                # As systemd would (Restart=always): db_worker exits when PostgreSQL cuts its connection.
                print(f"    ended since the last scenario and started again: {', '.join(revived)}", flush=True)
                await asyncio.sleep(3)
            try:
                if name == "cross":
                    outcome = await scenario_cross(cluster, seed, http)
                elif name == "kill":
                    outcome = await scenario_kill(cluster, seed, http, args.bookings)
                elif name == "redis":
                    outcome = await scenario_redis(cluster, seed, http)
                elif name == "mail":
                    outcome = await scenario_mail(cluster, seed, http, args.mail_wait)
                else:
                    outcome = await scenario_postgres(cluster, seed, http)
            except (Failed, TimeoutError) as error:
                outcome = Outcome(name, False, f"could not run: {error!r}")
            print(f"    {verdict(outcome.ok)}: {outcome.name}\n    {outcome.figures}", flush=True)
            outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine())
    cluster = Cluster(
        port=8120, app_ports=(8121, 8122), own_services=True, load_demo=False, collect_static=False, ratelimits=False,
        email_url=f"smtp://127.0.0.1:{SMTP_PORT}?timeout=3", var=ROOT / "var" / "cluster-faults",
    )  # fmt: skip
    deadline = threading.Timer(args.max_seconds, lambda: __import__("_thread").interrupt_main())
    deadline.daemon = True
    deadline.start()
    try:
        t0 = time.perf_counter()
        print("starting the cluster with a private PostgreSQL (55432) and Redis (56379) …", flush=True)
        cluster.start(reset=args.reset)
        seed = django(cluster, SEED)
        print(
            f"cluster up in {time.perf_counter() - t0:.0f} s: {cluster.base} → {cluster.app_base(0)}, {cluster.app_base(1)}"
        )
        outcomes = asyncio.run(run(args, cluster, seed))
    except KeyboardInterrupt:
        print("stopped (Ctrl-C or --max-seconds)")
        return 130
    finally:
        cluster.stop()
    print("\nSUMMARY")
    for outcome in outcomes:
        print(f"  {verdict(outcome.ok):<7} {outcome.name}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

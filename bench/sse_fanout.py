#!/usr/bin/env python
"""SSE fan-out benchmark (issue 4): many call displays on one server process, tickets called.

One uvicorn process (one worker) serves the project's ASGI application on its own database.
The script opens ``--clients`` concurrent event streams (``GET /<slug>/reception/<id>/events``,
raw asyncio sockets) and then calls ``--calls`` tickets, one every ``--interval`` seconds. Each
client notes when each ``ticket-called`` event arrives; the delivery latency is the arrival time
minus the ``called_at`` time the server stamped on the call (same machine, same clock), so it
holds the commit, the publish, the fan-out and the client's own reading.

The calls are made either through the reception API of the same server (``--caller api``, the
in-process broker) or by ``queue.call_next`` in a separate process with the server in Redis mode
(``--caller service``, needs ``--redis-url``): the event then goes process → Redis → server.
``auto`` takes the API when the server has the operation, else the service.

Printed, each beside a baseline measured in the same run:

1. baseline: the same calls to ONE connected client: p50/p95/p99 latency;
2. ``--clients`` clients: p50/p95/p99 latency, events lost, and the ratio to the baseline;
3. the server's resident memory before and after connecting the clients: memory per connection
   (and its thread count: sync middleware runs in a per-request thread);
4. the time to connect all clients (each gets its snapshot), and where the CPU went.

The database (SQLite file in a temporary directory by default, or ``--database-url`` PostgreSQL,
dropped and created anew) belongs to the benchmark. The server is stopped on exit, on Ctrl-C and
when ``--max-seconds`` is reached. Usage: ``.venv/bin/python bench/sse_fanout.py [--help]``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.booking import (  # noqa: E402 – after the path
    CpuUse,
    Server,
    TimeLimitReached,
    cpu_use,
    free_port,
    interrupt,
    load_average,
    machine,
    percentile,
    reset_database,
    time_limit,
    verdict,
)

SLUG = "fanout"
TARGET_P95_MS = 1000.0
CALLED = re.compile(rb"event: ticket-called\ndata: (\{.*?\})\n\n")

SEED = """
import json, sys
from django.core.management import call_command
from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.models import Counter, ZoneSettings
from openjobcenter.reception.services import queue

tickets, counters = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
jc = Jobcenter.objects.create(slug="__SLUG__", name="Jobcenter Lasttest", street="Messeweg 1", postal_code="40474",
                              city="Düsseldorf")
loc = Location.all_tenants.create(jobcenter=jc, name="Hauptstelle", street="Messeweg 1", postal_code="40474",
                                  city="Düsseldorf")
zone = ReceptionZone.all_tenants.create(jobcenter=jc, location=loc, code="A", name={"de": "Anmeldung"})
ZoneSettings.all_tenants.create(jobcenter=jc, zone=zone)
staff = []
for n in range(counters):
    counter = Counter.all_tenants.create(jobcenter=jc, location=loc, zone=zone, name=str(n + 1))
    user = User.objects.create_user(f"empfang{n}@lasttest.example", None, first_name="Empfang", last_name=str(n),
                                    jobcenter=jc)
    RoleAssignment.objects.create(user=user, role=Role.RECEPTION)
    queue.open_counter(counter, user)
    staff.append({"counter": counter.pk, "user": user.pk, "token": create_token(user, "bench")})
for _ in range(tickets):
    queue.issue_ticket(loc, zone=zone)
print(json.dumps({"location": loc.pk, "staff": staff}))
""".replace("__SLUG__", SLUG)

CALLER = """
import json, sys, time
from django.db import close_old_connections
from openjobcenter.accounts.models import User
from openjobcenter.reception.models import Counter
from openjobcenter.reception.services import queue

staff = json.loads(sys.argv[1]); calls = int(sys.argv[2]); interval = float(sys.argv[3])
pairs = [(Counter.all_tenants.get(pk=s["counter"]), User.objects.get(pk=s["user"])) for s in staff]
start = time.monotonic()
for n in range(calls):
    counter, user = pairs[n % len(pairs)]
    ticket = queue.call_next(counter, user)
    print("called", ticket.number if ticket else "-", flush=True)
    time.sleep(max(0.0, start + (n + 1) * interval - time.monotonic()))
"""


# --- Environment and server ---------------------------------------------------------------------------


def environment(database_url: str, redis_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"OJC_TESTING", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="openjobcenter.settings",
        DATABASE_URL=database_url,
        DEMO="on",
        DEBUG="off",
        RATELIMITS="off",
        SIGNIN_THROTTLING="off",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        VAR_DIR=str(var_dir),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def django_script(env: dict[str, str], script: str, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"a set-up step failed:\n{done.stderr[-3000:]}")
    return done.stdout


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


class FanoutServer(Server):
    """``bench.booking.Server`` with the environment of this benchmark (SQLite or PostgreSQL, Redis)."""

    def __init__(self, env: dict[str, str], *, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(prefix="oj-bench-sse-", suffix=".log", delete=False)  # noqa: SIM115
        argv = [
            sys.executable, "-m", "uvicorn", "openjobcenter.asgi:application", "--host", "127.0.0.1",
            "--port", str(port), "--no-server-header", "--log-level", "warning", "--no-access-log",
            "--backlog", "4096", "--timeout-graceful-shutdown", "2",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )


# --- Clients ------------------------------------------------------------------------------------------


@dataclass
class Clients:
    """Raw-socket SSE clients; ``latencies[ticket_number]`` holds one arrival delay per client."""

    host: str
    port: int
    path: str
    connected: int = 0
    failed: int = 0
    duplicates: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def open_one(self, ready: asyncio.Semaphore) -> None:
        try:
            async with ready:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 30)
                writer.write(
                    f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: text/event-stream\r\n\r\n".encode()
                )
                buffer = b""
                while b"event: snapshot" not in buffer:  # connected once the snapshot is in
                    chunk = await asyncio.wait_for(reader.read(65536), 60)
                    if not chunk:
                        raise ConnectionError("closed before the snapshot")
                    buffer += chunk
        except (OSError, TimeoutError, ConnectionError):
            self.failed += 1
            return
        self.connected += 1
        self.writers.append(writer)
        self.tasks.append(asyncio.create_task(self.listen(reader)))

    async def listen(self, reader: asyncio.StreamReader) -> None:
        buffer = b""
        seen: set[tuple[str, int]] = set()
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.time()
            buffer += chunk
            last = 0
            for match in CALLED.finditer(buffer):
                data = json.loads(match.group(1))
                call = (data["ticket_number"], data["call_count"])
                if call in seen:
                    self.duplicates += 1
                    continue
                seen.add(call)
                called = dt.datetime.fromisoformat(data["called_at"]).timestamp()
                self.latencies.setdefault(data["ticket_number"], []).append(now - called)
                last = match.end()
            buffer = buffer[last:] if last else buffer[-65536:]

    async def open(self, count: int, concurrency: int) -> float:
        ready = asyncio.Semaphore(concurrency)
        started = time.perf_counter()
        await asyncio.gather(*(self.open_one(ready) for _ in range(count)))
        return time.perf_counter() - started

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for writer in self.writers:
            writer.close()

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


@dataclass
class Phase:
    label: str
    clients: int
    calls: int
    latencies: list[float]

    @property
    def expected(self) -> int:
        return self.clients * self.calls

    def ms(self, share: float) -> float:
        return percentile(self.latencies, share) * 1000

    def line(self) -> str:
        lost = self.expected - len(self.latencies)
        return (
            f"{self.label:<34} {len(self.latencies):>7} events  lost {lost:>5}  "
            f"p50 {self.ms(0.50):7.1f} ms  p95 {self.ms(0.95):7.1f} ms  p99 {self.ms(0.99):7.1f} ms  "
            f"max {self.ms(1.0):7.1f} ms"
        )


# --- Callers ------------------------------------------------------------------------------------------


async def call_via_api(base: str, location: int, staff: list[dict[str, Any]], calls: int, interval: float) -> None:
    import aiohttp

    async with aiohttp.ClientSession(base, timeout=aiohttp.ClientTimeout(total=30)) as session:
        started = time.monotonic()
        for n in range(calls):
            member = staff[n % len(staff)]
            path = f"/api/v1/{SLUG}/reception/{location}/counters/{member['counter']}/call-next"
            async with session.post(path, headers={"Authorization": f"Bearer {member['token']}"}) as answer:
                await answer.read()
                if answer.status != 200:
                    raise SystemExit(f"call-next answered {answer.status}")
            await asyncio.sleep(max(0.0, started + (n + 1) * interval - time.monotonic()))


async def call_via_service(env: dict[str, str], staff: list[dict[str, Any]], calls: int, interval: float) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import django; django.setup()\n" + CALLER, json.dumps(staff), str(calls),
        str(interval), cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the caller process failed:\n{err.decode()[-3000:]}")


async def measure(
    args: argparse.Namespace,
    server: FanoutServer,
    env: dict[str, str],
    seed: dict[str, Any],
    caller: str,
    clients_count: int,
    calls: int,
    label: str,
    staff: list[dict[str, Any]],
    cpu: list[CpuUse],
) -> tuple[Phase, float, int, int, int]:
    port = int(urlsplit(server.base).port or 80)
    clients = Clients("127.0.0.1", port, f"/{SLUG}/reception/{seed['location']}/events")
    rss_before, threads_before = rss_kib(server.process.pid), threads(server.process.pid)
    connect_seconds = await clients.open(clients_count, args.connect_concurrency)
    await asyncio.sleep(1.0)  # let the server settle
    rss_after = rss_kib(server.process.pid)
    threads_after = threads(server.process.pid)
    print(
        f"  {clients.connected} of {clients_count} clients connected in {connect_seconds:.1f} s "
        f"({clients.failed} failed); server RSS {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB, "
        f"threads {threads_before} → {threads_after}"
    )
    with cpu_use(server.group, cpu):
        if caller == "api":
            await call_via_api(server.base, seed["location"], staff, calls, args.interval)
        else:
            await call_via_service(env, staff, calls, args.interval)
        await asyncio.sleep(args.drain)
    await clients.close()
    phase = Phase(label, clients.connected, calls, clients.all_latencies())
    print(f"  {len(clients.latencies)} distinct tickets called, {clients.duplicates} duplicate deliveries")
    return phase, connect_seconds, rss_after - rss_before, threads_after - threads_before, clients.connected


# --- Main ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Example: .venv/bin/python bench/sse_fanout.py --clients 2000 --calls 100",
    )
    parser.add_argument("--clients", type=int, default=2000, help="concurrent SSE clients (default: %(default)s)")
    parser.add_argument("--calls", type=int, default=100, help="tickets called (default: %(default)s)")
    parser.add_argument("--baseline-calls", type=int, default=20, help="calls to one client (default: %(default)s)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between calls (default: %(default)s)")
    parser.add_argument("--counters", type=int, default=5, help="counters calling in turn (default: %(default)s)")
    parser.add_argument(
        "--connect-concurrency", type=int, default=100, help="clients connecting at once (default: %(default)s)"
    )
    parser.add_argument("--drain", type=float, default=3.0, help="seconds to wait after the last call")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="PostgreSQL database to DROP and create anew; default: a SQLite file in a temporary directory",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", ""),
        help="run the server in Redis mode with this REDIS_URL, e.g. redis://127.0.0.1:6379/12",
    )
    parser.add_argument(
        "--caller", choices=["auto", "api", "service"], default="auto", help="how tickets are called (see above)"
    )
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--max-seconds", type=int, default=600, help="stop everything after this")
    return parser.parse_args(argv)


def raise_fd_limit(needed: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, needed)) if hard != resource.RLIM_INFINITY else max(soft, needed)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    servers: list[FanoutServer] = []
    signal.signal(signal.SIGTERM, interrupt)
    try:
        with time_limit(args.max_seconds):
            return run_benchmark(args, servers)
    except TimeLimitReached as exc:
        print(f"\nSTOPPED: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("\nSTOPPED by Ctrl-C", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()


@contextmanager
def temporary_database(url: str) -> Iterator[str]:
    if url:
        reset_database(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="oj-bench-sse-") as directory:
        yield f"sqlite:///{directory}/bench.sqlite3"


def run_benchmark(args: argparse.Namespace, servers: list[FanoutServer]) -> int:
    print(f"machine:   {machine()}; load average {load_average()}")
    limit = raise_fd_limit(2 * args.clients + 200)
    if limit < 2 * args.clients + 100:
        raise SystemExit(f"the open-files limit is {limit}; {2 * args.clients + 100} are needed")
    with temporary_database(args.database_url) as database_url, tempfile.TemporaryDirectory() as var_dir:
        env = environment(database_url, args.redis_url, Path(var_dir))
        t0 = time.perf_counter()
        tickets = args.calls + args.baseline_calls + 20
        seed = json.loads(django_script(env, SEED, str(tickets), str(args.counters)).strip().splitlines()[-1])
        print(f"database:  {'SQLite file' if database_url.startswith('sqlite') else 'PostgreSQL'}; "
              f"{tickets} tickets, {args.counters} counters; set up in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        server = FanoutServer(env, port=args.port or free_port())
        servers.append(server)
        server.wait_ready()
        caller = args.caller
        if caller == "auto":
            caller = "api" if has_call_next(server.base) else "service"
        if caller == "service" and not args.redis_url:
            raise SystemExit(
                "the reception API has no call-next: calls come from a separate process, which needs "
                "the server in Redis mode (--redis-url redis://127.0.0.1:6379/N)"
            )
        mode = "Redis pub/sub" if args.redis_url else "in-process broker"
        print(f"server:    uvicorn, 1 process, {mode}; calls via {caller}, one every {args.interval:.2f} s")
        # Warm up: the first snapshot and call pay for imports and caches.
        asyncio.run(warm_up(server, seed))
        baseline, *_ = asyncio.run(
            measure(args, server, env, seed, caller, 1, args.baseline_calls, "baseline: 1 client", seed["staff"], [])
        )
        print(baseline.line())
        cpu: list[CpuUse] = []
        fanout, connect_seconds, rss_delta, thread_delta, connected = asyncio.run(
            measure(
                args, server, env, seed, caller, args.clients, args.calls, f"{args.clients} clients", seed["staff"], cpu
            )
        )
        print(fanout.line())
        ratio = fanout.ms(0.95) / baseline.ms(0.95) if baseline.latencies else math.nan
        per_connection = rss_delta / max(connected, 1)
        print(f"p95 ratio {args.clients} clients / 1 client: {ratio:.1f}×")
        print(
            f"memory per connection: {per_connection:.0f} KiB RSS ({rss_delta / 1024:.1f} MiB for {connected}); "
            f"{thread_delta / max(connected, 1):.2f} server threads per connection"
        )
        print(f"connect + snapshot: {connect_seconds * 1000 / max(connected, 1):.1f} ms per client at "
              f"{args.connect_concurrency} at once")  # fmt: skip
        if cpu:
            use = cpu[0]
            events = max(len(fanout.latencies), 1)
            print(
                f"CPU while calling ({args.calls} calls + {args.drain:.0f} s): server {use.server:.1f} s, "
                f"caller/DB/Redis/others {use.other + use.postgres:.1f} s, load client {use.client:.1f} s "
                f"of {use.capacity:.0f} CPU-s on the machine; "
                f"server {use.server * 1e6 / events:.0f} µs per delivered event"
            )
        lost = fanout.expected - len(fanout.latencies)
        ok = fanout.ms(0.95) < TARGET_P95_MS and lost == 0
        print(f"target p95 < {TARGET_P95_MS:.0f} ms with nothing lost: {verdict(ok)}")
        return 0 if ok else 1


def has_call_next(base: str) -> bool:
    """Whether the server's API has ``POST …/reception/{location}/counters/{counter}/call-next``."""
    try:
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=10) as answer:
            paths = json.load(answer).get("paths", {})
    except OSError:
        return False
    pattern = re.compile(r"/reception/\{[^}]+\}/counters/\{[^}]+\}/call-next/?$")
    return any(pattern.search(path) and "post" in operations for path, operations in paths.items())


async def warm_up(server: FanoutServer, seed: dict[str, Any]) -> None:
    def fetch() -> None:
        with urllib.request.urlopen(f"{server.base}/{SLUG}/reception/{seed['location']}/events", timeout=10) as r:
            r.read(200)

    await asyncio.to_thread(fetch)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Load test (issue 13): a realistic mix against the cluster (two app processes behind HAProxy).

Starts the cluster of ``scripts/cluster/cluster.py`` (PostgreSQL database ``ojload`` dropped and
created anew, Redis database 8, demo data, rate limits off as for a load test behind a proxy
that does its own limiting) unless ``--url`` points at a running one, then offers requests at
fixed rates (open model: arrivals do not wait for answers, so a slow server shows as latency,
not as a lower offered rate). The mix per 100 requests:

- 40 public pages (home, walk-in overview, a location's waiting times, privacy, easy language),
- 12 waiting times (API), 6 jobs search (API, skipped with a note if the API is missing),
- 6 free slots (API) and 4 bookings (API, ``Idempotency-Key``), 4 booking look-ups,
- 4 assistant questions (API), 6 application status (citizen session, API and page),
- 8 staff: draw a ticket and call the next one at a counter (API, Bearer token),
- 10 staff processing applications (inbox and one application's page, verified staff session).

For each step of the offered rate (``--rates``, each ``--step-seconds`` long) it prints the
achieved throughput, p50/p95/p99 per action, errors (any status >= 500, a timeout or an
unexpected 4xx) and where the CPU went. Baseline in the same run: ``GET /healthz`` alone at the
first rate (the floor of the stack: proxy, uvicorn, Django, one ``SELECT 1``). The knee is the
first step where p95 of the mix passes 300 ms or the achieved rate falls below 95 % of the
offered one. Only 127.0.0.1; bounded by ``--max-seconds``. Usage: ``.venv/bin/python bench/load.py [--help]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.booking import _cpu_times, _machine_busy, load_average, machine, percentile, verdict  # noqa: E402
from scripts.cluster.cluster import Cluster  # noqa: E402

TARGET_RATE = 200.0
TARGET_P95_MS = 300.0

SEED = r"""
import json, datetime as dt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.reception.models import Counter
from openjobcenter.reception.services import queue

jc = Jobcenter.objects.get(slug="demo")

def session(email):
    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user, backend="openjobcenter.accounts.backends.RoleBackend")
    if user.is_jobcenter_staff:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Load test", confirmed=True)
        s = client.session
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.save()
    return client

def cookie(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value

out = {"slug": "demo", "locations": [], "pages": []}
locations = list(Location.objects.for_tenant(jc).filter(is_active=True).order_by("pk"))
out["locations"] = [l.pk for l in locations]
out["pages"] = [reverse("core:home", kwargs={"jobcenter": "demo"}), reverse("core:privacy", kwargs={"jobcenter": "demo"}),
                reverse("core:easy_language", kwargs={"jobcenter": "demo"}),
                reverse("reception:overview", kwargs={"jobcenter": "demo"})]
out["pages"] += [reverse("reception:location_waiting", kwargs={"jobcenter": "demo", "location_id": l.pk}) for l in locations]
reception = User.objects.get(email="empfang@demo.example")
counters = []
for counter in Counter.objects.for_tenant(jc).filter(location__in=locations).select_related("zone", "location"):
    counters.append({"counter": counter.pk, "location": counter.location_id, "zone": counter.zone.code})
out["counters"] = counters
out["reception_token"] = create_token(reception, "load test")
out["citizen_cookie"] = cookie(session("kundin@demo.example"))
staff = session("leistung@demo.example")
out["staff_cookie"] = cookie(staff)
try:
    from openjobcenter.applications.models import Application
    aylin = User.objects.get(email="kundin@demo.example")
    out["citizen_applications"] = list(Application.objects.for_tenant(jc).filter(applicant=aylin).values_list("pk", flat=True)[:5])
    # Only applications this benefits officer may open (her team's, or without a case yet): others answer 403.
    submitted = Application.objects.for_tenant(jc).exclude(submitted_at=None).values_list("pk", flat=True)[:60]
    out["staff_applications"] = [pk for pk in submitted
                                 if staff.get(reverse("applications:staff_detail", kwargs={"jobcenter": "demo", "pk": pk}), HTTP_HOST="127.0.0.1").status_code == 200][:20]
except Exception as exc:
    out["citizen_applications"], out["staff_applications"] = [], []
    out["applications_error"] = repr(exc)
print(json.dumps(out))
"""


@dataclass
class CpuShare:
    """CPU seconds during one step: both app processes, HAProxy, PostgreSQL, this client, the rest."""

    apps: float = 0.0
    proxy: float = 0.0
    postgres: float = 0.0
    client: float = 0.0
    other: float = 0.0
    wall: float = 0.0

    def line(self, count: int) -> str:
        def per(seconds: float) -> str:
            return f"{seconds * 1000 / max(count, 1):.1f} ms"

        busy = self.apps + self.proxy + self.postgres + self.client + self.other
        capacity = (os.cpu_count() or 1) * self.wall
        return (
            f"CPU per request: app processes {per(self.apps)}, HAProxy {per(self.proxy)}, PostgreSQL "
            f"{per(self.postgres)}, load client {per(self.client)}, other processes {per(self.other)}; "
            f"machine {busy / capacity if capacity else math.nan:.0%} busy"
        )


class CpuMeter:
    def __init__(self, app_groups: list[int], proxy_group: int | None) -> None:
        self.apps = [str(g) for g in app_groups]
        self.proxy = str(proxy_group) if proxy_group else ""
        self.me = str(os.getpgrp())

    def __enter__(self) -> CpuShare:
        self.share = CpuShare()
        self.before = _cpu_times()
        self.busy_before, self.total_before = _machine_busy()
        self.t0 = time.perf_counter()
        return self.share

    def __exit__(self, *_exc: object) -> None:
        after = _cpu_times()
        busy, _total = _machine_busy()

        def spent(key: str) -> float:
            return after.get(key, 0.0) - self.before.get(key, 0.0) if key else 0.0

        s = self.share
        s.apps = sum(spent(g) for g in self.apps)
        s.proxy, s.postgres, s.client = spent(self.proxy), spent("postgres"), spent(self.me)
        s.other = max(0.0, busy - self.busy_before - s.apps - s.proxy - s.postgres - s.client)
        s.wall = time.perf_counter() - self.t0


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int | str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter[str] = field(default_factory=Counter)
    sent: int = 0
    done: int = 0

    def record(self, action: str, started: float, status: int | str, ok: bool) -> None:
        self.latencies[action].append(time.perf_counter() - started)
        self.statuses[action][status] += 1
        self.done += 1
        if not ok:
            self.errors[f"{action} {status}"] += 1

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


class Mix:
    """The actions of one simulated population; each returns (status, ok)."""

    def __init__(self, session: Any, base: str, seed: dict[str, Any], rng: random.Random, has_jobs: bool) -> None:
        self.http = session
        self.base = base
        self.seed = seed
        self.rng = rng
        self.slug = seed["slug"]
        self.api = f"{base}/api/v1/{self.slug}"
        self.has_jobs = has_jobs
        self.bookings: list[str] = []
        self.slots: list[dict[str, Any]] = []
        self.concerns: list[int] = []
        weights: list[tuple[str, int]] = [
            ("page", 40), ("waiting_times", 12), ("jobs_search", 6 if has_jobs else 0), ("slots", 6), ("book", 4),
            ("booking_status", 4), ("assistant", 4),
            ("application_status", 6 if seed["citizen_applications"] else 0),
            ("staff_call", 8 if seed["counters"] else 0),
            ("staff_applications", 10),
        ]  # fmt: skip
        self.actions = [name for name, weight in weights if weight]
        self.weights = [weight for _, weight in weights if weight]

    def pick(self) -> str:
        return self.rng.choices(self.actions, self.weights)[0]

    async def get(self, url: str, *, cookie: str | None = None, headers: dict[str, str] | None = None) -> int:
        hdrs = dict(headers or {})
        if cookie:
            hdrs["Cookie"] = f"ojc_session={cookie}"
        async with self.http.get(url, headers=hdrs, allow_redirects=False) as answer:
            await answer.read()
            return int(answer.status)

    async def post(self, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.http.post(url, json=body, headers=headers or {}) as answer:
            text = await answer.read()
            try:
                data = json.loads(text) if text else None
            except ValueError:
                data = None
            return int(answer.status), data

    async def prepare(self) -> None:
        async with self.http.get(f"{self.api}/appointments/concerns") as answer:
            body = await answer.json()
        items = body.get("items", body) if isinstance(body, dict) else body
        self.concerns = [item["id"] for item in items if not item.get("requires_sign_in")][:4]
        await self.refill_slots()

    async def refill_slots(self) -> int:
        status = 0
        for concern in self.rng.sample(self.concerns, min(2, len(self.concerns))):
            async with self.http.get(
                f"{self.api}/appointments/slots", params={"concern": concern, "channel": "in_person"}
            ) as answer:
                status = answer.status
                body = await answer.json() if answer.status == 200 else {}
            items = body.get("items", body.get("slots", [])) if isinstance(body, dict) else body
            for item in items[:200]:
                if "id" in item:
                    self.slots.append({"id": item["id"], "concern": concern})
                elif "slot_id" in item:
                    self.slots.append({"id": item["slot_id"], "concern": concern})
        self.rng.shuffle(self.slots)
        return status

    async def run(self, action: str) -> tuple[int | str, bool]:
        rng = self.rng
        if action == "page":
            status = await self.get(self.base + rng.choice(self.seed["pages"]))
            return status, status == 200
        if action == "waiting_times":
            location = rng.choice(self.seed["locations"])
            status = await self.get(f"{self.api}/reception/{location}/waiting-times")
            return status, status == 200
        if action == "jobs_search":
            term = rng.choice(["Lager", "Pflege", "Verkauf", "Büro", "Fahrer", ""])
            status = await self.get(f"{self.api}/jobs/vacancies?q={term}")
            return status, status == 200
        if action == "slots":
            status = await self.refill_slots()
            return status, status == 200
        if action == "book":
            if not self.slots:
                await self.refill_slots()
            if not self.slots:
                return "no_free_slot", True
            slot = self.slots.pop()
            n = uuid.uuid4().hex[:12]
            body = {
                "slot_id": slot["id"], "concern": slot["concern"], "channel": "in_person",
                "name": "Lasttest Person", "email": f"last-{n}@example.org",
            }  # fmt: skip
            status, data = await self.post(
                f"{self.api}/appointments/bookings", body, {"Idempotency-Key": str(uuid.uuid4())}
            )
            if status == 201 and data:
                self.bookings.append(data["booking_code"] + "|" + data["manage_token"])
            return status, status in (201, 409)  # 409: somebody was faster
        if action == "booking_status":
            if not self.bookings:
                return await self.run("slots")
            code, token = rng.choice(self.bookings).split("|")
            status = await self.get(f"{self.api}/appointments/bookings/{code}", headers={"X-Manage-Token": token})
            return status, status == 200
        if action == "assistant":
            question = rng.choice([
                "Wie beantrage ich Bürgergeld?", "Welche Unterlagen brauche ich?", "Wann wird das Geld überwiesen?",
                "Wie melde ich einen Umzug?", "Was ist eine Eingliederungsvereinbarung?",
            ])  # fmt: skip
            status, _ = await self.post(f"{self.api}/assistant/ask", {"question": question})
            return status, status == 200
        if action == "application_status":
            pk = rng.choice(self.seed["citizen_applications"])
            status = await self.get(f"{self.api}/applications/{pk}/status", cookie=self.seed["citizen_cookie"])
            return status, status == 200
        if action == "staff_call":
            counter = rng.choice(self.seed["counters"])
            auth = {"Authorization": f"Bearer {self.seed['reception_token']}"}
            status, _ = await self.post(
                f"{self.api}/reception/{counter['location']}/tickets", {"zone": counter["zone"]}, auth
            )
            if status != 201:
                return f"ticket {status}", False
            status, _ = await self.post(
                f"{self.api}/reception/{counter['location']}/counters/{counter['counter']}/call-next", {}, auth
            )
            return status, status in (200, 204, 409)
        if action == "staff_applications":
            cookie = self.seed["staff_cookie"]
            if self.seed["staff_applications"] and rng.random() < 0.5:
                pk = rng.choice(self.seed["staff_applications"])
                status = await self.get(f"{self.base}/{self.slug}/staff/applications/{pk}/", cookie=cookie)
            else:
                status = await self.get(f"{self.base}/{self.slug}/staff/applications/", cookie=cookie)
            return status, status == 200
        raise ValueError(action)


async def offer(mix: Mix | None, base: str, session: Any, rate: float, seconds: float, stats: Stats) -> float:
    """Send requests at ``rate`` per second for ``seconds`` (Poisson arrivals); wait for the answers."""
    tasks: set[asyncio.Task[None]] = set()
    rng = random.Random(int(rate))

    async def one() -> None:
        action = mix.pick() if mix else "healthz"
        started = time.perf_counter()
        try:
            if mix is None:
                async with session.get(f"{base}/healthz") as answer:
                    await answer.read()
                    status: int | str = answer.status
                    ok = answer.status == 200
            else:
                status, ok = await mix.run(action)
        except Exception as exc:  # counted as errors
            status, ok = type(exc).__name__, False
        stats.record(action, started, status, ok)

    started = time.perf_counter()
    next_at = started
    while (now := time.perf_counter()) < started + seconds:
        if now < next_at:
            await asyncio.sleep(next_at - now)
        task = asyncio.create_task(one())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        stats.sent += 1
        next_at += rng.expovariate(rate)
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    return time.perf_counter() - started


def ms(values: list[float], share: float) -> float:
    return percentile(values, share) * 1000


def report(label: str, stats: Stats, wall: float, cpu: CpuShare | None) -> dict[str, float]:
    every = stats.all_latencies()
    rate = stats.done / wall if wall else math.nan
    errors = sum(stats.errors.values())
    print(
        f"  {label}: {stats.done} answers in {wall:.1f} s = {rate:.1f} req/s; "
        f"p50 {ms(every, 0.5):.0f} ms, p95 {ms(every, 0.95):.0f} ms, p99 {ms(every, 0.99):.0f} ms; errors {errors}"
    )
    for action in sorted(stats.latencies):
        values = stats.latencies[action]
        shown = ", ".join(f"{k}×{v}" for k, v in stats.statuses[action].most_common(4))
        print(
            f"      {action:<20} {len(values):>6}  p50 {ms(values, 0.5):7.1f}  p95 {ms(values, 0.95):7.1f}  "
            f"p99 {ms(values, 0.99):7.1f} ms   [{shown}]"
        )
    if stats.errors:
        print("      errors: " + ", ".join(f"{k}×{v}" for k, v in stats.errors.most_common(8)))
    if cpu is not None:
        print("      " + cpu.line(stats.done))
    return {"rate": rate, "p95": ms(every, 0.95), "errors": errors}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running cluster (e.g. http://127.0.0.1:8100) instead of starting one")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ojload")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--rates", default="50,100,200,300", help="offered requests per second, one step each")
    parser.add_argument("--step-seconds", type=float, default=20)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--connections", type=int, default=200, help="client connection pool size")
    return parser.parse_args(argv)


def seed_data(cluster: Cluster) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SEED],
        cwd=ROOT, env=cluster.env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"seeding failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


async def measure(args: argparse.Namespace, base: str, seed: dict[str, Any], meter: CpuMeter) -> int:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=15)
    deadline = time.monotonic() + args.max_seconds
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async with session.get(f"{base}/api/v1/openapi.json") as answer:
            paths = (await answer.json()).get("paths", {})
        has_jobs = "/api/v1/{jobcenter}/jobs/vacancies" in paths
        if not has_jobs:
            print("NOTE: /api/v1/<slug>/jobs/vacancies is not in the API: jobs search left out of the mix")
        mix = Mix(session, base, seed, random.Random(13), has_jobs)
        await mix.prepare()
        print(f"mix: {', '.join(f'{a} {w}' for a, w in zip(mix.actions, mix.weights, strict=True))} (per 100)")
        print(f"data: {len(mix.slots)} free slots seen, {len(seed['counters'])} counters, "
              f"{len(seed['citizen_applications'])} applications of the citizen, "
              f"{len(seed['staff_applications'])} submitted applications")  # fmt: skip
        rates = [float(r) for r in args.rates.split(",")]
        # Warm-up: every action once per process (imports, templates, connection pools).
        await offer(mix, base, session, 20, 3, Stats())
        print(f"\nbaseline: GET /healthz alone at {rates[0]:.0f}/s for {args.step_seconds:.0f} s")
        stats = Stats()
        with meter as cpu:
            wall = await offer(None, base, session, rates[0], args.step_seconds, stats)
        report("healthz", stats, wall, cpu)
        results: list[tuple[float, dict[str, float]]] = []
        for rate in rates:
            if time.monotonic() + args.step_seconds + 30 > deadline:
                print(f"time limit: step {rate:.0f}/s and later left out")
                break
            print(f"\nmix offered at {rate:.0f} req/s for {args.step_seconds:.0f} s (load average {load_average()})")
            stats = Stats()
            with meter as cpu:
                wall = await offer(mix, base, session, rate, args.step_seconds, stats)
            results.append((rate, report("mix", stats, wall, cpu)))
    print("\nSUMMARY (offered → achieved, p95, errors)")
    knee = None
    for rate, figures in results:
        fine = figures["p95"] < TARGET_P95_MS and figures["rate"] >= 0.95 * rate and figures["errors"] == 0
        if not fine and knee is None:
            knee = rate
        print(f"  {rate:6.0f}/s → {figures['rate']:6.1f}/s  p95 {figures['p95']:7.0f} ms  errors {figures['errors']:.0f}  "
              f"{verdict(fine)}")  # fmt: skip
    print(f"  knee: {'none up to ' + str(int(results[-1][0])) + '/s' if knee is None and results else f'{knee:.0f}/s'}")
    target = [f for r, f in results if r == TARGET_RATE]
    if target:
        ok = target[0]["p95"] < TARGET_P95_MS and target[0]["errors"] == 0 and target[0]["rate"] >= 0.95 * TARGET_RATE
        print(f"  target 200 req/s, p95 < 300 ms, no errors: {verdict(ok)}")
        return 0 if ok else 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine())
    cluster = Cluster(port=8110, app_ports=(8111, 8112), database_url=args.database_url,
                      redis_url=args.redis_url, ratelimits=False, email_url="locmem://",
                      var=ROOT / "var" / "cluster-load")  # fmt: skip
    try:
        meter = CpuMeter([], None)
        if args.url:
            base = args.url.rstrip("/")
        else:
            t0 = time.perf_counter()
            print(f"starting the cluster on {args.database_url} (fresh database, demo data) …", flush=True)
            cluster.start(reset=True)
            base = cluster.base
            meter = CpuMeter(
                [p.process.pid for p in cluster.apps if p.process],
                cluster.proxy.process.pid if cluster.proxy and cluster.proxy.process else None,
            )
            print(
                f"cluster up in {time.perf_counter() - t0:.0f} s: {base} → 2 app processes; load average {load_average()}"
            )
        seed = seed_data(cluster)
        return asyncio.run(measure(args, base, seed, meter))
    except KeyboardInterrupt:
        return 130
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())

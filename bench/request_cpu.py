#!/usr/bin/env python
"""CPU per request of the load-test mix (issue 13), measured inside one app process.

``bench/load.py`` measures the cluster from outside; this script shows where the app's CPU goes.
It prepares its own PostgreSQL database (``oj_perf``: created, migrated, demo data, static files
collected into ``var/perf``) and then, in this process, with the environment of an app process
of the cluster (``scripts/cluster/cluster.py``: ``DEBUG=off``, demo mode, Redis cache and
pub/sub, rate limits off as in the load test, one trusted proxy), sends every action of the
mix ``--runs`` times through the project's ASGI application (the same object uvicorn serves,
without the HTTP parsing), one request at a time. For each action it prints the CPU time of this
process per action (``time.process_time``: every thread, i.e. the event loop and the threads
running sync code), the wall time, the database queries and the statuses; then the weighted mix
figure. Baseline in the same run: ``GET /healthz`` (one ``SELECT 1`` and a Redis ``PING``).

The actions and weights are those of ``bench/load.py`` (per 100): 40 public pages (uniformly over
home, privacy, easy language, walk-in overview and every location's waiting times), 12 waiting
times (API), 6 jobs search (API), 6 free slots (API; two searches, as in load.py), 4 bookings,
4 booking look-ups, 4 assistant questions, 6 application status (citizen session), 8 staff
ticket draw + call-next (Bearer token; two requests), 10 staff applications (inbox and one
application's page, half each; verified staff session).

``--profile ACTION`` runs that action under cProfile through ``django.test.Client`` (sync, so
that all of the request runs in the profiled thread) and prints the top functions.

Usage::

    .venv/bin/python bench/request_cpu.py                  # fresh oj_perf, 200 runs per action
    .venv/bin/python bench/request_cpu.py --keep --runs 300
    .venv/bin/python bench/request_cpu.py --keep --profile page:home --profile staff_inbox
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import faulthandler
import io
import json
import os
import pstats
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.booking import load_average, machine  # noqa: E402
from scripts.cluster.cluster import Cluster  # noqa: E402

HOST = "127.0.0.1:8110"
SLUG = "demo"
TERMS = ["Lager", "Pflege", "Verkauf", "Büro", "Fahrer", ""]
QUESTIONS = [
    "Wie beantrage ich Bürgergeld?",
    "Welche Unterlagen brauche ich?",
    "Wann wird das Geld überwiesen?",
    "Wie melde ich einen Umzug?",
    "Was ist eine Eingliederungsvereinbarung?",
]


def cluster_environment(database_url: str, redis_url: str, var: Path) -> dict[str, str]:
    """What ``Cluster.env()`` gives an app process in ``bench/load.py`` (rate limits off)."""
    cluster = Cluster(
        database_url=database_url, redis_url=redis_url, ratelimits=False, email_url="locmem://",
        extra_env={"VAR_DIR": str(var)},
    )  # fmt: skip
    return cluster.env()


def prepare(database_url: str, env: dict[str, str]) -> None:
    """Drop and create the database, migrate, load the demo data, collect static files."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("oj_"):
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database's name must start with oj_")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    for args in (["migrate", "--noinput", "--verbosity", "0"], ["createcachetable"], ["load_demo"],
                 ["collectstatic", "--noinput", "--verbosity", "0"]):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


# --- the people and objects of the mix (as bench/load.py's SEED) ----------------------------------------


@dataclass
class Seed:
    pages: dict[str, str]
    locations: list[int]
    counters: list[dict[str, Any]]
    reception_token: str
    citizen_cookie: str
    staff_cookie: str
    citizen_applications: list[int]
    staff_applications: list[int]
    concerns: list[int] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)
    bookings: list[tuple[str, str]] = field(default_factory=list)


def seed() -> Seed:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openjobcenter.accounts.api_tokens import create_token
    from openjobcenter.accounts.models import User
    from openjobcenter.applications.models import Application
    from openjobcenter.core.models import Jobcenter, Location
    from openjobcenter.reception.models import Counter as DeskCounter

    jc = Jobcenter.objects.get(slug=SLUG)

    def session(email: str) -> Client:
        user = User.objects.get(email=email)
        client = Client(HTTP_HOST=HOST)
        client.force_login(user, backend="openjobcenter.accounts.backends.RoleBackend")
        if user.is_jobcenter_staff:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="Load test", confirmed=True
            )
            s = client.session
            s[DEVICE_ID_SESSION_KEY] = device.persistent_id
            s.save()
        return client

    def cookie(client: Client) -> str:
        return str(client.cookies[settings.SESSION_COOKIE_NAME].value)

    locations = list(Location.objects.for_tenant(jc).filter(is_active=True).order_by("pk"))
    kw = {"jobcenter": SLUG}
    pages = {
        "home": reverse("core:home", kwargs=kw),
        "privacy": reverse("core:privacy", kwargs=kw),
        "easy_language": reverse("core:easy_language", kwargs=kw),
        "walk_in_overview": reverse("reception:overview", kwargs=kw),
    }
    for loc in locations:
        pages[f"waiting_{loc.pk}"] = reverse("reception:location_waiting", kwargs={**kw, "location_id": loc.pk})
    counters = [
        {"counter": c.pk, "location": c.location_id, "zone": c.zone.code}
        for c in DeskCounter.objects.for_tenant(jc).filter(location__in=locations).select_related("zone")
    ]
    citizen = User.objects.get(email="kundin@demo.example")
    staff = session("leistung@demo.example")
    # Only applications this benefits officer may open (as bench/load.py): others answer 403.
    submitted = Application.objects.for_tenant(jc).exclude(submitted_at=None).values_list("pk", flat=True)[:60]
    url = "applications:staff_detail"
    openable = [pk for pk in submitted if staff.get(reverse(url, kwargs={**kw, "pk": pk})).status_code == 200]
    return Seed(
        pages=pages,
        locations=[loc.pk for loc in locations],
        counters=counters,
        reception_token=create_token(User.objects.get(email="empfang@demo.example"), "request cpu"),
        citizen_cookie=cookie(session("kundin@demo.example")),
        staff_cookie=cookie(staff),
        citizen_applications=list(
            Application.objects.for_tenant(jc).filter(applicant=citizen).values_list("pk", flat=True)[:5]
        ),
        staff_applications=openable[:20],
    )


# --- requests through the ASGI application ----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes


class Asgi:
    """One request at a time through ``openjobcenter.asgi.application``, as HAProxy + uvicorn hand it over."""

    def __init__(self) -> None:
        from openjobcenter.asgi import application

        self.app = application

    async def request(
        self, method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Answer:
        path, _, query = url.partition("?")
        hdrs = {"host": HOST, "x-forwarded-for": "127.0.0.1", "user-agent": "request-cpu", **(headers or {})}
        if body:
            hdrs["content-length"] = str(len(body))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in hdrs.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8111),
            "state": {},
        }
        sent = False
        chunks: list[bytes] = []
        status = 0

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)  # a client that stays connected
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return Answer(status, b"".join(chunks))

    async def get(self, url: str, *, cookie: str | None = None, headers: dict[str, str] | None = None) -> Answer:
        hdrs = dict(headers or {})
        if cookie:
            hdrs["cookie"] = f"ojc_session={cookie}"
        return await self.request("GET", url, headers=hdrs)

    async def post(self, url: str, data: dict[str, Any], headers: dict[str, str] | None = None) -> Answer:
        hdrs = {"content-type": "application/json", **(headers or {})}
        return await self.request("POST", url, headers=hdrs, body=json.dumps(data).encode())


class SyncClient:
    """The same calls through ``django.test.Client``: all in one thread, so cProfile sees everything."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_X_FORWARDED_FOR="127.0.0.1")

    async def get(self, url: str, *, cookie: str | None = None, headers: dict[str, str] | None = None) -> Answer:
        self.client.cookies.clear()
        if cookie:
            self.client.cookies["ojc_session"] = cookie
        answer = self.client.get(url, headers=headers or {})
        return Answer(answer.status_code, b"" if answer.streaming else answer.content)

    async def post(self, url: str, data: dict[str, Any], headers: dict[str, str] | None = None) -> Answer:
        self.client.cookies.clear()
        answer = self.client.post(url, data, content_type="application/json", headers=headers or {})
        return Answer(answer.status_code, answer.content)


# --- the actions of the mix -------------------------------------------------------------------------------

Http = Asgi | SyncClient
Action = Callable[[Http, Seed, int], Any]


async def refill_slots(http: Http, s: Seed, i: int) -> list[int]:
    api = f"/api/v1/{SLUG}"
    if not s.concerns:
        answer = await http.get(f"{api}/appointments/concerns")
        body = json.loads(answer.body)
        items = body.get("items", body) if isinstance(body, dict) else body
        s.concerns = [item["id"] for item in items if not item.get("requires_sign_in")][:4]
    statuses = []
    for k in range(min(2, len(s.concerns))):
        concern = s.concerns[(i + k) % len(s.concerns)]
        answer = await http.get(f"{api}/appointments/slots?concern={concern}&channel=in_person")
        statuses.append(answer.status)
        body = json.loads(answer.body) if answer.status == 200 else {}
        items = body.get("items", body.get("slots", [])) if isinstance(body, dict) else body
        s.slots.extend({"id": item.get("id", item.get("slot_id")), "concern": concern} for item in items[:200])
    return statuses


async def book(http: Http, s: Seed, i: int) -> list[int]:
    if len(s.slots) < 2:
        await refill_slots(http, s, i)
    slot = s.slots.pop(len(s.slots) // 2)
    n = uuid.uuid4().hex[:12]
    body = {"slot_id": slot["id"], "concern": slot["concern"], "channel": "in_person", "name": "Lasttest Person",
            "email": f"last-{n}@example.org"}  # fmt: skip
    answer = await http.post(f"/api/v1/{SLUG}/appointments/bookings", body, {"Idempotency-Key": str(uuid.uuid4())})
    if answer.status == 201:
        data = json.loads(answer.body)
        s.bookings.append((data["booking_code"], data["manage_token"]))
    return [answer.status]


async def booking_status(http: Http, s: Seed, i: int) -> list[int]:
    code, token = s.bookings[i % len(s.bookings)]
    answer = await http.get(f"/api/v1/{SLUG}/appointments/bookings/{code}", headers={"X-Manage-Token": token})
    return [answer.status]


async def staff_call(http: Http, s: Seed, i: int) -> list[int]:
    counter = s.counters[i % len(s.counters)]
    auth = {"Authorization": f"Bearer {s.reception_token}"}
    api = f"/api/v1/{SLUG}/reception/{counter['location']}"
    ticket = await http.post(f"{api}/tickets", {"zone": counter["zone"]}, auth)
    called = await http.post(f"{api}/counters/{counter['counter']}/call-next", {}, auth)
    return [ticket.status, called.status]


def page(url: str) -> Action:
    async def run(http: Http, s: Seed, i: int) -> list[int]:
        return [(await http.get(url)).status]

    return run


def actions(s: Seed) -> list[tuple[str, float, Action]]:
    """(name, weight per 100 requests of the mix, action); weights as in bench/load.py."""
    api = f"/api/v1/{SLUG}"
    page_weight = 40 / len(s.pages)

    async def healthz(http: Http, _s: Seed, _i: int) -> list[int]:
        return [(await http.get("/healthz")).status]

    async def waiting_times(http: Http, s: Seed, i: int) -> list[int]:
        return [(await http.get(f"{api}/reception/{s.locations[i % len(s.locations)]}/waiting-times")).status]

    async def jobs_search(http: Http, s: Seed, i: int) -> list[int]:
        return [(await http.get(f"{api}/jobs/vacancies?q={TERMS[i % len(TERMS)]}")).status]

    async def assistant(http: Http, s: Seed, i: int) -> list[int]:
        return [(await http.post(f"{api}/assistant/ask", {"question": QUESTIONS[i % len(QUESTIONS)]})).status]

    async def application_status(http: Http, s: Seed, i: int) -> list[int]:
        pk = s.citizen_applications[i % len(s.citizen_applications)]
        return [(await http.get(f"{api}/applications/{pk}/status", cookie=s.citizen_cookie)).status]

    async def staff_inbox(http: Http, s: Seed, i: int) -> list[int]:
        return [(await http.get(f"/{SLUG}/staff/applications/", cookie=s.staff_cookie)).status]

    async def staff_application(http: Http, s: Seed, i: int) -> list[int]:
        pk = s.staff_applications[i % len(s.staff_applications)]
        return [(await http.get(f"/{SLUG}/staff/applications/{pk}/", cookie=s.staff_cookie)).status]

    return [
        ("healthz", 0, healthz),
        *[(f"page:{name}", page_weight, page(url)) for name, url in s.pages.items()],
        ("waiting_times", 12, waiting_times),
        ("jobs_search", 6, jobs_search),
        ("slots", 6, refill_slots),
        ("book", 4, book),
        ("booking_status", 4, booking_status),
        ("assistant", 4, assistant),
        ("application_status", 6 if s.citizen_applications else 0, application_status),
        ("staff_call", 8 if s.counters else 0, staff_call),
        ("staff_inbox", 5, staff_inbox),
        ("staff_application", 5 if s.staff_applications else 0, staff_application),
    ]


# --- measuring ------------------------------------------------------------------------------------------


class Queries:
    """Counts database queries of every connection (installed on each new one)."""

    count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        Queries.count += 1
        return execute(sql, params, many, context)

    def install(self) -> None:
        from django.db.backends.signals import connection_created

        def add(sender: Any, connection: Any, **_kw: Any) -> None:
            if not any(isinstance(w, Queries) for w in connection.execute_wrappers):
                connection.execute_wrappers.append(self)

        connection_created.connect(add, weak=False)


@dataclass
class Result:
    name: str
    weight: float
    runs: int
    cpu_ms: float
    wall_ms: float
    queries: float
    statuses: Counter[int]


async def measure(http: Http, s: Seed, name: str, weight: float, action: Action, runs: int, warmup: int) -> Result:
    for i in range(warmup):
        await action(http, s, i)
    statuses: Counter[int] = Counter()
    q0 = Queries.count
    c0, w0 = time.process_time(), time.perf_counter()
    for i in range(runs):
        statuses.update(await action(http, s, warmup + i))
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return Result(name, weight, runs, cpu * 1000 / runs, wall * 1000 / runs, (Queries.count - q0) / runs, statuses)


def print_results(results: list[Result]) -> None:
    print(f"\n{'action':<22} {'weight':>6} {'runs':>5} {'CPU ms':>8} {'wall ms':>8} {'queries':>8}  statuses")
    for r in results:
        shown = ", ".join(f"{k}×{v}" for k, v in sorted(r.statuses.items()))
        print(f"{r.name:<22} {r.weight:6.1f} {r.runs:5d} {r.cpu_ms:8.2f} {r.wall_ms:8.2f} {r.queries:8.1f}  {shown}")
    weighted = [r for r in results if r.weight]
    total = sum(r.weight for r in weighted)
    mix_cpu = sum(r.cpu_ms * r.weight for r in weighted) / total
    mix_queries = sum(r.queries * r.weight for r in weighted) / total
    pages = [r for r in weighted if r.name.startswith("page:")]
    page_cpu = sum(r.cpu_ms for r in pages) / len(pages) if pages else float("nan")
    base = next((r for r in results if r.name == "healthz"), None)
    print(f"\npublic pages (mean of {len(pages)}): {page_cpu:.2f} ms CPU")
    print(f"weighted mix: {mix_cpu:.2f} ms CPU per request, {mix_queries:.1f} queries per request")
    if base:
        print(f"baseline GET /healthz: {base.cpu_ms:.2f} ms CPU; mix / baseline = {mix_cpu / base.cpu_ms:.1f}")
    print(f"at 100 % of 2 cores this CPU alone allows at most {2000 / mix_cpu:.0f} requests/s of the mix")


def run_sync(coroutine: Any) -> Any:
    """Run an action with the sync client to its end without an event loop (it never suspends)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("an action suspended: the sync client must not await anything")


def profile(s: Seed, todo: list[tuple[str, float, Action]], names: list[str], runs: int, top: int) -> None:
    http = SyncClient()
    chosen = {name: action for name, _w, action in todo}
    for name in names:
        if name not in chosen:
            raise SystemExit(f"unknown action {name!r}; known: {', '.join(chosen)}")
        action = chosen[name]
        for i in range(5):
            run_sync(action(http, s, i))
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(runs):
            run_sync(action(http, s, 5 + i))
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(top)
        print(f"\n===== cProfile {name}, {runs} runs (sync test client), by cumulative time =====")
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
        print(f"===== cProfile {name}, by own time =====")
        print(out.getvalue())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/oj_perf")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--keep", action="store_true", help="reuse the prepared database (no drop, migrate, demo)")
    parser.add_argument("--runs", type=int, default=200, help="timed requests per action (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per action first (default 10)")
    parser.add_argument("--only", action="append", default=[], help="measure only these actions (repeatable)")
    parser.add_argument("--profile", action="append", default=[], help="cProfile this action (repeatable)")
    parser.add_argument("--top", type=int, default=40, help="functions shown per profile")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop measuring further actions after this")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Bounded: a hang (a lock, a pool that never hands out a connection) ends the run with a traceback.
    faulthandler.dump_traceback_later(args.max_seconds + 600, exit=True)
    var = ROOT / "var" / "perf"
    env = cluster_environment(args.database_url, args.redis_url, var)
    print(machine())
    print(f"load average at start: {load_average()}")
    if not args.keep:
        t0 = time.perf_counter()
        print(f"preparing {args.database_url} (drop, migrate, demo data, static files) …", flush=True)
        prepare(args.database_url, env)
        print(f"prepared in {time.perf_counter() - t0:.0f} s")
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()  # the Redis database of this benchmark only
    Queries().install()
    s = seed()
    todo = actions(s)
    if args.profile:
        profile(s, todo, args.profile, args.runs, args.top)
        return 0
    if args.only:
        todo = [t for t in todo if t[0] in args.only or t[0] == "healthz"]
    deadline = time.monotonic() + args.max_seconds

    async def run_all() -> list[Result]:
        http = Asgi()
        results = []
        for name, weight, action in todo:
            if time.monotonic() > deadline:
                print(f"time limit: {name} and later left out")
                break
            results.append(await measure(http, s, name, weight, action, args.runs, args.warmup))
            print(f"  {name}: {results[-1].cpu_ms:.2f} ms CPU", flush=True)
        return results

    print(f"measuring {len(todo)} actions × {args.runs} runs through the ASGI application …", flush=True)
    results = asyncio.run(run_all())
    print_results(results)
    print(f"load average at end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Two real app processes sharing Redis: a ticket called through one appears on a display of the other.

Both processes are uvicorn servers of the project's ASGI application on one SQLite file with
``REDIS_URL`` set. The display's event stream is connected to process B; the ticket is called
through the reception API of process A. Skipped only when no Redis server is reachable (CI runs
Redis as a service).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openjobcenter.reception.tests.test_realtime import parse_events, run_async

ROOT = Path(__file__).resolve().parents[3]
REDIS_DB = 12


def _redis_url() -> str | None:
    import redis

    url = os.environ.get("REALTIME_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{REDIS_DB}")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


REDIS_URL = _redis_url()
pytestmark = pytest.mark.skipif(REDIS_URL is None, reason="Redis is not reachable")

SEED = """
import json
from django.core.management import call_command
from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.accounts.models import RoleAssignment, User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.models import Counter, ZoneSettings
from openjobcenter.reception.services import queue

call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
jc = Jobcenter.objects.create(slug="zwei", name="Jobcenter Zwei", street="Weg 1", postal_code="12345", city="Ort")
loc = Location.all_tenants.create(jobcenter=jc, name="Mitte", street="Weg 1", postal_code="12345", city="Ort")
zone = ReceptionZone.all_tenants.create(jobcenter=jc, location=loc, code="A", name={"de": "Anmeldung"})
ZoneSettings.all_tenants.create(jobcenter=jc, zone=zone)
counter = Counter.all_tenants.create(jobcenter=jc, location=loc, zone=zone, name="7")
user = User.objects.create_user("empfang@zwei.example", None, first_name="Emre", last_name="Y", jobcenter=jc)
RoleAssignment.objects.create(user=user, role=Role.RECEPTION)
queue.open_counter(counter, user)
tickets = [queue.issue_ticket(loc, zone=zone) for _ in range(2)]
print(json.dumps({"location": loc.pk, "counter": counter.pk, "token": create_token(user, "test"),
                  "first": tickets[0].number}))
"""


def _environment(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"OJC_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="openjobcenter.settings",
        DEMO="on",
        DEBUG="off",
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL=REDIS_URL or "",
        RATELIMITS="off",
        SIGNIN_THROTTLING="off",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        VAR_DIR=str(database.parent),
    )
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    env = _environment(tmp_path / "db.sqlite3")
    seeded = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SEED],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    processes, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "openjobcenter.asgi:application",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--log-level",
                        "warning",
                        "--no-access-log",
                    ],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            _wait_ready(base)
        yield bases[0], bases[1], data
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def _wait_ready(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{base} did not start")


def test_a_call_through_process_a_reaches_a_display_on_process_b(two_servers):
    import aiohttp

    base_a, base_b, data = two_servers
    location, counter = data["location"], data["counter"]

    async def test() -> None:
        events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        timeout = aiohttp.ClientTimeout(total=20)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(f"{base_b}/zwei/reception/{location}/events") as stream,
        ):
            assert stream.status == 200
            assert stream.headers["Content-Type"].startswith("text/event-stream")

            async def read() -> None:
                buffer = b""
                async for chunk in stream.content.iter_any():
                    buffer += chunk
                    found, buffer = parse_events(buffer)
                    for item in found:
                        events.put_nowait(item)

            reader = asyncio.create_task(read())

            async def until(name: str, wait: float) -> dict[str, Any]:
                while True:
                    item = await asyncio.wait_for(events.get(), wait)
                    if item["event"] == name:
                        return item

            snapshot = await until("snapshot", 5)
            assert snapshot["data"]["recent_calls"] == []
            started = time.monotonic()
            async with session.post(
                f"{base_a}/api/v1/zwei/reception/{location}/counters/{counter}/call-next",
                headers={"Authorization": f"Bearer {data['token']}"},
            ) as answer:
                assert answer.status == 200, await answer.text()
                body = await answer.json()
            assert body["ticket_number"] == data["first"]
            called = await until("ticket-called", 1.0)
            assert time.monotonic() - started < 1.0
            assert called["data"]["ticket_number"] == data["first"] and called["data"]["counter"] == "7"
            times = await until("waiting-times", 1.0)
            assert times["data"]["zones"][0]["waiting"] == 1
            reader.cancel()

    run_async(test())

"""Live events: the SSE streams, the in-process and Redis brokers, reconnects and tenant isolation.

The streams are read through Django's AsyncClient (the whole middleware stack, the real async
view); the queue is moved through the services in the request thread, as staff views do.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test import AsyncClient
from django.urls import reverse

from openjobcenter.core import realtime
from openjobcenter.core.models import Location
from openjobcenter.reception.models import Ticket
from openjobcenter.reception.services import queue
from openjobcenter.reception.views import events as event_views

# The streams read the database from the request's worker thread: data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def run_async[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on an event loop in a thread of its own: Playwright (the browser tests) keeps
    an event loop running in the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- An SSE client --------------------------------------------------------------------------------


def parse_events(buffer: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """Complete events in ``buffer`` (``{"event", "id", "data", "comment", "retry"}``) and the rest."""
    found = []
    *blocks, rest = buffer.split(b"\n\n")
    for raw in blocks:
        block = raw.decode()
        item: dict[str, Any] = {"event": "message", "id": None, "data": None, "comment": None, "retry": None}
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "":
                item["comment"] = value
            elif name == "data":
                item["data"] = json.loads(value)
            elif name in {"event", "id", "retry"}:
                item[name] = value
        found.append(item)
    return found, rest


class Stream:
    """Reads one SSE response in a background task; ``next()`` hands out its events in order."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.content = response.streaming_content
        self.task = asyncio.create_task(self._pump())
        self.ended = asyncio.Event()

    async def _pump(self) -> None:
        buffer = b""
        try:
            async for chunk in self.content:
                buffer += chunk
                found, buffer = parse_events(buffer)
                for item in found:
                    self.events.put_nowait(item)
        finally:
            self.ended.set()

    async def next(self, timeout: float = 2.0, *, skip_comments: bool = True) -> dict[str, Any]:
        while True:
            item = await asyncio.wait_for(self.events.get(), timeout)
            if skip_comments and (item["comment"] is not None or item["retry"] is not None):
                continue
            return item

    async def until(self, event: str, timeout: float = 2.0) -> dict[str, Any]:
        while True:
            item = await self.next(timeout)
            if item["event"] == event:
                return item

    async def close(self) -> None:
        """The client goes away."""
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.content.aclose()


async def connect(path: str) -> Stream:
    response = await AsyncClient().get(path)
    assert response.status_code == 200, response.status_code
    return Stream(response)


def run(test: Callable[[], Awaitable[None]]) -> None:
    async def main() -> None:
        try:
            await test()
        finally:
            await sync_to_async(lambda: connection.close())()  # the worker thread's connection

    run_async(main())


def events_url(location: Location) -> str:
    return reverse("reception:events", kwargs={"jobcenter": location.jobcenter.slug, "location_id": location.pk})


def ticket_url(ticket: Ticket, slug: str = "demo") -> str:
    return reverse("reception:ticket_events", kwargs={"jobcenter": slug, "token": ticket.token})


class DisplayState:
    """What a display keeps: the latest snapshot, with live events applied as docs/realtime.md says."""

    def __init__(self) -> None:
        self.waiting_times: dict[str, Any] = {}
        self.recent_calls: list[dict[str, Any]] = []

    def apply(self, item: dict[str, Any]) -> None:
        data = item["data"]
        if item["event"] == "snapshot":
            self.waiting_times, self.recent_calls = data["waiting_times"], data["recent_calls"]
        elif item["event"] == "ticket-called":
            others = [c for c in self.recent_calls if c["ticket_number"] != data["ticket_number"]]
            self.recent_calls = [data, *others][:10]
        elif item["event"] == "waiting-times":
            self.waiting_times = data

    def reduced(self) -> dict[str, Any]:
        return {
            "zones": self.waiting_times.get("zones"),
            "location": self.waiting_times.get("location"),
            "calls": self.recent_calls,
        }


# --- The location stream ----------------------------------------------------------------------------


def test_location_stream_starts_with_retry_and_a_snapshot(demo_location, zone, counter, emre):
    queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)

    async def test() -> None:
        stream = await connect(events_url(demo_location))
        response = stream.response
        assert response["Content-Type"] == "text/event-stream; charset=utf-8"
        assert response["Cache-Control"] == "no-cache"
        assert response["X-Accel-Buffering"] == "no"
        first = await stream.next(skip_comments=False)
        assert first["retry"] == "3000"
        snapshot = await stream.next()
        assert snapshot["event"] == "snapshot" and snapshot["id"]
        body = snapshot["data"]
        assert body["recent_calls"] == []
        assert body["waiting_times"]["location"] == demo_location.pk
        (zone_a,) = body["waiting_times"]["zones"]
        assert zone_a["zone"] == "A" and zone_a["waiting"] == 1 and zone_a["open_counters"] == 1
        assert zone_a["estimated_wait_range"] is not None
        await stream.close()

    run(test)


def test_a_call_reaches_the_display_within_a_second(demo_location, zone, counter, emre):
    first = queue.issue_ticket(demo_location, zone=zone)
    queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)

    async def test() -> None:
        stream = await connect(events_url(demo_location))
        await stream.until("snapshot")
        started = time.monotonic()
        await sync_to_async(queue.call_next)(counter, emre)
        called = await stream.until("ticket-called", timeout=1.0)
        assert time.monotonic() - started < 1.0
        assert called["id"]
        assert called["data"]["ticket_number"] == first.number
        assert called["data"]["counter"] == "1" and called["data"]["zone"] == "A"
        assert called["data"]["call_count"] == 1 and called["data"]["called_at"]
        times = await stream.until("waiting-times", timeout=1.0)
        assert times["data"]["zones"][0]["waiting"] == 1
        # A recall is a new ticket-called with the next call count.
        ticket = await sync_to_async(Ticket.all_tenants.get)(pk=first.pk)
        await sync_to_async(queue.recall)(ticket, counter, emre)
        recalled = await stream.until("ticket-called", timeout=1.0)
        assert recalled["data"]["ticket_number"] == first.number and recalled["data"]["call_count"] == 2
        await stream.close()

    run(test)


def test_a_rolled_back_call_shows_nothing(demo_location, zone, counter, emre):
    queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)

    def call_and_roll_back() -> None:
        from django.db import transaction

        with transaction.atomic():
            queue.call_next(counter, emre)
            transaction.set_rollback(True)

    async def test() -> None:
        stream = await connect(events_url(demo_location))
        await stream.until("snapshot")
        await sync_to_async(call_and_roll_back)()
        with pytest.raises(TimeoutError):
            await stream.until("ticket-called", timeout=0.3)
        await stream.close()

    run(test)


def test_a_client_that_reconnects_ends_in_the_same_state_as_a_fresh_one(demo_location, zone, counter, counter2, emre):
    tickets = [queue.issue_ticket(demo_location, zone=zone) for _ in range(6)]
    queue.open_counter(counter, emre)

    async def drain(stream: Stream, state: DisplayState) -> None:
        while True:
            try:
                state.apply(await stream.next(timeout=0.3))
            except TimeoutError:
                return

    async def test() -> None:
        steady, steady_state = await connect(events_url(demo_location)), DisplayState()
        flaky, flaky_state = await connect(events_url(demo_location)), DisplayState()
        for stream, state in ((steady, steady_state), (flaky, flaky_state)):
            state.apply(await stream.until("snapshot"))
        await sync_to_async(queue.call_next)(counter, emre)
        await drain(flaky, flaky_state)
        await flaky.close()  # network lost: this display misses what follows
        await sync_to_async(queue.call_next)(counter2, emre)
        called = await sync_to_async(Ticket.all_tenants.get)(pk=tickets[0].pk)
        await sync_to_async(queue.recall)(called, counter, emre)
        await sync_to_async(queue.issue_ticket)(demo_location, zone=zone)
        await sync_to_async(queue.call_next)(counter2, emre)
        await drain(steady, steady_state)
        flaky = await connect(events_url(demo_location))  # back online
        flaky_state.apply(await flaky.until("snapshot"))
        fresh, fresh_state = await connect(events_url(demo_location)), DisplayState()
        fresh_state.apply(await fresh.until("snapshot"))
        assert [c["ticket_number"] for c in fresh_state.recent_calls] == ["A003", "A001", "A002"]
        assert fresh_state.recent_calls[1]["call_count"] == 2
        assert fresh_state.reduced()["zones"][0]["waiting"] == 4
        assert flaky_state.reduced() == fresh_state.reduced()
        assert steady_state.reduced() == fresh_state.reduced()
        for stream in (steady, flaky, fresh):
            await stream.close()

    run(test)


def test_heartbeat_and_the_subscription_ends_with_the_client(demo_location, zone, monkeypatch):
    monkeypatch.setattr(event_views, "HEARTBEAT_SECONDS", 0.05)

    async def test() -> None:
        before = realtime.broker().subscriber_count()
        stream = await connect(events_url(demo_location))
        await stream.until("snapshot")
        assert realtime.broker().subscriber_count() == before + 1
        ping = await stream.next(timeout=1.0, skip_comments=False)
        assert ping["comment"] == "ping"
        await stream.close()
        assert realtime.broker().subscriber_count() == before

    run(test)


def test_the_stream_holds_no_database_connection_between_events(demo_location, zone, monkeypatch):
    closed = []
    monkeypatch.setattr(event_views, "_release_connection", lambda: closed.append(connection.connection is None))

    async def test() -> None:
        stream = await connect(events_url(demo_location))
        await stream.until("snapshot")
        await stream.close()

    run(test)
    assert len(closed) == 2  # after the location check and after the snapshot


# --- The ticket stream ------------------------------------------------------------------------------


def test_ticket_stream_follows_the_position_and_the_call(demo_location, zone, counter, emre):
    ahead = queue.issue_ticket(demo_location, zone=zone)
    mine = queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)

    async def test() -> None:
        stream = await connect(ticket_url(mine))
        snapshot = await stream.until("snapshot")
        assert snapshot["data"]["ticket_number"] == mine.number
        assert snapshot["data"]["status"] == "waiting" and snapshot["data"]["position"] == 1
        await sync_to_async(queue.call_next)(counter, emre)  # the one ahead is called
        moved = await stream.until("ticket-updated", timeout=1.0)
        assert moved["data"]["position"] == 0 and moved["data"]["status"] == "waiting"
        await sync_to_async(queue.call_next)(counter, emre)  # now it is my turn
        called = await stream.until("ticket-updated", timeout=1.0)
        assert called["data"]["status"] == "called" and called["data"]["counter"] == "1"
        assert called["data"]["called_at"]
        # Nothing repeats the same state.
        with pytest.raises(TimeoutError):
            await stream.until("ticket-updated", timeout=0.3)
        await stream.close()
        assert ahead.number == "A001"

    run(test)


# --- Bad input and tenant isolation -----------------------------------------------------------------


def test_other_tenants_and_unknown_things_are_404(demo, nord, demo_location, nord_location, zone):
    from openjobcenter.core.models import ReceptionZone
    from openjobcenter.reception.models import ZoneSettings

    nord_zone = ReceptionZone.all_tenants.create(jobcenter=nord, location=nord_location, code="N", name={"de": "Nord"})
    ZoneSettings.all_tenants.create(jobcenter=nord, zone=nord_zone)
    nord_ticket = queue.issue_ticket(nord_location, zone=nord_zone)
    demo_ticket = queue.issue_ticket(demo_location, zone=zone)
    closed = Location.all_tenants.create(
        jobcenter=demo, name="Geschlossen", street="Weg 1", postal_code="12345", city="Musterstadt", is_active=False
    )

    async def test() -> None:
        client = AsyncClient()
        paths = [
            # nord's location and ticket under demo's address
            reverse("reception:events", kwargs={"jobcenter": "demo", "location_id": nord_location.pk}),
            ticket_url(nord_ticket, slug="demo"),
            # demo's under nord's
            reverse("reception:events", kwargs={"jobcenter": "nord", "location_id": demo_location.pk}),
            ticket_url(demo_ticket, slug="nord"),
            # unknown, inactive, nonsense
            reverse("reception:events", kwargs={"jobcenter": "demo", "location_id": 999999}),
            reverse("reception:events", kwargs={"jobcenter": "demo", "location_id": closed.pk}),
            reverse("reception:events", kwargs={"jobcenter": "gibtsnicht", "location_id": demo_location.pk}),
            "/demo/reception/ticket/" + "x" * 300 + "/events",
            "/demo/reception/ticket/unbekannt/events",
        ]
        for path in paths:
            response = await client.get(path)
            assert response.status_code == 404, path
            assert not response.streaming, path
        # The owners see their own.
        for path in (events_url(nord_location), ticket_url(nord_ticket, slug="nord"), ticket_url(demo_ticket)):
            stream = await connect(path)
            await stream.until("snapshot")
            await stream.close()
        response = await client.post(events_url(demo_location))
        assert response.status_code == 405

    run(test)


def test_ticket_stream_of_another_ticket_shows_nothing_of_it(demo_location, zone, counter, emre):
    mine = queue.issue_ticket(demo_location, zone=zone)
    other = queue.issue_ticket(demo_location, zone=zone)
    queue.open_counter(counter, emre)

    async def test() -> None:
        stream = await connect(ticket_url(mine))
        await stream.until("snapshot")
        await sync_to_async(queue.call_next)(counter, emre)  # calls mine
        await stream.until("ticket-updated")
        ticket = await sync_to_async(Ticket.all_tenants.get)(pk=other.pk)
        await sync_to_async(queue.call_ticket)(ticket, counter, emre)
        # Only my own ticket's state is ever sent, never the other's number.
        while True:
            try:
                item = await stream.next(timeout=0.3)
            except TimeoutError:
                break
            assert item["data"]["ticket_number"] == mine.number
        await stream.close()

    run(test)


# --- The broker -------------------------------------------------------------------------------------


def test_a_slow_subscriber_is_dropped_without_holding_up_others(monkeypatch):
    monkeypatch.setattr(realtime, "QUEUE_SIZE", 5)
    local = realtime.LocalBroker()

    async def test() -> None:
        slow = local.subscribe(frozenset({"c"}))
        fast = local.subscribe(frozenset({"c"}))
        received = []
        for n in range(20):
            local.publish(realtime.Message("c", "e", {"n": n}))
            message = await fast.next(timeout=1)
            assert message is not None
            received.append(message.data["n"])
        assert received == list(range(20))
        assert slow.stale and local.subscriber_count() == 1
        with pytest.raises(realtime.Stale):
            await slow.next(timeout=1)
        fast.close()
        assert local.subscriber_count() == 0

    run_async(test())


def test_publishing_from_another_thread_reaches_the_loop():
    local = realtime.LocalBroker()

    async def test() -> None:
        subscription = local.subscribe(frozenset({"c"}))
        other = local.subscribe(frozenset({"d"}))
        await asyncio.to_thread(local.publish, realtime.Message("c", "e", {"x": 1}))
        message = await subscription.next(timeout=1)
        assert message is not None and message.data == {"x": 1} and message.id
        assert await other.next(timeout=0.1) is None
        subscription.close()
        other.close()

    run_async(test())


def _redis_url(db: int) -> str | None:
    import redis

    url = f"redis://127.0.0.1:6379/{db}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


REDIS_TEST_DB = 11
requires_redis = pytest.mark.skipif(_redis_url(REDIS_TEST_DB) is None, reason="Redis is not reachable")


@requires_redis
def test_redis_broker_fans_out_between_brokers_over_one_connection():
    url = _redis_url(REDIS_TEST_DB)
    assert url
    one, two = realtime.RedisBroker(url), realtime.RedisBroker(url)

    async def test() -> None:
        subscriptions = [two.subscribe(frozenset({"reception:1"})) for _ in range(50)]
        assert all([await s.ready() for s in subscriptions])
        assert len(two._listeners) == 1  # one pub/sub connection for all fifty
        one.publish(realtime.Message("reception:1", "ticket-called", {"ticket_number": "A001", "name": "Zone ü"}))
        one.publish(realtime.Message("reception:2", "ticket-called", {"ticket_number": "B001"}))
        for subscription in subscriptions:
            message = await subscription.next(timeout=1)
            assert message is not None and message.data == {"ticket_number": "A001", "name": "Zone ü"}
            assert await subscription.next(timeout=0) is None
            subscription.close()
        assert two.subscriber_count() == 0

    run_async(test())


@requires_redis
def test_redis_connection_loss_marks_subscribers_stale():
    url = _redis_url(REDIS_TEST_DB)
    assert url
    redis_broker = realtime.RedisBroker(url)

    async def test() -> None:
        subscription = redis_broker.subscribe(frozenset({"c"}))
        assert await subscription.ready()
        (listener,) = redis_broker._listeners.values()
        redis_broker._on_lost(listener.loop)  # as the listener does when the connection drops
        with pytest.raises(realtime.Stale):
            await subscription.next(timeout=1)

    run_async(test())


# --- Over a real socket ----------------------------------------------------------------------------


def test_over_uvicorn_the_subscription_ends_when_the_client_disconnects(demo_location, zone):
    import socket
    import threading

    import uvicorn

    from openjobcenter.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        before = realtime.broker().subscriber_count()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(f"GET {events_url(demo_location)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            received = b""
            while b"event: snapshot" not in received:
                received += client.recv(65536)
            assert b"200 OK" in received.split(b"\r\n", 1)[0]
            assert b"retry: 3000" in received
            assert realtime.broker().subscriber_count() == before + 1
        deadline = time.monotonic() + 2
        while realtime.broker().subscriber_count() > before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert realtime.broker().subscriber_count() == before
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_displays_connecting_at_once_share_one_snapshot(demo_location, zone, monkeypatch):
    computed = []
    original = event_views._location_snapshot

    def slow_snapshot(location_id: int, language: str) -> dict[str, Any]:
        computed.append(location_id)
        time.sleep(0.2)
        return original(location_id, language)

    monkeypatch.setattr(event_views, "_location_snapshot", slow_snapshot)

    async def test() -> None:
        streams = await asyncio.gather(*(connect(events_url(demo_location)) for _ in range(8)))
        snapshots = [await stream.until("snapshot") for stream in streams]
        assert len({json.dumps(s["data"], sort_keys=True) for s in snapshots}) == 1
        assert len(computed) < 8
        for stream in streams:
            await stream.close()

    run(test)

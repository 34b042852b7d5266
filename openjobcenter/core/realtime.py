"""Real-time events for Server-Sent Events streams: publish from anywhere, subscribe in async views.

``publish(channel, event, data)`` may be called from synchronous code in any thread (services call
it on commit). ``subscribe(channels)`` must be called inside a running event loop; the subscription
is registered at once, so a caller can subscribe first and read a snapshot afterwards without
losing what happens in between (``await subscription.ready()`` waits until the broker delivers).

In one process the fan-out is in memory (``LocalBroker``). With ``REDIS_URL`` set, events go
through Redis pub/sub (``RedisBroker``) so every app process sees every event: publishing uses a
synchronous client, and each event loop holds ONE shared pub/sub connection (pattern subscription)
that fans out locally to the subscribers' bounded queues, never one Redis connection per client.

A subscriber that cannot keep up (its queue is full), or that may have missed events because the
Redis connection dropped, is marked stale: its iteration ends, the SSE stream closes, the browser
reconnects and gets a fresh snapshot. Nobody else waits for it. The event format is written down
in docs/realtime.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

logger = logging.getLogger(__name__)

_ids = itertools.count(1)
_id_lock = threading.Lock()
# Messages waiting for one subscriber; more means it is too slow and is dropped.
QUEUE_SIZE = 256
REDIS_PREFIX = "openjobcenter:rt:"
# How long a new subscription waits for the shared Redis connection before it is given up as stale.
READY_TIMEOUT = 5.0


def new_event_id() -> str:
    """A unique id: milliseconds since the epoch, the publishing process and a counter in it."""
    with _id_lock:
        return f"{time.time_ns() // 1_000_000}-{os.getpid()}-{next(_ids)}"


@dataclass(frozen=True)
class Message:
    channel: str
    event: str
    data: dict[str, Any]
    id: str = field(default_factory=new_event_id)

    def encode(self) -> str:
        return json.dumps(
            {"channel": self.channel, "event": self.event, "data": self.data, "id": self.id},
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def decode(cls, raw: str | bytes) -> Message:
        obj = json.loads(raw)
        return cls(channel=obj["channel"], event=obj["event"], data=obj["data"], id=obj.get("id") or new_event_id())


class Stale(Exception):
    """The subscription missed or may have missed events: the client must start over with a snapshot."""


_WAKE = object()  # put into an empty queue to wake a waiting subscriber that has become stale


class Subscription:
    """One subscriber's bounded queue on its event loop; an async iterator of ``Message``.

    Iteration ends (and ``next`` raises ``Stale``) once the subscription is stale or closed.
    """

    def __init__(self, broker: _FanOut, channels: frozenset[str]) -> None:
        self.channels = channels
        self.loop = asyncio.get_running_loop()
        self.stale = False
        self.closed = False
        self._broker = broker
        self._queue: asyncio.Queue[Message | object] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._ready = asyncio.Event()

    # Called on the subscriber's loop only.
    def _deliver(self, message: Message | object) -> None:
        if self.stale or self.closed:
            return
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self._mark_stale()

    def _mark_stale(self) -> None:
        if self.stale:
            return
        self.stale = True
        self._broker._remove(self)
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(_WAKE)

    def _set_ready(self) -> None:
        self._ready.set()

    async def ready(self, timeout: float = READY_TIMEOUT) -> bool:
        """True once events published from now on reach this subscription; stale after ``timeout``."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            self._mark_stale()
            return False
        return not self.stale

    async def next(self, timeout: float | None = None) -> Message | None:
        """The next message, ``None`` after ``timeout`` seconds without one; ``Stale`` when it must end."""
        if self.stale or self.closed:
            raise Stale
        try:
            item = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None
        if self.stale or self.closed or item is _WAKE:
            raise Stale
        assert isinstance(item, Message)
        return item

    def drain(self) -> list[Message]:
        """The messages already waiting, without waiting (to send them in one write); ``Stale`` when it must end."""
        found: list[Message] = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if self.stale or self.closed or item is _WAKE:
                raise Stale
            assert isinstance(item, Message)
            found.append(item)
        return found

    def __aiter__(self) -> AsyncIterator[Message]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Message]:
        try:
            while True:
                message = await self.next()
                if message is not None:
                    yield message
        except Stale:
            return
        finally:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._broker._remove(self)

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self.close()


class Broker(Protocol):
    def publish(self, message: Message) -> None: ...

    def subscribe(self, channels: frozenset[str]) -> Subscription: ...

    def subscriber_count(self) -> int: ...


class _FanOut:
    """Subscribers by id; hands a message to every subscriber of its channel on that one's loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[Subscription] = set()
        self._sequence: dict[str, int] = {}

    def _add(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.add(subscription)

    def _remove(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def sequence(self, channel: str) -> int:
        """How many messages of ``channel`` this process has handed out so far."""
        with self._lock:
            return self._sequence.get(channel, 0)

    def _targets(self, channel: str, loop: asyncio.AbstractEventLoop | None = None) -> list[Subscription]:
        with self._lock:
            self._sequence[channel] = self._sequence.get(channel, 0) + 1
            return [
                s
                for s in self._subscribers
                if channel in s.channels and (loop is None or s.loop is loop) and not s.stale
            ]

    def fan_out(self, message: Message) -> None:
        """From any thread: deliver ``message`` to its channel's subscribers."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for subscription in self._targets(message.channel):
            if subscription.loop is running:
                subscription._deliver(message)
                continue
            with contextlib.suppress(RuntimeError):  # the subscriber's loop has closed
                subscription.loop.call_soon_threadsafe(subscription._deliver, message)

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)


class LocalBroker(_FanOut):
    """In-process fan-out: each subscriber has a bounded asyncio queue on its own event loop."""

    def publish(self, message: Message) -> None:
        self.fan_out(message)

    def subscribe(self, channels: frozenset[str]) -> Subscription:
        subscription = Subscription(self, channels)
        self._add(subscription)
        subscription._set_ready()
        return subscription


class RedisBroker(_FanOut):
    """Redis pub/sub between processes; one shared listening connection per event loop."""

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self.url = url
        self._client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        # Pub/sub ignores database numbers: the number goes into the channel names instead, so
        # installations (or test runs) sharing one Redis server on different databases stay apart.
        self.prefix = f"{REDIS_PREFIX}{self._client.connection_pool.connection_kwargs.get('db', 0)}:"
        self._listeners: dict[asyncio.AbstractEventLoop, _RedisListener] = {}
        self._listeners_lock = threading.Lock()

    def publish(self, message: Message) -> None:
        import redis

        try:
            self._client.publish(self.prefix + message.channel, message.encode())
        except redis.RedisError:
            # Displays missing one event heal at their next reconnect; the queue action itself stands.
            logger.warning("realtime: could not publish %s on %s to Redis", message.event, message.channel)

    def subscribe(self, channels: frozenset[str]) -> Subscription:
        subscription = Subscription(self, channels)
        self._add(subscription)
        listener = self._listener(subscription.loop)
        if listener.connected.is_set():
            subscription._set_ready()
        return subscription

    def _listener(self, loop: asyncio.AbstractEventLoop) -> _RedisListener:
        with self._listeners_lock:
            for old in [other for other in self._listeners if other.is_closed()]:
                self._listeners.pop(old)
            listener = self._listeners.get(loop)
            if listener is None:
                listener = self._listeners[loop] = _RedisListener(self, loop)
            return listener

    def _on_connected(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            waiting = [s for s in self._subscribers if s.loop is loop]
        for subscription in waiting:
            subscription._set_ready()

    def _on_lost(self, loop: asyncio.AbstractEventLoop) -> None:
        """Events may have been lost: every subscriber on ``loop`` starts over with a snapshot."""
        with self._lock:
            affected = [s for s in self._subscribers if s.loop is loop]
        for subscription in affected:
            subscription._mark_stale()

    def _deliver_local(self, loop: asyncio.AbstractEventLoop, raw: bytes) -> None:
        try:
            message = Message.decode(raw)
        except (ValueError, KeyError, TypeError):
            logger.warning("realtime: ignored a malformed message from Redis")
            return
        for subscription in self._targets(message.channel, loop):
            subscription._deliver(message)


class _RedisListener:
    """The one pub/sub connection of an event loop (redis.asyncio, ``PSUBSCRIBE openjobcenter:rt:<db>:*``)."""

    def __init__(self, broker: RedisBroker, loop: asyncio.AbstractEventLoop) -> None:
        self.broker = broker
        self.loop = loop
        self.connected = threading.Event()
        self.task = loop.create_task(self._run(), name="realtime-redis-listener")

    def is_closed(self) -> bool:
        return self.loop.is_closed() or self.task.done()

    async def _run(self) -> None:
        import redis
        import redis.asyncio as aioredis

        delay = 0.2
        while True:
            client = aioredis.Redis.from_url(self.broker.url, socket_connect_timeout=2)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(self.broker.prefix + "*")
                self.connected.set()
                self.broker._on_connected(self.loop)
                delay = 0.2
                while True:
                    item = await pubsub.get_message(timeout=30.0)
                    if item is not None and item.get("type") == "pmessage":
                        self.broker._deliver_local(self.loop, item["data"])
            except asyncio.CancelledError:
                raise
            except (redis.RedisError, OSError) as exc:
                logger.warning("realtime: Redis pub/sub connection lost (%s); reconnecting", exc)
            finally:
                self.connected.clear()
                self.broker._on_lost(self.loop)
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


_broker: LocalBroker | RedisBroker | None = None
_broker_lock = threading.Lock()


def broker() -> LocalBroker | RedisBroker:
    """The process's broker: Redis when ``settings.REDIS_URL`` is set, else in memory."""
    global _broker
    if _broker is None:
        with _broker_lock:
            if _broker is None:
                from django.conf import settings

                url = getattr(settings, "REDIS_URL", "")
                _broker = RedisBroker(url) if url else LocalBroker()
    return _broker


def set_broker(new: LocalBroker | RedisBroker | None) -> None:
    """Replace the process's broker (tests); ``None`` chooses again from the settings."""
    global _broker
    with _broker_lock:
        _broker = new


def publish(channel: str, event: str, data: dict[str, Any]) -> None:
    broker().publish(Message(channel=channel, event=event, data=data))


def subscribe(channels: set[str] | frozenset[str]) -> Subscription:
    """Register at once (inside a running loop); iterate it, or ``await .next(timeout)``; ``close()`` at the end."""
    return broker().subscribe(frozenset(channels))

"""Server-Sent Events: live calls and waiting times of a location, and one person's ticket.

Each stream starts with ``retry: 3000`` and ONE ``snapshot`` event holding the whole current
state, then live events; a ``: ping`` comment every 15 seconds keeps proxies from closing it. A
client that reconnects gets a fresh snapshot and replaces its state with it, so a reconnect is
the same as a fresh load (``Last-Event-ID`` is not needed and ignored). The subscription is
opened before the snapshot is read, so nothing happening in between is lost. The stream ends
when the client goes away, and when the broker says it may have missed events (the browser then
reconnects by itself). Between events no database connection is held. Format: docs/realtime.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any

from asgiref.sync import SyncToAsync, sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from openjobcenter.core import realtime
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.reception.models import Ticket
from openjobcenter.reception.services import events

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
RETRY_MILLISECONDS = 3000
# Tokens are 40 characters at most (Ticket.token); longer ones cannot exist.
TOKEN_MAX_LENGTH = 40

Frames = list[bytes]
OnMessage = Callable[[realtime.Message], Awaitable[Frames]]


def frame(event: str, data: dict[str, Any], event_id: str) -> bytes:
    """One SSE event; JSON has no raw line breaks, so ``data`` is a single line."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event_id}\nevent: {event}\ndata: {body}\n\n".encode()


def _release_connection() -> None:
    """Give the database connection back: a stream may stay open for hours."""
    if not connection.in_atomic_block:
        connection.close()


def _db(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Run ``func`` in the shared worker threads, then release the thread's database connection.

    Not thread-sensitive: the loop's shared, bounded pool of threads serves the snapshots of all
    streams, which also bounds how many of them use the database at once.
    """

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        finally:
            _release_connection()

    return sync_to_async(run, thread_sensitive=False)


def _release_request_thread() -> None:
    """Let the request's own worker thread go while the stream stays open.

    Under ASGI, Django runs the (synchronous) middleware of each request in a thread of its own
    that asgiref keeps until the response ends: for hours on an event stream, one idle thread per
    display. The middleware is done once the stream starts, so that thread is shut down here; a
    later thread-sensitive call in this request would simply start a new one.
    """
    context = SyncToAsync.thread_sensitive_context.get(None)
    if context is None:
        return
    executor = SyncToAsync.context_to_thread_executor.pop(context, None)
    if executor is not None:
        executor.shutdown(wait=False)


def _stream_response(stream: AsyncIterator[bytes]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


async def _events(
    channels: set[str],
    snapshot: Callable[[], Awaitable[dict[str, Any]]],
    on_message: OnMessage,
    *,
    live: bool = True,
) -> AsyncIterator[bytes]:
    subscription = realtime.subscribe(channels)  # before the snapshot: nothing in between is lost
    try:
        _release_request_thread()
        yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
        ready = await subscription.ready()
        try:
            state = await snapshot()
        except DatabaseError:
            logger.exception("realtime: snapshot failed; the client will reconnect")
            return
        yield frame("snapshot", state, realtime.new_event_id())
        if not ready or not live:
            # The broker is not delivering, or a WSGI server (runserver, the test live server) would
            # buffer an endless stream: the client comes back for a new snapshot after ``retry``.
            return
        while True:
            try:
                message = await subscription.next(timeout=HEARTBEAT_SECONDS)
            except realtime.Stale:
                return
            if message is None:
                yield b": ping\n\n"
                continue
            try:
                batch = [message, *subscription.drain()]  # what piled up goes out in one write
            except realtime.Stale:
                return
            chunks: Frames = []
            for item in batch:
                chunks.extend(await on_message(item))
            if chunks:
                yield b"".join(chunks)
    finally:
        subscription.close()


class SnapshotBatch:
    """Clients wanting the same snapshot share one computation, when that loses nothing.

    After a restart or a network blip every display reconnects at once; each would compute the
    same snapshot. A client may use a computation that has not started yet, or one that started
    when no event of the channel had been handed out since (``broker().sequence``): the shared
    result then holds everything the client's own subscription does not bring afterwards.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[Hashable, tuple[asyncio.Future[Any], list[int | None]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def get(self, key: Hashable, channel: str, compute: Callable[[], Any]) -> Any:
        loop = asyncio.get_running_loop()
        joined: asyncio.Future[Any] | None = None
        with self._lock:
            entry = self._running.get(key)
            if entry is not None:
                future, started = entry
                fresh = started[0] is None or started[0] == realtime.broker().sequence(channel)
                if fresh and future.get_loop() is loop:
                    joined = future
            if joined is None:
                future = loop.create_future()
                started = [None]
                self._running[key] = (future, started)
        if joined is not None:
            return await asyncio.shield(joined)
        task = loop.create_task(self._run(key, channel, future, started, compute))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return await asyncio.shield(future)

    async def _run(
        self,
        key: Hashable,
        channel: str,
        future: asyncio.Future[Any],
        started: list[int | None],
        compute: Callable[[], Any],
    ) -> None:
        def start_then_compute() -> Any:
            with self._lock:
                started[0] = realtime.broker().sequence(channel)
            return compute()

        try:
            result = await _db(start_then_compute)()
        except Exception as exc:  # handed to every waiting client
            if not future.cancelled():
                future.set_exception(exc)
        else:
            if not future.cancelled():
                future.set_result(result)
        finally:
            with self._lock:
                if self._running.get(key, (None,))[0] is future:
                    del self._running[key]


_location_snapshots = SnapshotBatch()
# Recently encoded location events by (channel, event, id, language), oldest first.
_frames: dict[tuple[str, str, str, str], bytes] = {}
FRAME_CACHE_SIZE = 256


# --- Location: call displays and public waiting times ------------------------------------------------


def _active_location(jobcenter: Jobcenter, location_id: int) -> bool:
    return bool(Location.objects.for_tenant(jobcenter).filter(pk=location_id, is_active=True).exists())


def _location_snapshot(location_id: int, language: str) -> dict[str, Any]:
    with translation.override(language):
        return events.location_snapshot(location_id)


@require_GET
async def location_events(request: HttpRequest, location_id: int) -> StreamingHttpResponse:
    """``GET /<slug>/reception/<location_id>/events``: ``snapshot``, ``ticket-called``, ``waiting-times``."""
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    if not await _db(_active_location)(jobcenter, location_id):
        raise Http404
    language = translation.get_language() or "de"
    channel = events.location_channel(location_id)
    zone_names: dict[str, str] = {}

    async def snapshot() -> dict[str, Any]:
        state: dict[str, Any] = await _location_snapshots.get(
            (location_id, language), channel, lambda: _location_snapshot(location_id, language)
        )
        zone_names.update({zone["zone"]: zone["name"] for zone in state["waiting_times"]["zones"]})
        return state

    async def on_message(message: realtime.Message) -> Frames:
        key = (message.channel, message.event, message.id, language)
        encoded = _frames.get(key)  # encoded once per event and language, not once per display
        if encoded is None:
            data = message.data
            if message.event == "waiting-times":
                # The publisher ran in its own language; zone names are shown in this client's.
                zones = [{**zone, "name": zone_names.get(zone["zone"], zone["name"])} for zone in data["zones"]]
                data = {**data, "zones": zones}
            encoded = _frames[key] = frame(message.event, data, message.id)
            with contextlib.suppress(RuntimeError, StopIteration):  # another loop's thread got there first
                while len(_frames) > FRAME_CACHE_SIZE:
                    _frames.pop(next(iter(_frames)), None)
        return [encoded]

    return _stream_response(_events({channel}, snapshot, on_message, live=isinstance(request, ASGIRequest)))


# --- One ticket: the personal ticket page ------------------------------------------------------------


def _ticket_ref(jobcenter: Jobcenter, token: str) -> tuple[int, int] | None:
    ticket = (
        Ticket.objects.for_tenant(jobcenter)
        .filter(token=token, location__is_active=True)
        .values_list("pk", "location_id")
        .first()
    )
    return (ticket[0], ticket[1]) if ticket else None


def _ticket_state(ticket_id: int) -> dict[str, Any]:
    from openjobcenter.reception.services.estimate import ticket_state

    ticket = Ticket.all_tenants.select_related("zone", "counter").get(pk=ticket_id)
    return ticket_state(ticket)


@require_GET
async def ticket_events(request: HttpRequest, token: str) -> StreamingHttpResponse:
    """``GET /<slug>/reception/ticket/<token>/events``: ``snapshot`` and ``ticket-updated`` (``ticket_state``).

    The ticket's position changes whenever someone before it is called; the stream therefore also
    listens to its location and sends a new state when it changed.
    """
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    ref = None if len(token) > TOKEN_MAX_LENGTH else await _db(_ticket_ref)(jobcenter, token)
    if ref is None:
        raise Http404
    ticket_id, location_id = ref
    own_channel = events.ticket_channel(token)
    last: dict[str, Any] = {}

    async def snapshot() -> dict[str, Any]:
        state: dict[str, Any] = await _db(_ticket_state)(ticket_id)
        last.update(state)
        return state

    async def on_message(message: realtime.Message) -> Frames:
        if message.channel == own_channel:
            state = message.data
        elif message.event == "waiting-times":
            try:
                state = await _db(_ticket_state)(ticket_id)
            except (DatabaseError, Ticket.DoesNotExist):
                return []
        else:
            return []
        if state == last:
            return []
        last.clear()
        last.update(state)
        return [frame("ticket-updated", state, message.id)]

    channels = {own_channel, events.location_channel(location_id)}
    return _stream_response(_events(channels, snapshot, on_message, live=isinstance(request, ASGIRequest)))

"""Every 30 s, queue the outbox messages that are due (retries, and deliveries lost after commit),
and the periodic tasks of the apps (``tasks.PERIODIC``: appointment reminders, slot horizon).

The database task backend has no scheduler of its own; ``manage.py serve`` starts this next to
the web server and ``db_worker``. Stops cleanly on SIGTERM and Ctrl-C.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from openjobcenter.notifications.tasks import enqueue_due_messages

logger = logging.getLogger("openjobcenter.notifications.sweeper")


def sweep_once() -> int:
    """One round; a database hiccup is logged and retried next round, never ends the loop."""
    try:
        return enqueue_due_messages()
    except DatabaseError as exc:
        logger.warning("Outbox sweep failed, trying again next round: %s", exc)
        return 0
    finally:
        # A long-running process must not keep a connection the database has dropped.
        close_old_connections()


def periodic_jobs() -> list[tuple[float, Any]]:
    """Tasks other apps want queued regularly: each app's ``tasks.PERIODIC`` (seconds, task)."""
    jobs: list[tuple[float, Any]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("openjobcenter."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError:
            continue
        jobs.extend(getattr(module, "PERIODIC", ()))
    return jobs


def queue_periodic(jobs: list[tuple[float, Any]], last_run: dict[int, float], now: float) -> int:
    """Queue every job whose interval has passed; a queue that cannot be reached is tried next round."""
    queued = 0
    for index, (interval, job) in enumerate(jobs):
        if now - last_run.get(index, float("-inf")) < interval:
            continue
        try:
            job.enqueue()
        except Exception as exc:  # the queue's database may be briefly away; try next round
            logger.warning("Could not queue %s: %s", getattr(job, "name", job), exc)
            continue
        finally:
            close_old_connections()
        last_run[index] = now
        queued += 1
    return queued


class Command(BaseCommand):
    help = "Queue due outbox e-mails for the background worker every INTERVAL seconds, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def request_stop(*_: Any) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        jobs = periodic_jobs()
        last_run: dict[int, float] = {}
        while not stop.is_set():
            queue_periodic(jobs, last_run, time.monotonic())
            if queued := sweep_once():
                logger.info("Outbox: %s due message(s) queued", queued)
            stop.wait(options["interval"])

"""Every 30 s, queue the outbox messages that are due (retries, and deliveries lost after commit).

The database task backend has no scheduler of its own; ``manage.py serve`` starts this next to
the web server and ``db_worker``. Stops cleanly on SIGTERM and Ctrl-C.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

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
        while not stop.is_set():
            if queued := sweep_once():
                logger.info("Outbox: %s due message(s) queued", queued)
            stop.wait(options["interval"])

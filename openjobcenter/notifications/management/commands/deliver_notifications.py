"""Queue (or, with ``--send``, send right here) every e-mail of the outbox that is due, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openjobcenter.notifications.tasks import deliver_due_messages, enqueue_due_messages


class Command(BaseCommand):
    help = "Queue every due e-mail of the outbox for the worker once; --send sends them in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--send", action="store_true", help="send now in this process instead of queueing (e.g. to test SMTP)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["send"]:
            counts = deliver_due_messages()
            summary = ", ".join(f"{outcome}: {count}" for outcome, count in sorted(counts.items())) or "nothing due"
            self.stdout.write(f"Outbox: {summary}")
        else:
            self.stdout.write(f"Outbox: {enqueue_due_messages()} message(s) queued")

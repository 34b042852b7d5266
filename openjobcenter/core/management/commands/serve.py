"""Run everything the product needs: the ASGI web server, the background worker and the
notification sweeper (queues e-mail retries that are due).

Operators forget second processes; one command starts them all and Ctrl-C stops them all.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start the web server (uvicorn), the background worker and the notification sweeper; Ctrl-C stops all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="web server processes")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background worker and notification sweeper"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        web = [
            sys.executable, "-m", "uvicorn", "openjobcenter.asgi:application",
            "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(options["workers"]), "--no-server-header", "--proxy-headers",
            # Event streams never end by themselves: give them 5 s on restart, then close them.
            "--timeout-graceful-shutdown", "5",
        ]  # fmt: skip
        worker = [sys.executable, "manage.py", "db_worker", "--interval", "1"]
        # The task queue has no scheduler: the sweeper queues e-mails whose retry is due.
        sweeper = [sys.executable, "manage.py", "notification_sweeper"]
        processes = [subprocess.Popen(web)]  # noqa: S603 – fixed argv, no shell
        if not options["no_worker"]:
            processes.append(subprocess.Popen(worker))  # noqa: S603
            processes.append(subprocess.Popen(sweeper))  # noqa: S603
        self.stdout.write(f"OpenJobcenter läuft auf http://{options['host']}:{options['port']}/ (Strg+C beendet)")

        def stop(*_: Any) -> None:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openjobcenter.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo Jobcenters, locations, teams and personas (only in demo mode)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("Demo data can only be loaded with DEMO=on.")
        created = load_demo()
        self.stdout.write(f"Demo data ready ({created}).")

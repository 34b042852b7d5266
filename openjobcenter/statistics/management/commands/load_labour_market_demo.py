"""``python manage.py load_labour_market_demo``: real annual figures 2015–2020 and the demo districts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openjobcenter.statistics.demo import load_demo_statistics


class Command(BaseCommand):
    help = "Load the annual labour-market figures per Kreis 2015–2020 (Regionaldatenbank) and the demo districts."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Labour-market demo data ready ({load_demo_statistics()}).")

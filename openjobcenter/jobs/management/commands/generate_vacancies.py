"""``python manage.py generate_vacancies --count N``: realistic synthetic vacancies (API.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.core.models import Jobcenter
from openjobcenter.jobs.generator import generate


class Command(BaseCommand):
    help = "Erzeugt synthetische, veröffentlichte Stellenangebote (echte Berufe und Postleitzahlen) für Demo und Benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000, help="Anzahl der Stellen (Standard: 1000).")
        parser.add_argument("--jobcenter", default="", help="Slug des Jobcenters (Standard: das erste).")
        parser.add_argument("--seed", type=int, default=2010, help="Startwert des Zufallsgenerators.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if count < 1 or count > 10_000_000:
            raise CommandError("--count muss zwischen 1 und 10.000.000 liegen.")
        slug = options["jobcenter"]
        jobcenter = (Jobcenter.objects.filter(slug=slug) if slug else Jobcenter.objects.order_by("pk")).first()
        if jobcenter is None:
            raise CommandError(f"Jobcenter {slug!r} gibt es nicht." if slug else "Es gibt noch kein Jobcenter.")
        started = time.perf_counter()
        written = generate(jobcenter, count, seed=options["seed"])
        seconds = time.perf_counter() - started
        self.stdout.write(f"{written} Stellen für {jobcenter.slug} erzeugt in {seconds:.1f} s.")

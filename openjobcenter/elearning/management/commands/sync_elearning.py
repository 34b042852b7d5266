"""Sync eLearning modules from their data files: the built-in ones, or a Jobcenter's own module folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.core.models import Jobcenter
from openjobcenter.elearning.services.content import ContentError, load_module, sync_builtin, sync_module


class Command(BaseCommand):
    help = "Load eLearning modules from their YAML files into the database (only what changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folders", nargs="*", help="module folders of a Jobcenter's own modules")
        parser.add_argument("--jobcenter", help="slug of the Jobcenter that owns the given module folders")

    def handle(self, *args: Any, **options: Any) -> None:
        folders = [Path(folder) for folder in options["folders"]]
        if not folders:
            changed = sync_builtin()
            self.stdout.write(f"Built-in modules: {changed} updated.")
            return
        jobcenter = Jobcenter.objects.filter(slug=options["jobcenter"] or "").first()
        if jobcenter is None:
            raise CommandError("Name the Jobcenter that owns these modules with --jobcenter SLUG.")
        for folder in folders:
            try:
                content = load_module(folder)
            except ContentError as error:
                raise CommandError(str(error)) from error
            updated = sync_module(content, jobcenter=jobcenter)
            self.stdout.write(f"{content.slug}: {'updated' if updated else 'unchanged'}.")

"""``manage.py restore DIRECTORY``: a backup of ``manage.py backup`` into the configured database.

The target database (``DATABASE_URL``) must be empty — a fresh ``createdb`` or a new SQLite path —
unless ``--replace`` is given, which drops what is there first. The files go into the default
storage (``VAR_DIR/media``). Afterwards every table's row count and every file's SHA-256 are
compared with the manifest; any difference is an error (exit status 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.core.services import backups


class Command(BaseCommand):
    help = "Restore a backup directory into the configured (empty) database and storage, then verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a directory written by manage.py backup")
        parser.add_argument("--replace", action="store_true", help="drop the current database contents first")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["directory"])
        try:
            problems = backups.restore(source, replace=options["replace"])
        except backups.RestoreError as error:
            raise CommandError(str(error)) from None
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"The restored data differ from the backup in {len(problems)} point(s).")
        self.stdout.write(f"Restored {source}: row counts and file hashes match the manifest.")

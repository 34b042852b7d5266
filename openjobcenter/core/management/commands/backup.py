"""``manage.py backup``: the database and the stored (encrypted) files into one directory.

What goes in ``<output>/<UTC time>/``:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``, consistent snapshot) or
  ``database.sqlite3`` (SQLite, the online backup API: consistent while the app writes);
- ``files/``: every file of the default storage (``VAR_DIR/media``: case-file documents and
  proofs, encrypted with ``DOCUMENT_KEYS``), copied as they are — still encrypted;
- ``manifest.json``: engine, time, the row count of every table and the SHA-256 of every file,
  which ``manage.py restore`` checks after restoring.

The keys (``SECRET_KEY``, ``DOCUMENT_KEYS``) are NOT in the backup: keep them apart (a password
manager, the secret store of the deployment). Without ``DOCUMENT_KEYS`` the files cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.core.services import backups


class Command(BaseCommand):
    help = "Back up the database and the stored (encrypted) files into one directory with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=None, help="parent directory (default: VAR_DIR/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = Path(options["output"]) if options["output"] else backups.default_directory()
        target = parent / dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            manifest = backups.create(target)
        except backups.RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup in {target}: {manifest['engine']} database, {sum(manifest['rows'].values())} rows in "
            f"{len(manifest['rows'])} tables, {len(manifest['files'])} files."
        )
        self.stdout.write("The keys (SECRET_KEY, DOCUMENT_KEYS) are not part of it: keep them apart.")
        self.stdout.write(json.dumps({"directory": str(target)}))

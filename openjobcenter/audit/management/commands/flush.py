"""``manage.py flush`` that may also empty the audit table.

Flushing deletes every row of the whole database on purpose (the test suite does it between
transactional tests). On SQLite that runs ``DELETE`` row by row, which the append-only trigger
would refuse; this command allows it for the duration of the flush only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from openjobcenter.audit.guards import deletion_allowed


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with deletion_allowed(options["database"]):
            super().handle(**options)

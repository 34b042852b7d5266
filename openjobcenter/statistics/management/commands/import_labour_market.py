"""``python manage.py import_labour_market FILE.csv`` (API.md): monthly figures per district."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.statistics.services.importing import ImportReport, import_labour_market


class Command(BaseCommand):
    help = (
        "Import monthly labour-market figures per district from a CSV file with the columns "
        "ags,region,state,month,unemployed,unemployed_sgb2,civilian_labour_force (UTF-8 or Latin-1, "
        "',' or ';'). Re-importing a district's month replaces it; the file is imported in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--strict", action="store_true", help="Import nothing if any row is faulty.")
        parser.add_argument("--source", default="", help="Attribution text stored with the figures.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        report = import_labour_market(data, filename=path.name, strict=options["strict"], source=options["source"])
        self._print(report)
        if not report.ok:
            raise CommandError("Nothing was imported.")

    def _print(self, report: ImportReport) -> None:
        self.stdout.write(f"File: {report.filename} ({report.encoding or '?'}, separator {report.delimiter!r})")
        self.stdout.write(f"Rows read: {report.rows_read}")
        for error in report.errors:
            self.stderr.write(f"Error: {error}")
        if report.ok:
            self.stdout.write(
                f"Imported: {report.imported} rows ({report.replaced} replaced), {report.regions} regions, "
                f"months: {', '.join(report.months)}"
            )
        for row in report.skipped:
            self.stdout.write(f"Skipped line {row.line} ({row.ags or '?'}, {row.month or '?'}): {row.reason}")
        for note in report.notes:
            self.stdout.write(f"Note: {note}")

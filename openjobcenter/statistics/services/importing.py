"""Import monthly labour-market figures from a CSV file (API.md: ``import_labour_market``).

Columns ``ags,region,state,month,unemployed,unemployed_sgb2,civilian_labour_force`` in any order
(``month`` as ``YYYY-MM``, ``state`` the Land's name). The Bundesagentur's exports are often
Latin-1 with ``;``: the encoding (UTF-8, else Windows-1252/Latin-1) and the separator (``;``,
``,`` or tab) are recognised. A two-digit ``ags`` is the total of a Land.

Problems in the file as a whole (not readable, missing columns, no data) import nothing. Problems
in a row (non-numeric or suppressed cells such as ``*``, ``-``, ``.``, impossible values, a
repeated district and month) skip that row and say why; with ``strict=True`` any skipped row
imports nothing. Everything imported is written in one transaction, so a file is either in or
out. Re-importing a district's month replaces it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.statistics.models import LabourMarketFigure, LabourMarketImport, Period
from openjobcenter.statistics.services.report import add_months

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

COLUMNS = ("ags", "region", "state", "month", "unemployed", "unemployed_sgb2", "civilian_labour_force")
# How the Bundesagentur and GENESIS mark values that are suppressed or not available.
SUPPRESSED = frozenset({"*", "-", ".", "x", "X", "…", "...", "/", "–"})
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
AGS_PATTERN = re.compile(r"^(\d{2}|\d{5})$")
INTEGER_PATTERN = re.compile(r"^\d+$")
# "4.868" or "4 868" in a German export is a thousands separator, never a decimal point here.
GROUPED_PATTERN = re.compile(r"^\d{1,3}([. ]\d{3})+$")


class RowError(ValueError):
    """A row cannot be imported; the message says why (German, for the report)."""


@dataclass(frozen=True)
class SkippedRow:
    line: int
    ags: str
    month: str
    reason: str


@dataclass
class ImportReport:
    """What happened: shown on the upload page and printed by the command."""

    filename: str
    encoding: str = ""
    delimiter: str = ""
    rows_read: int = 0
    imported: int = 0
    replaced: int = 0
    months: list[str] = field(default_factory=list)
    regions: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the file as a whole: nothing imported
    notes: list[str] = field(default_factory=list)  # imported, but worth knowing
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Row:
    line: int
    ags: str
    region: str
    state: str
    month: dt.date
    unemployed: int
    unemployed_sgb2: int | None
    civilian_labour_force: int


# --- reading the file ---------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
    "Unicode text"), else Windows-1252/Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=header.count)


def _normalise_header(name: str) -> str:
    return name.strip().strip('"').strip().lower().replace(" ", "_").replace("-", "_")


def _integer(value: str, column: str, *, optional: bool = False) -> int | None:
    text = value.strip()
    if text == "" or text in SUPPRESSED:
        if optional:
            return None
        if text == "":
            raise RowError(_("„%(column)s“ ist leer.") % {"column": column})
        raise RowError(
            _("„%(column)s“ ist gesperrt oder nicht vorhanden („%(value)s“).") % {"column": column, "value": text}
        )
    if GROUPED_PATTERN.match(text):
        text = text.replace(".", "").replace(" ", "")
    if not INTEGER_PATTERN.match(text):
        raise RowError(
            _("„%(column)s“ ist keine ganze Zahl ≥ 0: „%(value)s“.") % {"column": column, "value": value.strip()}
        )
    return int(text)


def _month(value: str) -> dt.date:
    match = MONTH_PATTERN.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise RowError(_("„month“ muss die Form JJJJ-MM haben: „%(value)s“.") % {"value": value.strip()})
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _ags(value: str) -> str:
    text = value.strip()
    if text.isdigit() and len(text) in (1, 4):
        text = "0" + text  # a spreadsheet dropped the leading zero of "06431"
    if not AGS_PATTERN.match(text):
        raise RowError(_("„ags“ muss 2 (Land) oder 5 Ziffern (Kreis) haben: „%(value)s“.") % {"value": value.strip()})
    return text


def parse_row(line: int, record: dict[str, str]) -> _Row:
    ags = _ags(record["ags"])
    region = record["region"].strip()
    state = record["state"].strip()
    if not region or not state:
        raise RowError(_("„region“ und „state“ dürfen nicht leer sein."))
    month = _month(record["month"])
    unemployed = _integer(record["unemployed"], "unemployed")
    sgb2 = _integer(record["unemployed_sgb2"], "unemployed_sgb2", optional=True)
    labour_force = _integer(record["civilian_labour_force"], "civilian_labour_force")
    assert unemployed is not None and labour_force is not None  # not optional: raised above
    if labour_force == 0:
        raise RowError(_("„civilian_labour_force“ darf nicht 0 sein."))
    if unemployed > labour_force:
        raise RowError(_("Mehr Arbeitslose als zivile Erwerbspersonen."))
    if sgb2 is not None and sgb2 > unemployed:
        raise RowError(_("Mehr Arbeitslose im SGB II als Arbeitslose insgesamt."))
    return _Row(line, ags, region[:200], state[:100], month, unemployed, sgb2, labour_force)


def read_rows(data: bytes, report: ImportReport) -> list[_Row]:
    """Parse the file into valid rows; file-level problems go to ``report.errors``, row problems
    to ``report.skipped``."""
    try:
        return _read_rows(data, report)
    except csv.Error as error:
        report.errors.append(_("Die Datei ist keine lesbare CSV-Datei (%(error)s).") % {"error": error})
        return []


def _read_rows(data: bytes, report: ImportReport) -> list[_Row]:
    text, report.encoding = decode(data)
    if not text.strip():
        report.errors.append(_("Die Datei ist leer."))
        return []
    report.delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=report.delimiter)
    header = [_normalise_header(name) for name in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        report.errors.append(
            _("Es fehlen Spalten: %(missing)s. Erwartet werden: %(expected)s. Gefunden: %(found)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS), "found": ", ".join(header)[:200] or "–"}
        )
        return []
    rows: list[_Row] = []
    seen: set[tuple[str, dt.date]] = set()
    for values in reader:
        if not any(value.strip() for value in values):
            continue  # blank line
        line = reader.line_num
        report.rows_read += 1
        record = dict(zip(header, values, strict=False))
        if len(values) < len(header):
            record.update({column: "" for column in header[len(values) :]})
        ags_text, month_text = record.get("ags", "").strip(), record.get("month", "").strip()
        try:
            row = parse_row(line, record)
        except RowError as error:
            report.skipped.append(SkippedRow(line, ags_text, month_text, str(error)))
            continue
        if (row.ags, row.month) in seen:
            reason = _("Dieser Kreis und Monat steht schon weiter oben in der Datei.")
            report.skipped.append(SkippedRow(line, row.ags, month_text, reason))
            continue
        seen.add((row.ags, row.month))
        if row.unemployed_sgb2 is None:
            report.notes.append(
                _("Zeile %(line)s (%(ags)s, %(month)s): keine SGB-II-Zahl, die SGB-II-Quote bleibt leer.")
                % {"line": line, "ags": row.ags, "month": month_text}
            )
        rows.append(row)
    if report.rows_read == 0:
        report.errors.append(_("Die Datei enthält keine Datenzeilen."))
    return rows


# --- writing ------------------------------------------------------------------------------------


def _note_missing_previous_year(rows: list[_Row], report: ImportReport) -> None:
    """Say which imported months have no previous-year month (the change to it stays empty)."""
    keys = {(row.ags, row.month) for row in rows}
    months = {row.month for row in rows}
    earlier = {add_months(month, -12) for month in months}
    stored = set(LabourMarketFigure.objects.filter(period=Period.MONTH, month__in=earlier).values_list("ags", "month"))
    for month in sorted(months):
        previous = add_months(month, -12)
        lacking = [
            row.ags
            for row in rows
            if row.month == month and (row.ags, previous) not in stored and (row.ags, previous) not in keys
        ]
        if lacking:
            report.notes.append(
                _(
                    "%(month)s: für %(count)s Region(en) fehlt der Vorjahresmonat %(previous)s; "
                    "die Veränderung zum Vorjahr bleibt dort leer."
                )
                % {"month": f"{month:%Y-%m}", "count": len(lacking), "previous": f"{previous:%Y-%m}"}
            )


def _write(rows: list[_Row], report: ImportReport, *, actor: User | None, source: str) -> None:
    record = LabourMarketImport.objects.create(filename=report.filename[:255], created_by=actor, source=source[:500])
    existing = LabourMarketFigure.objects.filter(period=Period.MONTH, month__in={row.month for row in rows})
    wanted = {(row.ags, row.month) for row in rows}
    replace_ids = [pk for pk, ags, month in existing.values_list("pk", "ags", "month") if (ags, month) in wanted]
    report.replaced = len(replace_ids)
    LabourMarketFigure.objects.filter(pk__in=replace_ids).delete()
    LabourMarketFigure.objects.bulk_create(
        [
            LabourMarketFigure(
                ags=row.ags,
                region=row.region,
                state=row.state,
                period=Period.MONTH,
                month=row.month,
                unemployed=row.unemployed,
                unemployed_sgb2=row.unemployed_sgb2,
                civilian_labour_force=row.civilian_labour_force,
                source_import=record,
            )
            for row in rows
        ],
        batch_size=500,
    )
    report.imported = len(rows)
    report.import_id = record.pk
    record.imported, record.skipped, record.report = report.imported, len(report.skipped), report.as_dict()
    record.save(update_fields=["imported", "skipped", "report"])
    log_change(
        actor=actor,
        jobcenter=None,
        action="statistics.labour_market_imported",
        target=record,
        details={"filename": report.filename, "imported": report.imported, "skipped": len(report.skipped)},
    )


def import_labour_market(
    data: bytes,
    *,
    filename: str,
    actor: User | None = None,
    strict: bool = False,
    source: str = "",
) -> ImportReport:
    """Import the CSV ``data``; returns the report. Nothing is written when ``report.ok`` is False."""
    report = ImportReport(filename=filename)
    rows = read_rows(data, report)
    if report.errors:
        return report
    if strict and report.skipped:
        report.errors.append(
            _("%(count)s Zeile(n) sind fehlerhaft; im strengen Modus wird dann nichts importiert.")
            % {"count": len(report.skipped)}
        )
        return report
    if not rows:
        report.errors.append(_("Keine Zeile konnte übernommen werden; es wurde nichts importiert."))
        return report
    report.months = sorted({f"{row.month:%Y-%m}" for row in rows})
    report.regions = len({row.ags for row in rows})
    with transaction.atomic():
        _note_missing_previous_year(rows, report)
        _write(rows, report, actor=actor, source=source)
    return report

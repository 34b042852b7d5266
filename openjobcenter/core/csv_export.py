"""CSV downloads of figures: UTF-8 with a byte-order mark (spreadsheets read it), no formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_response(filename: str, rows: Iterable[Sequence[object]]) -> HttpResponse:
    """An attachment ``filename`` holding ``rows``, every cell made safe to open."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response

"""Loading the reference data (``data/*.csv``, see ``data/LICENCES.md``) into the database.

Called by migration 0002, so ``migrate`` on a fresh clone has it (about 22,000 rows, a second or
two). ``load`` takes the models as arguments so the migration can pass its historical ones.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def normalise(label: str) -> str:
    return " ".join(label.lower().split())


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def main_kldb_for_isco() -> dict[str, str]:
    """ISCO-08 code → the lowest KldB 2010 code that has it as its main mapping."""
    codes: dict[str, list[str]] = defaultdict(list)
    for row in _rows("kldb2010_isco08.csv"):
        if row["schwerpunkt"] == "1":
            codes[row["isco08"]].append(row["kldb2010"])
    return {isco: min(kldb) for isco, kldb in codes.items()}


def load(occupation_model: Any, label_model: Any) -> tuple[int, int]:
    """Replace occupations and labels with the shipped tables; returns (occupations, labels)."""
    label_model.objects.all().delete()
    occupation_model.objects.all().delete()
    occupations = [
        occupation_model(
            code=row["code"],
            level=int(row["ebene"]),
            parent_id=row["parent_code"] or None,
            title=row["titel"],
            short_title=row["kurztitel"] or row["titel"],
            skill_level=row["anforderungsniveau"],
        )
        for row in _rows("kldb2010_v2020.csv")
    ]
    # Parents come before their children in the file, and bulk_create inserts in order.
    occupation_model.objects.bulk_create(sorted(occupations, key=lambda o: (o.level, o.code)), batch_size=1000)
    known = {o.code for o in occupations}
    labels: list[Any] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, label: str, label_en: str = "") -> None:
        key = (code, normalise(label))
        if label and key not in seen:
            seen.add(key)
            labels.append(label_model(occupation_id=code, label=label, normalised=key[1], label_en=label_en))

    for occupation in occupations:
        if occupation.level == 5:
            add(occupation.code, occupation.short_title)
    kldb_for = main_kldb_for_isco()
    for row in _rows("esco_occupations_de.csv"):
        code = kldb_for.get(row["isco08"])
        if code is None or code not in known:
            continue
        add(code, row["preferred_label_de"], row["preferred_label_en"])
        for alt in row["alt_labels_de"].split("|"):
            add(code, alt.strip(), row["preferred_label_en"])
    label_model.objects.bulk_create(labels, batch_size=2000)
    return len(occupations), len(labels)


def ensure_loaded() -> None:
    """Load the reference data if the tables are empty (a test database flushed by a
    transactional test loses what the migration loaded)."""
    from openjobcenter.jobs.models import Occupation, OccupationLabel

    if not Occupation.objects.exists():
        load(Occupation, OccupationLabel)

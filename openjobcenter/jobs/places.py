"""Postal codes: the place name and the coordinates, from the core app's GeoNames table.

``openjobcenter/core/data/plz_de.csv`` (CC BY 4.0, see ``data/LICENCES.md``) is read once.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from openjobcenter.core import geo


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    with geo.DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["plz"]: row["ort"] for row in csv.DictReader(handle)}


def place_name(postal_code: str) -> str:
    return _places().get(geo.normalise_postal_code(postal_code), "")


def all_postal_codes() -> list[tuple[str, str, float, float]]:
    """(postal code, place, lat, lon) of every postal code, for the generator."""
    names = _places()
    result = []
    for plz, name in names.items():
        coordinates = geo.coordinates(plz)
        if coordinates is not None:
            result.append((plz, name, coordinates[0], coordinates[1]))
    return result

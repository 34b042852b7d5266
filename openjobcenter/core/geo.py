"""Distances between German postal codes, from the GeoNames postal-code table in ``data/plz_de.csv``.

The table (about 8,300 rows, CC BY 4.0, see ``data/SOURCES.md``) is read on first use and kept in
memory. A postal code stands for the mean position of its places: good enough to sort locations by
"near me", not for routing.
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "plz_de.csv"
EARTH_RADIUS_KM = 6371.0088

Coordinates = tuple[float, float]


@lru_cache(maxsize=1)
def _table() -> dict[str, Coordinates]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["plz"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def normalise_postal_code(text: str) -> str:
    """What a person typed ("D-40210", " 40210 ", Arabic-Indic digits) as five ASCII digits, or ``""``."""
    digits = "".join(str(int(ch)) for ch in text if ch.isdecimal())
    return digits if len(digits) == 5 else ""


def coordinates(postal_code: str) -> Coordinates | None:
    """Latitude and longitude of a postal code, or ``None`` when it is not in the table."""
    return _table().get(normalise_postal_code(postal_code))


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(from_postal_code: str, to_postal_code: str) -> float | None:
    """Distance between two postal codes, or ``None`` when either is unknown."""
    a, b = coordinates(from_postal_code), coordinates(to_postal_code)
    if a is None or b is None:
        return None
    return haversine_km(a, b)

"""Demo data of elearning for ``load_demo``."""

from __future__ import annotations


def load_demo_elearning() -> dict[str, int]:
    return {}

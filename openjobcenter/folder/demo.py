"""Demo data of folder for ``load_demo``."""

from __future__ import annotations


def load_demo_folder() -> dict[str, int]:
    return {}

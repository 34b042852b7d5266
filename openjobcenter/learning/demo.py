"""Demo data of learning for ``load_demo``."""

from __future__ import annotations


def load_demo_learning() -> dict[str, int]:
    return {}

"""Demo data of jobs for ``load_demo``."""

from __future__ import annotations


def load_demo_jobs() -> dict[str, int]:
    return {}

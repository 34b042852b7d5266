"""Demo data for the assistant: the shipped knowledge base, published (idempotent)."""

from __future__ import annotations

from openjobcenter.assistant.services.answers import load_shipped


def load_demo_assistant() -> dict[str, int]:
    result = load_shipped()
    return {"assistant_topics": result.created + result.updated + result.unchanged}

"""Assistant fixtures: the shipped knowledge base, loaded into the test database once per test."""

from __future__ import annotations

import pytest

from openjobcenter.assistant.services.answers import load_shipped


@pytest.fixture
def knowledge(db):
    """The shipped topics, published (the index is built once per process and shared)."""
    return load_shipped()

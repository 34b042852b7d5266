"""Postfach fixtures: the case file's (clamd, private storage, Aylin's case, other teams and citizens)."""

from __future__ import annotations

import pytest

from openjobcenter.casefile.tests.conftest import (  # noqa: F401
    _private_storage,
    carla,
    case,
    clamd_url,
    david,
    davids_case,
    nord_case,
    other_team,
    pdf_bytes,
    scanner,
)
from openjobcenter.messaging.models import Thread, Topic
from openjobcenter.messaging.services.threads import start_thread


@pytest.fixture
def thread(case, aylin) -> Thread:
    """Aylin asks her team (Bernd's) about her application."""
    return start_thread(
        actor=aylin,
        case=case,
        citizen=aylin,
        topic=Topic.BENEFITS,
        subject="Frage zum Antrag",
        body="Fehlt noch etwas?",
    )


@pytest.fixture
def davids_thread(davids_case, david) -> Thread:
    return start_thread(
        actor=david, case=davids_case, citizen=david, topic=Topic.OTHER, subject="Davids Frage", body="Hallo"
    )


@pytest.fixture
def noras_thread(nord_case, nora) -> Thread:
    return start_thread(actor=nora, case=nord_case, citizen=nora, topic=Topic.OTHER, subject="Noras Frage", body="Moin")

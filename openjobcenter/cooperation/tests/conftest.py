"""Cooperation plan fixtures. Aylin's case belongs to Bernd's team; she has a published plan (version 1).

Carla advises in another team and Lena processes benefits: both must state a reason. David is another
client of demo with his own case; Niklas and Nora belong to Jobcenter Nordkreis.
"""

from __future__ import annotations

import datetime as dt

import pytest

from openjobcenter.casefile.tests.conftest import (  # noqa: F401 – the case file's households
    carla,
    case,
    david,
    davids_case,
    other_team,
)
from openjobcenter.cooperation.models import Owner, Version
from openjobcenter.cooperation.services.plans import StepData, publish, save_draft

GOALS = "Arbeit als Verkäuferin in Teilzeit finden"


def steps() -> list[StepData]:
    return [
        StepData("Vier Bewerbungen im Monat schreiben", Owner.CITIZEN, dt.date(2026, 12, 31)),
        StepData("Bewerbungscoaching buchen", Owner.JOBCENTER, dt.date(2026, 12, 20)),
    ]


@pytest.fixture
def published(case, aylin, bernd) -> Version:
    draft = save_draft(
        actor=bernd, case=case, person=aylin, goals=GOALS, support="Kosten für Bewerbungen",
        review_date=dt.date(2027, 6, 1), steps=steps(),
    )  # fmt: skip
    return publish(actor=bernd, draft=draft)

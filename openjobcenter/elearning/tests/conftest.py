"""eLearning fixtures: the case file's (Aylin's case with Bernd's team, David, Carla, Nora) and the modules."""

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
    scanner,
)
from openjobcenter.elearning.models import Module
from openjobcenter.elearning.services.progress import questions_of


def builtin(slug: str) -> Module:
    return Module.objects.get(jobcenter=None, slug=slug)


def right_answers(module: Module) -> dict[str, list[str]]:
    return {q.key: [c.key for c in q.choices.all() if c.correct] for q in questions_of(module)}


def wrong_answers(module: Module) -> dict[str, list[str]]:
    return {q.key: [next(c.key for c in q.choices.all() if not c.correct)] for q in questions_of(module)}


def as_post(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"q-{key}": value for key, value in answers.items()}


@pytest.fixture
def application(db) -> Module:
    return builtin("bewerbung-schreiben")


@pytest.fixture
def safety(db) -> Module:
    return builtin("sicher-im-internet")

"""Outcome counts: one row per Jobcenter, day, language, outcome and topic, incremented in the database."""

from __future__ import annotations

import datetime as dt

import pytest

from openjobcenter.assistant.models import QuestionCount
from openjobcenter.assistant.services.usage import record_outcome, record_question

pytestmark = pytest.mark.django_db

ANSWER = {"reason": "answer", "language": "de", "topic": "payment-date"}


def counts(jobcenter) -> dict[tuple[str, str, str], int]:
    return {
        (row.outcome, row.language, row.topic_key): row.count for row in QuestionCount.objects.for_tenant(jobcenter)
    }


def test_repeated_calls_add_up_in_one_row(demo):
    for _ in range(5):
        record_outcome(demo, ANSWER)
    record_outcome(demo, {"reason": "unsure", "language": "ar", "topic": None})
    record_outcome(demo, {"reason": "suggest", "language": "de", "topic": None, "suggestions": [{"topic": "x"}]})
    assert counts(demo) == {("answer", "de", "payment-date"): 5, ("unsure", "ar", ""): 1, ("suggest", "de", ""): 1}


def test_each_day_and_jobcenter_counts_apart(demo, nord):
    record_outcome(demo, ANSWER, day=dt.date(2026, 12, 1))
    record_outcome(demo, ANSWER, day=dt.date(2026, 12, 2))
    record_outcome(nord, ANSWER, day=dt.date(2026, 12, 2))
    assert QuestionCount.objects.for_tenant(demo).count() == 2
    assert counts(nord) == {("answer", "de", "payment-date"): 1}


def test_a_topic_is_kept_only_for_answers(demo):
    record_outcome(demo, {"reason": "own_case", "language": "de", "topic": "payment-date"})
    assert counts(demo) == {("own_case", "de", ""): 1}


@pytest.mark.parametrize("reply", [{"reason": "maybe", "language": "de"}, {"reason": "answer", "language": "fr"}])
def test_unknown_outcomes_and_languages_are_refused(demo, reply):
    with pytest.raises(ValueError):
        record_outcome(demo, reply)


def test_recording_never_stores_the_question(demo):
    record_question(demo, "Mein Name ist Max Mustermann, wann kommt das Geld?", ANSWER)
    row = QuestionCount.objects.for_tenant(demo).get()
    assert "Mustermann" not in str(row.__dict__)


def test_a_failing_count_does_not_fail_the_answer(demo, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr("openjobcenter.assistant.services.usage.record_outcome", broken)
    record_question(demo, "Wann kommt das Geld?", ANSWER)  # no exception

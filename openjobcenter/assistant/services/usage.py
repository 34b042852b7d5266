"""What the assistant did, counted without the question: outcome counts per day, and "helpful?" feedback.

``record_question`` is what the chat and the API call after every answered question: it counts the
outcome (``record_outcome``) and, only when ``ASSISTANT_QUESTION_RETENTION_DAYS`` is above 0, keeps the
redacted question for review (``retention.retain_question``). Neither writes an audit entry: they hold
no personal data, and an entry with the client's address would tie a person to their question.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from openjobcenter.assistant.models import Feedback, Outcome, QuestionCount
from openjobcenter.assistant.services import retention
from openjobcenter.assistant.services.answers import published_versions
from openjobcenter.assistant.services.matching import LANGUAGES
from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)

OUTCOMES = frozenset(Outcome.values)
# An UPDATE that finds no row, then an INSERT that loses to a concurrent one: the next UPDATE finds it.
MAX_ATTEMPTS = 5


def _count_key(jobcenter: Jobcenter, reply: Mapping[str, Any], day: dt.date) -> dict[str, Any]:
    outcome = reply.get("reason")
    language = reply.get("language")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    topic = (reply.get("topic") or "") if outcome == Outcome.ANSWER else ""
    return {"jobcenter": jobcenter, "date": day, "language": language, "outcome": outcome, "topic_key": topic}


def record_outcome(jobcenter: Jobcenter, reply: Mapping[str, Any], *, day: dt.date | None = None) -> None:
    """Add one to the count of this reply's outcome (and topic, when answered) for the local day.

    Race-free on SQLite and PostgreSQL without locks: ``count = count + 1`` in the database; when no
    row exists yet, create it with 1, and when a concurrent request created it first (the unique
    constraint says so), increment that row instead.
    """
    key = _count_key(jobcenter, reply, day or timezone.localdate())
    rows = QuestionCount.all_tenants.filter(**key)
    for _attempt in range(MAX_ATTEMPTS):
        if rows.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                QuestionCount.all_tenants.create(**key, count=1)
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not count the assistant's outcome")  # pragma: no cover - needs a broken database


def record_question(jobcenter: Jobcenter, question: str, reply: Mapping[str, Any]) -> None:
    """After a question was answered: count the outcome, keep the redacted question if configured.

    Never fails the answer: the person gets their reply even when the counter's database write fails.
    """
    try:
        record_outcome(jobcenter, reply)
        retention.retain_question(jobcenter, question, reply)
    except (DatabaseError, RuntimeError):
        logger.warning("Could not record the assistant's outcome for %s", jobcenter.slug, exc_info=True)


# --- "Helpful?" --------------------------------------------------------------------------------------


class FeedbackError(ValueError):
    """Feedback that cannot be stored: unknown topic, language or score."""


def record_feedback(jobcenter: Jobcenter, *, topic_key: str, score: int, language: str) -> Feedback:
    """Store one "helpful?" answer: the topic, +1 or −1, the language and the local day — nothing else."""
    if score not in (1, -1):
        raise FeedbackError("score")
    if language not in LANGUAGES:
        raise FeedbackError("language")
    if topic_key not in published_versions(jobcenter):
        raise FeedbackError("topic")
    return Feedback.all_tenants.create(
        jobcenter=jobcenter, topic_key=topic_key, score=score, language=language, date=timezone.localdate()
    )

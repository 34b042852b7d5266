"""The short retention of redacted questions, so that staff can add what people really ask.

Off by default (``ASSISTANT_QUESTION_RETENTION_DAYS`` = 0: nothing is kept). When on, each question is
kept redacted (``redaction.redact``) with its language, outcome and topic, and deleted by the worker
(``assistant.tasks``) once ``expires_at`` has passed — also when the setting was lowered meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone

from openjobcenter.assistant.models import Outcome, RetainedQuestion
from openjobcenter.assistant.services.redaction import redact
from openjobcenter.core.models import Jobcenter

MAX_TEXT = 500


def retention_days() -> int:
    return int(getattr(settings, "ASSISTANT_QUESTION_RETENTION_DAYS", 0))


def retain_question(
    jobcenter: Jobcenter, question: str, reply: Mapping[str, Any], *, now: dt.datetime | None = None
) -> RetainedQuestion | None:
    """Keep the redacted question when retention is on; ``None`` (and nothing stored) when it is off."""
    days = retention_days()
    if days <= 0:
        return None
    text = redact(question)[:MAX_TEXT]
    if not text:
        return None
    now = now or timezone.now()
    outcome = reply.get("reason") or Outcome.UNSURE
    return RetainedQuestion.all_tenants.create(
        jobcenter=jobcenter,
        text=text,
        language=str(reply.get("language") or ""),
        outcome=outcome,
        topic_key=(reply.get("topic") or "") if outcome == Outcome.ANSWER else "",
        expires_at=now + dt.timedelta(days=days),
    )


def delete_expired_questions(*, now: dt.datetime | None = None) -> int:
    """Delete every retained question whose time is up, in all Jobcenters; returns how many."""
    deleted, _per_model = RetainedQuestion.all_tenants.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted

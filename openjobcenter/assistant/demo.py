"""Demo data for the assistant: the shipped knowledge base, published, and four weeks of plausible
outcome counts and "helpful?" feedback, so that the service figures show something (idempotent: the
same numbers for the same days on every run)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from openjobcenter.assistant.models import Feedback, Outcome, QuestionCount
from openjobcenter.assistant.services.answers import load_shipped
from openjobcenter.core.models import Jobcenter

DEMO_DAYS = 28
# Questions on a weekday per Jobcenter (weekends a third), and how they spread.
DAILY = {"demo": 60, "nord": 15}
LANGUAGES = (("de", 0.62), ("ar", 0.12), ("uk", 0.1), ("tr", 0.07), ("en", 0.06), ("ru", 0.03))
OUTCOMES = (
    (Outcome.ANSWER, 0.71),
    (Outcome.SUGGEST, 0.09),
    (Outcome.OWN_CASE, 0.1),
    (Outcome.OUT_OF_SCOPE, 0.04),
    (Outcome.UNSURE, 0.06),
)
TOPICS = (
    ("payment-date", 9),
    ("continuation-application", 7),
    ("documents-needed", 6),
    ("housing-costs", 6),
    ("report-change", 5),
    ("sick-note", 5),
    ("opening-hours", 4),
    ("book-appointment", 4),
    ("standard-rates", 4),
    ("upload-documents", 3),
    ("earned-income", 3),
    ("moving-house", 2),
    ("objection", 2),
    ("emergency-money", 1),
)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([key for key, _w in weighted], weights=[w for _k, w in weighted])[0]


def _day_counts(slug: str, day: dt.date) -> tuple[dict[tuple[str, str, str], int], list[tuple[str, int, str]]]:
    """(language, outcome, topic) → count, and the feedback (topic, score, language) of one day."""
    rng = random.Random(f"{slug}-{day.isoformat()}")
    questions = DAILY[slug] if day.weekday() < 5 else DAILY[slug] // 3
    questions = max(0, int(rng.gauss(questions, questions * 0.15)))
    counts: dict[tuple[str, str, str], int] = {}
    feedback: list[tuple[str, int, str]] = []
    for _ in range(questions):
        language = _pick(rng, LANGUAGES)
        outcome = _pick(rng, OUTCOMES)
        topic = _pick(rng, TOPICS) if outcome == Outcome.ANSWER else ""
        counts[(language, outcome, topic)] = counts.get((language, outcome, topic), 0) + 1
        if topic and rng.random() < 0.12:  # some people answer "helpful?", most of them with yes
            feedback.append((topic, 1 if rng.random() < 0.82 else -1, language))
    return counts, feedback


@transaction.atomic
def load_demo_counts(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=DEMO_DAYS - 1)
    rows = 0
    for jobcenter in Jobcenter.objects.filter(slug__in=DAILY):
        counts: list[QuestionCount] = []
        feedback: list[Feedback] = []
        for offset in range(DEMO_DAYS):
            day = first + dt.timedelta(days=offset)
            per_key, votes = _day_counts(jobcenter.slug, day)
            counts += [
                QuestionCount(jobcenter=jobcenter, date=day, language=lang, outcome=outcome, topic_key=topic, count=n)
                for (lang, outcome, topic), n in per_key.items()
            ]
            feedback += [
                Feedback(jobcenter=jobcenter, topic_key=topic, score=score, language=lang, date=day)
                for topic, score, lang in votes
            ]
        QuestionCount.all_tenants.bulk_create(
            counts,
            update_conflicts=True,
            unique_fields=["jobcenter", "date", "language", "outcome", "topic_key"],
            update_fields=["count"],
        )
        # Feedback rows have no natural key: the demo's days are replaced as a whole.
        Feedback.all_tenants.filter(jobcenter=jobcenter, date__gte=first, date__lte=today).delete()
        Feedback.all_tenants.bulk_create(feedback)
        rows += len(counts)
    return rows


def load_demo_assistant() -> dict[str, int]:
    result = load_shipped()
    loaded = {"assistant_topics": result.created + result.updated + result.unchanged}
    if counts := load_demo_counts():  # only when the demo Jobcenters exist
        loaded["assistant_counts"] = counts
    return loaded

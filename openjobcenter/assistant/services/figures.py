"""The assistant's figures for team leads (issue 11, service figures): what it did with the questions.

From the daily counts (``QuestionCount``) and the "helpful?" feedback (``Feedback``) of one Jobcenter
in a period of local days (both inclusive). The counts know no location and no team: only the period
applies. Three grouped queries, whatever the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum

from openjobcenter.assistant.models import Feedback, Outcome, QuestionCount, TopicVersion, VersionStatus
from openjobcenter.core.models import Jobcenter

TOP_TOPICS = 10


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(part * 100 / whole, 1)


@dataclass
class OutcomeCounts:
    """Questions by outcome. "Handed over" = everything not answered (suggestions included)."""

    answered: int = 0
    suggested: int = 0
    own_case: int = 0
    out_of_scope: int = 0
    unsure: int = 0

    def add(self, outcome: str, count: int) -> None:
        name = {
            Outcome.ANSWER: "answered",
            Outcome.SUGGEST: "suggested",
            Outcome.OWN_CASE: "own_case",
            Outcome.OUT_OF_SCOPE: "out_of_scope",
            Outcome.UNSURE: "unsure",
        }.get(Outcome(outcome))
        if name is not None:
            setattr(self, name, getattr(self, name) + count)

    @property
    def total(self) -> int:
        return self.answered + self.suggested + self.own_case + self.out_of_scope + self.unsure

    @property
    def not_answered(self) -> int:
        return self.total - self.answered

    @property
    def answered_percent(self) -> float | None:
        return _percent(self.answered, self.total)


@dataclass(frozen=True)
class LanguageRow:
    language: str
    label: str
    counts: OutcomeCounts


@dataclass(frozen=True)
class TopicRow:
    key: str
    title: str
    answered: int
    helpful: int = 0
    not_helpful: int = 0


@dataclass(frozen=True)
class AssistantFigures:
    date_from: dt.date
    date_to: dt.date
    total: OutcomeCounts
    by_language: list[LanguageRow] = field(default_factory=list)
    top_topics: list[TopicRow] = field(default_factory=list)
    helpful: int = 0
    not_helpful: int = 0

    @property
    def feedback_total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_percent(self) -> float | None:
        return _percent(self.helpful, self.feedback_total)


def topic_titles(jobcenter: Jobcenter, keys: list[str], language: str) -> dict[str, str]:
    """Key → the title of the topic's published version this Jobcenter uses (its own wins), in ``language``."""
    if not keys:
        return {}
    versions = (
        TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED, topic__key__in=keys)
        .filter(Q(topic__jobcenter__isnull=True) | Q(topic__jobcenter=jobcenter))
        .filter(Q(jobcenter__isnull=True) | Q(jobcenter=jobcenter))
        .select_related("topic")
    )

    def precedence(version: TopicVersion) -> tuple[int, int]:
        # Shipped, then the Jobcenter's version of a shipped topic, then its own topic; newest last.
        rank = 2 if version.topic.jobcenter_id else (1 if version.jobcenter_id else 0)
        return rank, version.number

    titles: dict[str, str] = {}
    for version in sorted(versions, key=precedence):
        titles[version.topic.key] = version.title_text(language) or version.topic.key
    return titles


def assistant_figures(
    jobcenter: Jobcenter, date_from: dt.date, date_to: dt.date, *, language: str = "de"
) -> AssistantFigures:
    counts = QuestionCount.objects.for_tenant(jobcenter).filter(date__gte=date_from, date__lte=date_to)
    total = OutcomeCounts()
    per_language: dict[str, OutcomeCounts] = {}
    for row in counts.values("language", "outcome").annotate(n=Sum("count")).order_by():
        total.add(row["outcome"], row["n"] or 0)
        per_language.setdefault(row["language"], OutcomeCounts()).add(row["outcome"], row["n"] or 0)
    names = dict(settings.LANGUAGES)
    by_language = [
        LanguageRow(code, names.get(code, code), per_language[code])
        for code in sorted(per_language, key=lambda code: (-per_language[code].total, code))
    ]

    top = list(
        counts.filter(outcome=Outcome.ANSWER)
        .exclude(topic_key="")
        .values("topic_key")
        .annotate(n=Sum("count"))
        .order_by("-n", "topic_key")[:TOP_TOPICS]
    )
    feedback = Feedback.objects.for_tenant(jobcenter).filter(date__gte=date_from, date__lte=date_to)
    scores = {
        row["topic_key"]: (row["plus"], row["minus"])
        for row in feedback.values("topic_key")
        .annotate(plus=Count("id", filter=Q(score=1)), minus=Count("id", filter=Q(score=-1)))
        .order_by()
    }
    titles = topic_titles(jobcenter, [row["topic_key"] for row in top], language)
    top_topics = [
        TopicRow(
            key=row["topic_key"],
            title=titles.get(row["topic_key"], row["topic_key"]),
            answered=row["n"] or 0,
            helpful=scores.get(row["topic_key"], (0, 0))[0],
            not_helpful=scores.get(row["topic_key"], (0, 0))[1],
        )
        for row in top
    ]
    return AssistantFigures(
        date_from=date_from,
        date_to=date_to,
        total=total,
        by_language=by_language,
        top_topics=top_topics,
        helpful=sum(plus for plus, _minus in scores.values()),
        not_helpful=sum(minus for _plus, minus in scores.values()),
    )

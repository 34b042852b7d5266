"""The editor's list of topics: shipped and own, with the state of the newest version, the review
date and this Jobcenter's "helpful?" counts — in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from openjobcenter.assistant.models import Feedback, Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services.editor import is_superseded, review_due, topics_for
from openjobcenter.core.models import Jobcenter


@dataclass
class TopicRow:
    topic: Topic
    title: str
    current: TopicVersion | None  # what the assistant uses
    newest: TopicVersion | None  # the Jobcenter's newest own version, if any
    has_own_version: bool  # a published own version of a shipped topic
    helpful: int
    unhelpful: int

    @property
    def status(self) -> str:
        """draft, reviewed, published (own), shipped, or inactive."""
        if not self.topic.is_active:
            return "inactive"
        if self.newest is not None and self.newest.status != VersionStatus.PUBLISHED and not is_superseded(self.newest):
            return str(self.newest.status)
        if self.has_own_version or not self.topic.is_shipped:
            return "published" if self.current is not None else "draft"
        return "shipped"

    @property
    def reviewed_on(self) -> dt.date | None:
        return self.current.reviewed_on if self.current is not None else None

    @property
    def review_due(self) -> bool:
        return self.current is not None and review_due(self.reviewed_on)


STATUS_FILTERS = ("draft", "reviewed", "published", "shipped", "own", "due", "inactive")


def topic_rows(jobcenter: Jobcenter, *, language: str, status: str = "", search: str = "") -> list[TopicRow]:
    """The list of the editor's start page, in five queries whatever the number of topics."""
    topics = list(topics_for(jobcenter).order_by("key"))
    light = ("examples",)
    shipped: dict[int, TopicVersion] = {}
    for version in (
        TopicVersion.all_tenants.filter(jobcenter__isnull=True, status=VersionStatus.PUBLISHED)
        .defer(*light)
        .order_by("number")
    ):
        shipped[version.topic_id] = version
    published: dict[int, TopicVersion] = {}
    newest: dict[int, TopicVersion] = {}
    for version in TopicVersion.objects.for_tenant(jobcenter).defer(*light).order_by("number", "pk"):
        newest[version.topic_id] = version
        if version.status == VersionStatus.PUBLISHED:
            published[version.topic_id] = version
    scores: dict[str, dict[int, int]] = defaultdict(dict)
    for row in Feedback.objects.for_tenant(jobcenter).values("topic_key", "score").annotate(n=Count("id")):
        scores[row["topic_key"]][row["score"]] = row["n"]
    rows = []
    for topic in topics:
        current = published.get(topic.pk) or shipped.get(topic.pk)
        shown = newest.get(topic.pk) or current
        rows.append(
            TopicRow(
                topic=topic,
                title=shown.title_text(language) if shown is not None else topic.key,
                current=current,
                newest=newest.get(topic.pk),
                has_own_version=topic.is_shipped and topic.pk in published,
                helpful=scores[topic.key].get(1, 0),
                unhelpful=scores[topic.key].get(-1, 0),
            )
        )
    return [row for row in rows if _matches(row, status, search)]


def _matches(row: TopicRow, status: str, search: str) -> bool:
    if status == "own" and row.topic.is_shipped:
        return False
    if status == "due" and not row.review_due:
        return False
    if status in ("draft", "reviewed", "published", "shipped", "inactive") and row.status != status:
        return False
    needle = search.strip().casefold()
    if not needle:
        return True
    haystack = [row.topic.key, row.title]
    for version in (row.current, row.newest):
        if version is not None:
            haystack.extend(str(text) for text in version.title.values())
    return any(needle in text.casefold() for text in haystack)

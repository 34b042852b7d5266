"""Helpers for the knowledge-base editor's tests: form data from a version, a complete own topic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services.editor import VersionData
from openjobcenter.assistant.services.matching import LANGUAGES

PARKING_EXAMPLES = [
    "Wo kann ich beim Jobcenter parken?",
    "Gibt es Parkplätze am Jobcenter?",
    "Parkplatz Jobcenter",
    "Kann ich mit dem Auto zum Jobcenter kommen und dort parken?",
    "Parkhaus in der Nähe vom Jobcenter",
    "Kostet das Parken am Jobcenter etwas?",
    "Behindertenparkplatz am Jobcenter",
]


def kb_url(name: str, slug: str = "demo", **kwargs: Any) -> str:
    return reverse(f"assistant_kb_{name}", kwargs={"jobcenter": slug, **kwargs})


def shipped(key: str) -> Topic:
    return Topic.all_tenants.get(jobcenter__isnull=True, key=key)


def published_of(topic: Topic) -> TopicVersion:
    return TopicVersion.all_tenants.get(topic=topic, jobcenter__isnull=True, status=VersionStatus.PUBLISHED)


def edited(version: TopicVersion, **changes: Any) -> VersionData:
    data = VersionData.of(version)
    data.change_note = "Geändert im Test"
    data.reviewed_on = data.reviewed_on or timezone.localdate()
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def parking_data() -> VersionData:
    return VersionData(
        title={"de": "Parken am Jobcenter"},
        answer={
            "de": "Vor {jobcenter_name} gibt es 20 kostenlose Parkplätze, zwei davon für Menschen mit Behinderung."
        },
        examples={"de": list(PARKING_EXAMPLES)},
        sources=[],
        actions=["contact"],
        reviewed_on=timezone.localdate() - dt.timedelta(days=1),
        change_note="Erste Fassung",
    )


def form_data(version: TopicVersion | VersionData, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for ``version``'s content (sources plus two empty rows)."""
    data = version if isinstance(version, VersionData) else edited(version)
    post: dict[str, Any] = {}
    for code in LANGUAGES:
        post[f"title_{code}"] = data.title.get(code, "")
        post[f"answer_{code}"] = data.answer.get(code, "")
        post[f"examples_{code}"] = "\n".join(data.examples.get(code, []))
    rows = [*data.sources, {}, {}]
    post["sources-TOTAL_FORMS"] = str(len(rows))
    post["sources-INITIAL_FORMS"] = str(len(data.sources))
    post["sources-MIN_NUM_FORMS"] = "0"
    post["sources-MAX_NUM_FORMS"] = "30"
    for index, row in enumerate(rows):
        for key in ("title", "reference", "url"):
            post[f"sources-{index}-{key}"] = row.get(key, "")
    post["actions"] = list(data.actions)
    post["reviewed_on"] = data.reviewed_on.isoformat() if data.reviewed_on else ""
    post["change_note"] = data.change_note
    post.update(changes)
    return post

"""From a question to a reply: the published knowledge of one Jobcenter, the matcher, the gate, the hand-over.

``load_shipped`` writes the shipped files into the database (idempotent). ``ask`` answers one question
for one Jobcenter. The question itself is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services.knowledge import KNOWLEDGE_DIR, load_files, out_of_scope_classes
from openjobcenter.assistant.services.matching import LANGUAGES, Index, Match, classes_from_topics
from openjobcenter.core.models import Jobcenter
from openjobcenter.notifications.rendering import absolute_url

# --- Loading the shipped knowledge ----------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "answer": data["answer"],
        "examples": data["examples"],
        "sources": data["sources"],
        "actions": data.get("actions", []),
        "reviewed_on": dt.date.fromisoformat(data["reviewed"]),
    }


@transaction.atomic
def load_shipped(directory=KNOWLEDGE_DIR, *, require_all: bool = True) -> LoadResult:
    """Create or update the shipped topics' published versions from the files; raises ``KnowledgeError``."""
    topics, _out_of_scope = load_files(directory, require_all=require_all)
    result = LoadResult()
    for data in topics:
        topic, _created = Topic.all_tenants.get_or_create(jobcenter=None, key=data["id"])
        content = _content(data)
        current = (
            TopicVersion.all_tenants.filter(topic=topic, jobcenter=None, status=VersionStatus.PUBLISHED)
            .order_by("-number")
            .first()
        )
        if current is not None and all(getattr(current, k) == v for k, v in content.items()):
            result.unchanged += 1
            continue
        last = TopicVersion.all_tenants.filter(topic=topic, jobcenter=None).aggregate(n=Max("number"))["n"] or 0
        TopicVersion.all_tenants.filter(topic=topic, jobcenter=None, status=VersionStatus.PUBLISHED).update(
            status=VersionStatus.REVIEWED
        )
        TopicVersion.all_tenants.create(
            topic=topic, jobcenter=None, number=last + 1, status=VersionStatus.PUBLISHED, **content
        )
        if current is None:
            result.created += 1
        else:
            result.updated += 1
    return result


# --- The published knowledge of one Jobcenter -------------------------------------------------------


@dataclass
class Knowledge:
    index: Index
    versions: dict[str, TopicVersion]


_cache: dict[int, tuple[tuple, Knowledge]] = {}
_indexes: dict[str, Index] = {}
MAX_INDEXES = 16
_lock = threading.Lock()


def _signature(jobcenter: Jobcenter) -> tuple:
    published = TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED).filter(
        jobcenter__isnull=True
    ) | TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED, jobcenter=jobcenter)
    figures = published.aggregate(n=Count("id"), last=Max("updated_at"))
    topics = Topic.all_tenants.filter(is_active=False).aggregate(n=Count("id"), last=Max("id"))
    return (figures["n"], figures["last"], topics["n"], topics["last"])


def published_versions(jobcenter: Jobcenter) -> dict[str, TopicVersion]:
    """Topic key → the version the assistant uses for this Jobcenter (its own published one wins)."""
    versions: dict[str, TopicVersion] = {}
    rows = (
        TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED, topic__is_active=True)
        .filter(topic__jobcenter__isnull=True, jobcenter__isnull=True)
        .select_related("topic")
        .order_by("number")
    )
    for version in rows:
        versions[version.topic.key] = version
    own = (
        TopicVersion.all_tenants.filter(status=VersionStatus.PUBLISHED, jobcenter=jobcenter, topic__is_active=True)
        .filter(topic__jobcenter__isnull=True)
        .select_related("topic")
        .order_by("number")
    )
    for version in own:  # the Jobcenter's override of a shipped topic
        versions[version.topic.key] = version
    for version in (
        TopicVersion.all_tenants.filter(
            status=VersionStatus.PUBLISHED, topic__jobcenter=jobcenter, topic__is_active=True
        )
        .select_related("topic")
        .order_by("number")
    ):
        versions[version.topic.key] = version
    return versions


def knowledge_for(jobcenter: Jobcenter) -> Knowledge:
    signature = _signature(jobcenter)
    cached = _cache.get(jobcenter.pk)
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        cached = _cache.get(jobcenter.pk)
        if cached is not None and cached[0] == signature:
            return cached[1]
        versions = published_versions(jobcenter)
        classes = classes_from_topics(
            [{"id": key, "examples": version.examples} for key, version in sorted(versions.items())],
            out_of_scope_classes(),
        )
        fingerprint = hashlib.sha256(json.dumps(classes, sort_keys=True).encode()).hexdigest()
        index = _indexes.get(fingerprint)
        if index is None:  # Jobcenters with the same published examples share one index
            index = Index(classes)
            if len(_indexes) >= MAX_INDEXES:
                _indexes.pop(next(iter(_indexes)))
            _indexes[fingerprint] = index
        knowledge = Knowledge(index, versions)
        _cache[jobcenter.pk] = (signature, knowledge)
        return knowledge


def clear_cache() -> None:
    _cache.clear()
    _indexes.clear()


# --- Answering ---------------------------------------------------------------------------------------


def fill_placeholders(text: str, jobcenter: Jobcenter) -> str:
    values = {
        "jobcenter_name": jobcenter.name,
        "jobcenter_phone": jobcenter.phone,
        "jobcenter_email": jobcenter.email,
        "jobcenter_address": jobcenter.address,
    }
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def disclosure(language: str) -> str:
    with translation.override(language):
        return _(
            "Sie schreiben mit einem digitalen Assistenten, nicht mit einem Menschen. Er antwortet nur mit "
            "geprüften allgemeinen Informationen und entscheidet nicht über Ihren Fall."
        )


def handoff(jobcenter: Jobcenter) -> dict[str, str]:
    return {
        "appointment_url": absolute_url(reverse("appointments:start", kwargs={"jobcenter": jobcenter.slug})),
        "message_url": absolute_url(reverse("core:citizen_area", kwargs={"jobcenter": jobcenter.slug})),
    }


def ask(jobcenter: Jobcenter, question: str, language: str | None = None) -> dict[str, Any]:
    """The API reply for one question (API.md "Assistant"), plus ``reason`` and ``suggestions``."""
    knowledge = knowledge_for(jobcenter)
    match: Match = knowledge.index.match(question, language)
    reply_language = match.language if match.language in LANGUAGES else "de"
    reply: dict[str, Any] = {
        "topic": None,
        "answer": None,
        "sources": [],
        "confidence": match.confidence,
        "language": reply_language,
        "handoff": handoff(jobcenter),
        "disclosure": disclosure(reply_language),
        "reason": match.decision,
        "suggestions": [],
    }
    if match.decision == "answer" and match.topic in knowledge.versions:
        version = knowledge.versions[match.topic]
        answer = version.answer.get(reply_language) or version.answer.get("de") or ""
        reply.update(
            topic=match.topic,
            answer=fill_placeholders(answer, jobcenter),
            sources=[
                {k: source[k] for k in ("title", "reference", "url") if source.get(k)} for source in version.sources
            ],
            handoff=None,
            reason="answer",
            actions=list(version.actions),
        )
    elif match.decision == "suggest":
        reply["suggestions"] = [
            {"topic": key, "title": knowledge.versions[key].title_text(reply_language)}
            for key in match.suggestions
            if key in knowledge.versions
        ]
    elif match.decision == "own_case":
        reply["sign_in_url"] = absolute_url(reverse("accounts:login", kwargs={"jobcenter": jobcenter.slug}))
    return reply

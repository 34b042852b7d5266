"""The knowledge-base editor: a Jobcenter's own versions of topics, its own topics, the review workflow.

A version goes draft → reviewed → published. The reviewer must be another person than the draft's
author (the person who last saved its content): four eyes. Publishing makes the version the one the
assistant uses for this Jobcenter at once — the answer cache (``answers.knowledge_for``) is keyed by
the count and the latest ``updated_at`` of the published versions, and every step here saves the
version it publishes, so the signature changes. The version published before stays in the history as
"reviewed" with its ``published_at`` (superseded).

Every step locks the topic's row, late and briefly, and re-checks the version's status inside the
transaction, so two people publishing at once end with exactly one published version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus
from openjobcenter.assistant.services.knowledge import (
    ACTIONS,
    MIN_EXAMPLES,
    is_https_url,
    topic_ids,
    unknown_placeholders,
)
from openjobcenter.assistant.services.matching import LANGUAGES
from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

MANAGE = "assistant.manage_knowledge_base"
REVIEW = "assistant.review_knowledge_base"
# A Jobcenter's own topic needs fewer examples than a shipped one: it is usually narrow (the local
# parking, a local programme) and written in German; the other languages are optional.
OWN_TOPIC_MIN_EXAMPLES = {"de": 5}
MAX_EXAMPLES_PER_LANGUAGE = 200
MAX_EXAMPLE_LENGTH = 300
MAX_ANSWER_LENGTH = 4000
MAX_TITLE_LENGTH = 200
REVIEW_DUE_AFTER = dt.timedelta(days=365)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.REVIEWED)


@dataclass
class VersionData:
    """A version's content as entered; the error keys of ``ValidationError`` name these fields
    (per language: ``title_de``, ``answer_ar``, ``examples_en``)."""

    title: dict[str, str]
    answer: dict[str, str]
    examples: dict[str, list[str]]
    sources: list[dict[str, str]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    reviewed_on: dt.date | None = None
    change_note: str = ""

    @classmethod
    def of(cls, version: TopicVersion) -> VersionData:
        return cls(
            title=dict(version.title),
            answer=dict(version.answer),
            examples={language: list(questions) for language, questions in version.examples.items()},
            sources=[dict(source) for source in version.sources],
            actions=list(version.actions),
            reviewed_on=version.reviewed_on,
            change_note=version.change_note,
        )


# --- Reading -----------------------------------------------------------------------------------------


def topics_for(jobcenter: Jobcenter) -> QuerySet[Topic]:
    """The shipped topics and this Jobcenter's own ones — never another Jobcenter's."""
    return Topic.all_tenants.filter(Q(jobcenter__isnull=True) | Q(jobcenter=jobcenter))


def versions_for(jobcenter: Jobcenter, topic: Topic) -> QuerySet[TopicVersion]:
    """The versions of ``topic`` this Jobcenter may see: the shipped ones and its own, newest first."""
    return (
        TopicVersion.all_tenants.filter(topic=topic)
        .filter(Q(jobcenter__isnull=True) | Q(jobcenter=jobcenter))
        .select_related("created_by", "reviewed_by", "published_by")
        .order_by("-created_at", "-pk")
    )


def own_versions(jobcenter: Jobcenter, topic: Topic) -> QuerySet[TopicVersion]:
    return TopicVersion.objects.for_tenant(jobcenter).filter(topic=topic)


def shipped_published(topic: Topic) -> TopicVersion | None:
    if not topic.is_shipped:
        return None
    return (
        TopicVersion.all_tenants.filter(topic=topic, jobcenter__isnull=True, status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


def own_published(jobcenter: Jobcenter, topic: Topic) -> TopicVersion | None:
    return own_versions(jobcenter, topic).filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


def current_version(jobcenter: Jobcenter, topic: Topic) -> TopicVersion | None:
    """The version the assistant uses for this Jobcenter (its own published one wins)."""
    return own_published(jobcenter, topic) or shipped_published(topic)


def open_version(jobcenter: Jobcenter, topic: Topic) -> TopicVersion | None:
    """The Jobcenter's draft or reviewed-but-unpublished version of the topic (at most one is open)."""
    return (
        own_versions(jobcenter, topic)
        .filter(status__in=OPEN_STATUSES, published_at__isnull=True)
        .order_by("-number")
        .first()
    )


def is_superseded(version: TopicVersion) -> bool:
    return version.status == VersionStatus.REVIEWED and version.published_at is not None


def review_due(reviewed_on: dt.date | None, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return reviewed_on is None or today - reviewed_on > REVIEW_DUE_AFTER


# --- Validation --------------------------------------------------------------------------------------


def reserved_keys() -> set[str]:
    """Keys a Jobcenter's own topic may not take: the shipped ones (files and database)."""
    return set(topic_ids()) | set(Topic.all_tenants.filter(jobcenter__isnull=True).values_list("key", flat=True))


def check_key(jobcenter: Jobcenter, key: str) -> None:
    if not KEY_PATTERN.fullmatch(key):
        raise ValidationError(
            {
                "key": _(
                    "Bitte nur Kleinbuchstaben a–z, Ziffern und Bindestriche, 2 bis 60 Zeichen, "
                    "zum Beispiel „parken-am-standort“."
                )
            }
        )
    if key in reserved_keys():
        raise ValidationError(
            {"key": _("Diese Kennung gehört zu einem ausgelieferten Thema. Bitte wählen Sie eine andere.")}
        )
    if Topic.objects.for_tenant(jobcenter).filter(key=key).exists():
        raise ValidationError({"key": _("Ihr Jobcenter hat schon ein Thema mit dieser Kennung.")})


def check_version(topic: Topic, data: VersionData) -> None:
    """The rules of the shipped files, with fewer required examples and languages for own topics:

    - German title and answer are required; other languages are optional (the assistant answers in
      German where a translation is missing). For a shipped topic all six are prefilled.
    - Answers may use only the placeholders of knowledge.py.
    - Example questions: a shipped topic keeps the shipped minimums per language (they decide which
      topic a question finds, for every other topic too); an own topic needs five German ones.
    - Sources: a shipped topic needs at least one (its legal basis); each row needs title and
      reference, a URL must start with https://.
    - Actions only from the known keys; a review date that is not in the future; a change note.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    for language in LANGUAGES:
        title = data.title.get(language, "")
        answer = data.answer.get(language, "")
        if len(title) > MAX_TITLE_LENGTH:
            errors[f"title_{language}"].append(_("Höchstens %(n)s Zeichen.") % {"n": MAX_TITLE_LENGTH})
        if len(answer) > MAX_ANSWER_LENGTH:
            errors[f"answer_{language}"].append(_("Höchstens %(n)s Zeichen.") % {"n": MAX_ANSWER_LENGTH})
        unknown = unknown_placeholders(answer)
        if unknown:
            errors[f"answer_{language}"].append(
                _("Unbekannter Platzhalter %(names)s. Erlaubt sind: %(known)s.")
                % {"names": ", ".join("{" + name + "}" for name in unknown), "known": placeholder_list()}
            )
        if bool(title) != bool(answer) and language != "de":
            missing = f"answer_{language}" if title else f"title_{language}"
            errors[missing].append(_("Bitte geben Sie Titel und Antwort in dieser Sprache an – oder keins von beiden."))
        _check_examples(topic, data.examples.get(language, []), language, errors)
    if not data.title.get("de"):
        errors["title_de"].append(_("Bitte geben Sie den Titel auf Deutsch an."))
    if not data.answer.get("de"):
        errors["answer_de"].append(_("Bitte geben Sie die Antwort auf Deutsch an."))
    _check_sources(topic, data.sources, errors)
    if any(action not in ACTIONS for action in data.actions):
        errors["actions"].append(_("Bitte wählen Sie nur Aktionen aus der Liste."))
    if data.reviewed_on is None:
        errors["reviewed_on"].append(_("Bitte geben Sie an, wann der Inhalt fachlich geprüft wurde."))
    elif data.reviewed_on > timezone.localdate():
        errors["reviewed_on"].append(_("Das Prüfdatum darf nicht in der Zukunft liegen."))
    if not data.change_note.strip():
        errors["change_note"].append(_("Bitte beschreiben Sie kurz, was Sie geändert haben."))
    if errors:
        raise ValidationError(dict(errors))


def placeholder_list() -> str:
    from openjobcenter.assistant.services.knowledge import PLACEHOLDERS

    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def _check_examples(topic: Topic, questions: list[str], language: str, errors: dict[str, list[str]]) -> None:
    key = f"examples_{language}"
    minimum = MIN_EXAMPLES[language] if topic.is_shipped else OWN_TOPIC_MIN_EXAMPLES.get(language, 0)
    distinct = len(set(questions))
    if distinct < minimum:
        errors[key].append(
            _("%(count)s verschiedene Beispielfragen, mindestens %(minimum)s sind nötig (eine je Zeile).")
            % {"count": distinct, "minimum": minimum}
        )
    if len(questions) > MAX_EXAMPLES_PER_LANGUAGE:
        errors[key].append(_("Höchstens %(n)s Beispielfragen je Sprache.") % {"n": MAX_EXAMPLES_PER_LANGUAGE})
    if any(len(question) > MAX_EXAMPLE_LENGTH for question in questions):
        errors[key].append(_("Eine Beispielfrage hat höchstens %(n)s Zeichen.") % {"n": MAX_EXAMPLE_LENGTH})


def _check_sources(topic: Topic, sources: list[dict[str, str]], errors: dict[str, list[str]]) -> None:
    for number, source in enumerate(sources, 1):
        if not source.get("title") or not source.get("reference"):
            errors["sources"].append(
                _("Quelle %(n)s: Bitte geben Sie Titel und Fundstelle an (z. B. „§ 22 SGB II“).") % {"n": number}
            )
        if source.get("url") and not is_https_url(source["url"]):
            errors["sources"].append(
                _("Quelle %(n)s: Die Adresse muss mit https:// beginnen und darf keine Leerzeichen enthalten.")
                % {"n": number}
            )
    if topic.is_shipped and not sources:
        errors["sources"].append(_("Bitte geben Sie mindestens eine Quelle an, zum Beispiel den Paragrafen im SGB II."))


# --- The workflow ------------------------------------------------------------------------------------


def _lock(topic: Topic) -> Topic:
    """Lock the topic's row until commit: the one row all steps of this topic pass (PostgreSQL: a row
    lock; SQLite serialises writers anyway)."""
    return Topic.all_tenants.select_for_update().get(pk=topic.pk)


def _reload(version: TopicVersion, *expected: str) -> TopicVersion:
    """The version as it is now, inside the transaction; its status must be one of ``expected``."""
    fresh = TopicVersion.all_tenants.select_for_update().get(pk=version.pk)
    if fresh.status not in expected or (fresh.status == VersionStatus.REVIEWED and fresh.published_at):
        raise ValidationError(_("Diese Fassung wurde inzwischen geändert. Bitte laden Sie die Seite neu."))
    return fresh


def _require(actor: User, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied


def _next_number(jobcenter: Jobcenter, topic: Topic) -> int:
    numbers = TopicVersion.all_tenants.filter(topic=topic).filter(Q(jobcenter__isnull=True) | Q(jobcenter=jobcenter))
    return (numbers.aggregate(n=Max("number"))["n"] or 0) + 1


def _audit(
    actor: User, jobcenter: Jobcenter, action: str, version: TopicVersion, request: HttpRequest | None, **details: Any
) -> None:
    log_change(
        actor=actor,
        jobcenter=jobcenter,
        action=f"assistant.{action}",
        target=version,
        details={"topic": version.topic.key, "version": version.number, **details},
        request=request,
    )


def start_draft(jobcenter: Jobcenter, topic: Topic, *, actor: User, request: HttpRequest | None = None) -> TopicVersion:
    """A new draft copied from the version the assistant uses now (own or shipped); an open draft or
    reviewed version of this Jobcenter is returned instead of a second one."""
    _require(actor, MANAGE)
    _check_visible(jobcenter, topic)
    with transaction.atomic():
        _lock(topic)
        existing = open_version(jobcenter, topic)
        if existing is not None:
            return existing
        base = current_version(jobcenter, topic) or own_versions(jobcenter, topic).order_by("-number").first()
        content = VersionData.of(base) if base is not None else VersionData({}, {}, {})
        version = TopicVersion.all_tenants.create(
            topic=topic,
            jobcenter=jobcenter,
            number=_next_number(jobcenter, topic),
            status=VersionStatus.DRAFT,
            created_by=actor,
            **_fields(content, change_note=""),
        )
        _audit(actor, jobcenter, "version_drafted", version, request, based_on=base.number if base else None)
    return version


def save_draft(
    version: TopicVersion, data: VersionData, *, actor: User, request: HttpRequest | None = None
) -> TopicVersion:
    """Store the content of a draft; the person saving becomes its author (for the four-eyes rule)."""
    _require(actor, MANAGE)
    jobcenter = _own(version)
    check_version(version.topic, data)
    with transaction.atomic():
        _lock(version.topic)
        fresh = _reload(version, VersionStatus.DRAFT)
        for name, value in _fields(data).items():
            setattr(fresh, name, value)
        fresh.created_by = actor
        fresh.save()
        _audit(actor, jobcenter, "version_saved", fresh, request, change_note=data.change_note)
    return fresh


def may_review(version: TopicVersion, actor: User) -> tuple[bool, str]:
    """Whether ``actor`` may mark the draft as reviewed, and if not, why (shown next to the button)."""
    if version.status != VersionStatus.DRAFT:
        return False, ""
    if not (actor.has_perm(REVIEW) or actor.has_perm(MANAGE)):
        return False, _("Prüfen dürfen Teamleitungen und die Administration des Jobcenters.")
    if version.created_by_id == actor.pk:
        return False, _(
            "Sie haben diesen Entwurf zuletzt bearbeitet. Nach dem Vier-Augen-Prinzip prüft ihn eine andere Person."
        )
    return True, ""


def mark_reviewed(version: TopicVersion, *, actor: User, request: HttpRequest | None = None) -> TopicVersion:
    if not (actor.has_perm(REVIEW) or actor.has_perm(MANAGE)):
        raise PermissionDenied
    allowed, why = may_review(version, actor)
    if not allowed:
        raise ValidationError(why or _("Nur Entwürfe können als geprüft markiert werden."))
    jobcenter = _own(version)
    check_version(version.topic, VersionData.of(version))  # a started but unfinished draft cannot pass
    with transaction.atomic():
        _lock(version.topic)
        fresh = _reload(version, VersionStatus.DRAFT)
        if fresh.created_by_id == actor.pk:  # saved by the reviewer in the meantime
            raise ValidationError(may_review(fresh, actor)[1])
        fresh.status = VersionStatus.REVIEWED
        fresh.reviewed_by = actor
        fresh.reviewed_at = timezone.now()
        fresh.review_note = ""
        fresh.save()
        _audit(actor, jobcenter, "version_reviewed", fresh, request)
    return fresh


def return_to_draft(
    version: TopicVersion, note: str, *, actor: User, request: HttpRequest | None = None
) -> TopicVersion:
    """A reviewed version goes back to draft, with the reviewer's note for the author."""
    if not (actor.has_perm(REVIEW) or actor.has_perm(MANAGE)):
        raise PermissionDenied
    jobcenter = _own(version)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Bitte schreiben Sie dazu, was geändert werden soll.")})
    if len(note) > 500:
        raise ValidationError({"note": _("Höchstens 500 Zeichen.")})
    with transaction.atomic():
        _lock(version.topic)
        fresh = _reload(version, VersionStatus.REVIEWED, VersionStatus.DRAFT)
        fresh.status = VersionStatus.DRAFT
        fresh.reviewed_by = None
        fresh.reviewed_at = None
        fresh.review_note = note
        fresh.save()
        _audit(actor, jobcenter, "version_returned", fresh, request, note=note)
    return fresh


def publish(version: TopicVersion, *, actor: User, request: HttpRequest | None = None) -> TopicVersion:
    """The reviewed version becomes the one the assistant uses for this Jobcenter; the one published
    before stays as reviewed (superseded)."""
    _require(actor, MANAGE)
    jobcenter = _own(version)
    with transaction.atomic():
        topic = _lock(version.topic)
        fresh = _reload(version, VersionStatus.REVIEWED)
        if fresh.reviewed_by_id is None or fresh.reviewed_by_id == fresh.created_by_id:
            raise ValidationError(_("Diese Fassung wurde nicht von einer zweiten Person geprüft."))
        previous = own_published(jobcenter, topic)
        if previous is not None:
            previous.status = VersionStatus.REVIEWED
            previous.save(update_fields=["status", "updated_at"])
        fresh.status = VersionStatus.PUBLISHED
        fresh.published_by = actor
        fresh.published_at = timezone.now()
        fresh.save()  # a new updated_at: the assistant's cache signature changes
        _audit(actor, jobcenter, "version_published", fresh, request, replaces=previous.number if previous else None)
    return fresh


def revert_to_shipped(
    jobcenter: Jobcenter, topic: Topic, *, actor: User, request: HttpRequest | None = None
) -> TopicVersion:
    """The Jobcenter's own published version of a shipped topic steps back; the shipped one answers again."""
    _require(actor, MANAGE)
    _check_visible(jobcenter, topic)
    if not topic.is_shipped:
        raise ValidationError(_("Nur ausgelieferte Themen haben eine ausgelieferte Fassung."))
    with transaction.atomic():
        _lock(topic)
        current = own_published(jobcenter, topic)
        if current is None:
            raise ValidationError(_("Ihr Jobcenter nutzt für dieses Thema bereits die ausgelieferte Fassung."))
        current.status = VersionStatus.REVIEWED
        current.save(update_fields=["status", "updated_at"])
        _audit(actor, jobcenter, "version_reverted", current, request)
    return current


def create_topic(
    jobcenter: Jobcenter, key: str, title_de: str, *, actor: User, request: HttpRequest | None = None
) -> TopicVersion:
    """A new own topic with an empty first draft (its content is written on the edit page)."""
    _require(actor, MANAGE)
    key = key.strip().lower()
    check_key(jobcenter, key)
    title_de = title_de.strip()
    if not title_de or len(title_de) > MAX_TITLE_LENGTH:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel auf Deutsch an (höchstens 200 Zeichen).")})
    with transaction.atomic():
        topic = Topic.all_tenants.create(jobcenter=jobcenter, key=key)
        version = TopicVersion.all_tenants.create(
            topic=topic,
            jobcenter=jobcenter,
            number=1,
            status=VersionStatus.DRAFT,
            title={"de": title_de},
            created_by=actor,
        )
        log_change(
            actor=actor, jobcenter=jobcenter, action="assistant.topic_created", target=topic,
            details={"topic": key}, request=request,
        )  # fmt: skip
    return version


def set_active(
    jobcenter: Jobcenter, topic: Topic, active: bool, *, actor: User, request: HttpRequest | None = None
) -> bool:
    """Switch an own topic on or off for the assistant; ``False`` when nothing changed."""
    _require(actor, MANAGE)
    if topic.jobcenter_id != jobcenter.pk:
        raise ValidationError(_("Nur eigene Themen können deaktiviert werden."))
    with transaction.atomic():
        locked = _lock(topic)
        if locked.is_active == active:
            return False
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        # Touch the published version too: the assistant's cache sees the change at once, whatever
        # other topics are inactive.
        TopicVersion.all_tenants.filter(topic=locked, status=VersionStatus.PUBLISHED).update(updated_at=timezone.now())
        log_change(
            actor=actor, jobcenter=jobcenter,
            action="assistant.topic_reactivated" if active else "assistant.topic_deactivated",
            target=locked, details={"topic": locked.key}, request=request,
        )  # fmt: skip
    topic.is_active = active
    return True


def _own(version: TopicVersion) -> Jobcenter:
    """The Jobcenter whose version this is; shipped versions are never changed here."""
    if version.jobcenter is None:
        raise PermissionDenied
    return version.jobcenter


def _check_visible(jobcenter: Jobcenter, topic: Topic) -> None:
    if topic.jobcenter_id not in (None, jobcenter.pk):
        raise PermissionDenied


def _fields(data: VersionData, **overrides: Any) -> dict[str, Any]:
    values = {
        "title": {k: v for k, v in data.title.items() if v},
        "answer": {k: v for k, v in data.answer.items() if v},
        "examples": {k: v for k, v in data.examples.items() if v},
        "sources": data.sources,
        "actions": data.actions,
        "reviewed_on": data.reviewed_on,
        "change_note": data.change_note.strip(),
    }
    values.update(overrides)
    return values

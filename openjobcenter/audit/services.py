"""Audit trail interface: every state change and every read of personal data calls one of these.

Entries are written inside the caller's transaction: if the change is rolled back, so is its
entry, and if the entry cannot be written, the change fails. On PostgreSQL appending takes no
lock (the entry is sealed into its chain later, see ``chain.seal``); on SQLite it locks the
Jobcenter's chain until commit, so call ``log_change``/``log_read`` as the last write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from openjobcenter.audit import chain
from openjobcenter.audit.client import client_ip, user_agent
from openjobcenter.audit.models import AuditEntry, Kind

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Parts of a key in ``details`` whose value is never stored.
SENSITIVE_KEY_PARTS = frozenset(
    {"password", "passwort", "secret", "token", "otp", "totp", "pin", "credential", "credentials", "apikey"}
)
REDACTED = "[entfernt]"
# Newest first: entries not sealed yet (no sequence) are the newest, in id order among themselves.
NEWEST_FIRST = (F("sequence").desc(nulls_first=True), "-id")
AUDIT_REVIEW_PURPOSE = gettext_noop("Protokollprüfung")


def log_change(
    *,
    actor: User | None,
    jobcenter: Jobcenter | None,
    action: str,
    target: models.Model | None = None,
    subject: User | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record a state change. ``action`` is a dotted name, e.g. ``"accounts.staff_created"``.

    ``subject`` is the citizen whose data the change concerns (shown in their access log).
    ``details`` must not hold secrets: keys such as ``password`` or ``token`` are stored redacted.
    """
    _record(
        kind=Kind.CHANGE,
        action=action,
        actor=actor,
        jobcenter=jobcenter,
        target=target,
        subject=subject,
        details=details,
        request=request,
    )


def log_read(
    *,
    actor: User,
    jobcenter: Jobcenter | None,
    subject: User,
    purpose: str,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    action: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` looked at personal data of ``subject`` for ``purpose``.

    ``purpose`` is shown to the citizen ("Wer hat meine Daten gesehen?"): a short German phrase,
    marked with ``gettext_noop``/``gettext_lazy`` so it is shown in the citizen's language.
    ``action`` defaults to ``"<app>.<model>_viewed"`` for ``target``.
    """
    if not str(purpose).strip():
        raise ValueError("A read of personal data needs a purpose.")
    _record(
        kind=Kind.READ,
        action=action or _read_action(target),
        actor=actor,
        jobcenter=jobcenter,
        target=target,
        subject=subject,
        purpose=purpose,
        details=details,
        request=request,
    )


def log_auth(
    *,
    action: str,
    jobcenter: Jobcenter | None,
    actor: User | None = None,
    subject: User | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record a sign-in event (``accounts.logged_in``, ``accounts.login_failed`` …)."""
    _record(
        kind=Kind.AUTH,
        action=action,
        actor=actor,
        jobcenter=jobcenter,
        target=None,
        subject=subject,
        details=details,
        request=request,
    )


def log_audit_review(
    *,
    actor: User,
    jobcenter: Jobcenter | None,
    subject: User | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record that ``actor`` looked into the audit trail itself (a read with purpose "Protokollprüfung")."""
    _record(
        kind=Kind.READ,
        action="audit.log_searched",
        actor=actor,
        jobcenter=jobcenter,
        target=None,
        subject=subject,
        purpose=AUDIT_REVIEW_PURPOSE,
        details=details,
        request=request,
    )


def username_hash(username: str) -> str:
    """Keyed hash of an attempted sign-in name (see ``signals.py`` for why not the name itself)."""
    return salted_hmac("openjobcenter.audit.username", username.strip().lower(), algorithm="sha256").hexdigest()[:32]


# --- Reading the trail -------------------------------------------------------------------------


def access_log_for(*, jobcenter: Jobcenter, citizen: User) -> QuerySet[AuditEntry]:
    """Reads of ``citizen``'s data by others in ``jobcenter``, newest first."""
    return (
        AuditEntry.objects.for_tenant(jobcenter)
        .filter(kind=Kind.READ, subject=citizen)
        .exclude(actor_ref=citizen.pk)
        .select_related("target_type")
        .order_by(*NEWEST_FIRST)
    )


@dataclass(frozen=True)
class SearchFilters:
    person: str = ""
    subject: User | None = None
    action: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_details(self) -> dict[str, Any]:
        values = {
            "person": self.person,
            "subject": self.subject.pk if self.subject else None,
            "action": self.action,
            "kind": self.kind,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }
        return {key: value for key, value in values.items() if value not in ("", None)}


def search_log(
    *, jobcenter: Jobcenter, actor: User, filters: SearchFilters, request: HttpRequest | None = None
) -> QuerySet[AuditEntry]:
    """The Jobcenter's entries matching ``filters``, newest first. The search itself is logged."""
    log_audit_review(
        actor=actor,
        jobcenter=jobcenter,
        subject=filters.subject,
        details={"filters": filters.as_details()},
        request=request,
    )
    entries = AuditEntry.objects.for_tenant(jobcenter).select_related("subject", "target_type")
    return entries.filter(_search_condition(filters)).order_by(*NEWEST_FIRST)


def _search_condition(filters: SearchFilters) -> Q:
    condition = Q()
    if filters.person:
        by_person = Q(actor__email__icontains=filters.person) | Q(actor_label__icontains=filters.person)
        if "@" in filters.person:
            # Failed sign-ins keep only a keyed hash of the name that was tried.
            by_person |= Q(details__username_hash=username_hash(filters.person))
        condition &= by_person
    if filters.subject is not None:
        condition &= Q(subject=filters.subject)
    if filters.action:
        condition &= Q(action__startswith=filters.action)
    if filters.kind:
        condition &= Q(kind=filters.kind)
    if filters.date_from:
        condition &= Q(timestamp__gte=_start_of(filters.date_from))
    if filters.date_to:
        condition &= Q(timestamp__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return condition


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the Jobcenter's time zone (dates in the form are local dates)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- Building an entry ---------------------------------------------------------------------------


def _record(
    *,
    kind: str,
    action: str,
    actor: User | None,
    jobcenter: Jobcenter | None,
    target: models.Model | None,
    subject: User | None,
    details: dict[str, Any] | None,
    request: HttpRequest | None,
    purpose: str = "",
) -> AuditEntry:
    if not ACTION_PATTERN.fullmatch(action):
        raise ValueError(f"Audit action must be a dotted lower-case name, got {action!r}")
    entry = AuditEntry(
        jobcenter=jobcenter,
        kind=kind,
        action=action,
        subject=subject,
        subject_ref=subject.pk if subject else None,
        purpose=_text(_source_language(purpose), 200),
        details=_clean_details(details or {}),
    )
    _set_actor(entry, actor)
    _set_target(entry, target)
    if request is not None:
        entry.ip_address = client_ip(request)
        entry.user_agent = user_agent(request)
    return chain.append(entry)


def _read_action(target: models.Model | None) -> str:
    if target is None:
        return "personal_data.viewed"
    return f"{target._meta.app_label}.{target._meta.model_name}_viewed"


def _set_actor(entry: AuditEntry, actor: User | None) -> None:
    # A snapshot: the entry must still say who acted, and in which role, after the person moves
    # team, changes role or their account is deleted.
    if actor is None:
        return
    entry.actor = actor
    entry.actor_ref = actor.pk
    entry.actor_label = _text(actor.get_full_name() or actor.email, 200)
    entry.actor_roles = sorted(actor.role_set)
    entry.actor_team = _text(actor.team.name, 200) if actor.team is not None else ""


def _set_target(entry: AuditEntry, target: models.Model | None) -> None:
    if target is None:
        return
    entry.target_type = ContentType.objects.get_for_model(target)
    entry.target_id = _text(str(target.pk), 64)
    entry.target_label = _text(str(target), 200)


def _source_language(text: str) -> str:
    # Lazy strings are stored in the source language (German), so the page showing the entry
    # can translate them into the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _text(value: str, length: int) -> str:
    # PostgreSQL rejects NUL characters and over-long values; both would break the insert.
    return value.replace("\x00", "")[:length]


def _is_sensitive(key: str) -> bool:
    parts = set(re.split(r"[^a-z]+", key.lower()))
    return bool(parts & SENSITIVE_KEY_PARTS) or any(part.startswith("pass") for part in parts)


def _clean_details(value: Any) -> Any:
    """Plain JSON that reads back from the database exactly as written, without secrets.

    Floats become strings: a float may not round-trip byte-for-byte through PostgreSQL's jsonb,
    and the hash must be recomputable.
    """
    if isinstance(value, dict):
        return {str(k): REDACTED if _is_sensitive(str(k)) else _clean_details(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_details(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(str(_clean_details(item)) for item in value)
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    try:
        return DjangoJSONEncoder().default(value)
    except TypeError:
        return str(value)

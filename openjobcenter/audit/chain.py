"""Hash chain: the canonical form of an entry, appending under a row lock, and verification.

Hash format (version 1), also described in docs/audit.md::

    hash = SHA-256( prev_hash  ||  canonical_json(entry) )

``prev_hash`` is the previous entry's hash in the same chain as 64 lower-case hex characters in
ASCII (64 zeros for the first entry). ``canonical_json`` is the UTF-8 encoding of
``json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` over exactly
the keys built by ``canonical_fields``; timestamps are UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from openjobcenter.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry, chain_key
from openjobcenter.core.models import Jobcenter

FORMAT_VERSION = 1


def utc_iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _target_type_key(target_type_id: int | None) -> str:
    if target_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(target_type_id)  # cached after the first lookup
    return f"{content_type.app_label}.{content_type.model}"


def canonical_fields(entry: AuditEntry) -> dict[str, Any]:
    """Everything the hash covers. The FK links actor/subject are left out on purpose (see model)."""
    return {
        "action": entry.action,
        "actor": entry.actor_ref,
        "actor_label": entry.actor_label,
        "actor_roles": list(entry.actor_roles),
        "actor_team": entry.actor_team,
        "details": entry.details,
        "ip_address": entry.ip_address,
        "jobcenter": entry.jobcenter_id,
        "kind": entry.kind,
        "purpose": entry.purpose,
        "sequence": entry.sequence,
        "subject": entry.subject_ref,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "target_type": _target_type_key(entry.target_type_id),
        "timestamp": utc_iso(entry.timestamp),
        "user_agent": entry.user_agent,
        "version": entry.version,
    }


def canonical_json(entry: AuditEntry) -> bytes:
    text = json.dumps(
        canonical_fields(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def compute_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(entry)).hexdigest()


# --- Appending ---------------------------------------------------------------------------------


def _locked_head(jobcenter: Jobcenter | None) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (created on first use)."""
    key = chain_key(jobcenter.pk if jobcenter else None)
    head = AuditChainHead.objects.select_for_update().filter(key=key).first()
    if head is not None:
        return head
    try:
        # A savepoint, so losing the race to create the head leaves the transaction usable.
        with transaction.atomic():
            return AuditChainHead.objects.create(key=key, jobcenter=jobcenter)
    except IntegrityError:
        return AuditChainHead.objects.select_for_update().get(key=key)


def append(entry: AuditEntry) -> AuditEntry:
    """Link ``entry`` to the end of its chain and insert it, in the caller's transaction.

    The head lock serialises writers of one chain until their transactions end; call this as the
    last write of a transaction so the lock is held briefly. No savepoint of our own: if the entry
    cannot be written, the caller's change must fail with it.
    """
    with transaction.atomic(savepoint=False):
        head = _locked_head(entry.jobcenter)
        entry.version = FORMAT_VERSION
        entry.sequence = head.sequence + 1
        # Taken under the lock, so timestamps never go backwards within a chain.
        entry.timestamp = timezone.now()
        entry.prev_hash = head.last_hash
        entry.hash = compute_hash(head.last_hash, entry)
        entry.save(force_insert=True)
        head.sequence = entry.sequence
        head.last_hash = entry.hash
        head.save(update_fields=["sequence", "last_hash", "updated_at"])
    return entry


# --- Verification ------------------------------------------------------------------------------


@dataclass
class ChainReport:
    key: str
    label: str
    checked: int = 0
    last_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries(jobcenter_id: int | None) -> Iterator[AuditEntry]:
    lookup = {"jobcenter_id": jobcenter_id} if jobcenter_id is not None else {"jobcenter__isnull": True}
    return AuditEntry.all_tenants.filter(**lookup).order_by("sequence").iterator(chunk_size=2000)


def _problem_with(entry: AuditEntry, *, expected_sequence: int, prev_hash: str) -> str | None:
    where = f"entry id={entry.pk} (sequence {entry.sequence})"
    if entry.sequence != expected_sequence:
        return f"{where}: expected sequence {expected_sequence} – an entry was removed, inserted or reordered"
    if entry.prev_hash != prev_hash:
        return f"{where}: does not link to the previous entry – an entry was removed, inserted or reordered"
    if compute_hash(prev_hash, entry) != entry.hash:
        return f"{where}: content does not match its hash – the entry was modified"
    if entry.actor_id not in (None, entry.actor_ref) or entry.subject_id not in (None, entry.subject_ref):
        return f"{where}: actor or subject link was changed"
    return None


def verify_chain(jobcenter_id: int | None, label: str) -> ChainReport:
    """Recompute one chain from its first entry; report the first break and a truncated end."""
    key = chain_key(jobcenter_id)
    report = ChainReport(key=key, label=label)
    prev_hash = GENESIS_HASH
    for entry in _entries(jobcenter_id):
        problem = _problem_with(entry, expected_sequence=report.checked + 1, prev_hash=prev_hash)
        report.checked += 1
        if problem:
            report.problems.append(problem)
            return report
        prev_hash = report.last_hash = entry.hash
    head = AuditChainHead.objects.filter(key=key).first()
    head_sequence, head_hash = (head.sequence, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_sequence, head_hash) != (report.checked, prev_hash):
        report.problems.append(
            f"chain ends at sequence {report.checked}, but its head records {head_sequence} – "
            "entries at the end were removed or the head was changed"
        )
    return report

"""Hash chain: the canonical form of an entry, appending, sealing and verification.

Appending (``append``) inserts an entry in the caller's transaction. On PostgreSQL it is inserted
*unsealed* – no lock, no place in the chain, no hash – and ``seal`` (queued by the sweeper every
round, 30 s by default, and run before every verification) links and hashes unsealed entries in
id order under the chain head's lock. Until then an entry is not tamper-evident: that window is the
sealing delay (docs/audit.md). On SQLite, where writers commit one at a time anyway, ``append``
seals the entry at once under the head's lock.

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
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from openjobcenter.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry, chain_key

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


def seals_on_append(connection: BaseDatabaseWrapper) -> bool:
    """Whether ``append`` links entries itself: on SQLite, where one writer at a time commits.

    Elsewhere concurrent writers would queue on the chain head's lock until they commit (issue
    3: about 15 waiting sessions under booking load), so entries go in unsealed and ``seal``
    links them later.
    """
    return connection.vendor == "sqlite"


def append(entry: AuditEntry) -> AuditEntry:
    """Insert ``entry`` in the caller's transaction: sealed at once on SQLite, unsealed elsewhere.

    No savepoint of our own: if the entry cannot be written, the caller's change must fail with it.
    """
    entry.version = FORMAT_VERSION
    entry.timestamp = timezone.now()
    entry.sequence = None
    entry.prev_hash = entry.hash = ""
    connection = connections[AuditEntry.objects.db]
    if not seals_on_append(connection):
        entry.save(force_insert=True)
        return entry
    with transaction.atomic(savepoint=False):
        head = _locked_head(entry.jobcenter_id)
        # Taken under the lock, so timestamps never go backwards within a chain.
        entry.timestamp = timezone.now()
        _link(entry, head)
        entry.save(force_insert=True)
        head.save(update_fields=["sequence", "last_hash", "updated_at"])
    return entry


def _locked_head(jobcenter_id: int | None) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (created on first use)."""
    key = chain_key(jobcenter_id)
    head = AuditChainHead.objects.select_for_update().filter(key=key).first()
    if head is not None:
        return head
    try:
        # A savepoint, so losing the race to create the head leaves the transaction usable.
        with transaction.atomic():
            return AuditChainHead.objects.create(key=key, jobcenter_id=jobcenter_id)
    except IntegrityError:
        return AuditChainHead.objects.select_for_update().get(key=key)


def _link(entry: AuditEntry, head: AuditChainHead) -> None:
    """Give ``entry`` the next place after ``head`` and its hash; move the head on (not saved)."""
    entry.sequence = head.sequence + 1
    entry.prev_hash = head.last_hash
    entry.hash = compute_hash(head.last_hash, entry)
    head.sequence = entry.sequence
    head.last_hash = entry.hash


# --- Sealing -----------------------------------------------------------------------------------

SEAL_BATCH = 500
_POLL_SECONDS = 0.02


def seal(*, wait: float = 5.0) -> int:
    """Link and hash the unsealed entries of every chain, in id order; return how many.

    Only entries up to a *safe horizon* are sealed: an id below which no entry can still be
    committed later (see ``_safe_horizon``), so no entry is ever skipped and the chain order is
    the id order. ``wait`` bounds how long to wait for transactions that may still commit such
    an entry; entries they keep back stay unsealed until the next run.
    """
    horizon = _safe_horizon(wait=wait)
    if horizon is None:
        return 0
    pending = AuditEntry.all_tenants.filter(sequence__isnull=True, id__lte=horizon)
    chains = set(pending.values_list("jobcenter_id", flat=True).distinct())
    return sum(_seal_chain(jobcenter_id, horizon) for jobcenter_id in sorted(chains, key=lambda pk: pk or 0))


def _seal_chain(jobcenter_id: int | None, horizon: int) -> int:
    sealed = 0
    while True:
        # One transaction per batch: the head lock serialises sealers of this chain, and the
        # entries are read after taking it, so a concurrent sealer's work is seen, not redone.
        with transaction.atomic():
            head = _locked_head(jobcenter_id)
            lookup = {"jobcenter_id": jobcenter_id} if jobcenter_id is not None else {"jobcenter__isnull": True}
            entries = list(
                AuditEntry.all_tenants.filter(sequence__isnull=True, id__lte=horizon, **lookup).order_by("id")[
                    :SEAL_BATCH
                ]
            )
            for entry in entries:
                _link(entry, head)
            if entries:
                AuditEntry.all_tenants.bulk_update(entries, ["sequence", "prev_hash", "hash"])
                head.save(update_fields=["sequence", "last_hash", "updated_at"])
        sealed += len(entries)
        if len(entries) < SEAL_BATCH:
            return sealed


def _safe_horizon(*, wait: float) -> int | None:
    """The highest id below which every entry that will ever be committed is committed now.

    SQLite: every committed entry (writers commit one at a time, ids grow with commits).

    PostgreSQL: ids come from a sequence when a row is inserted, but transactions commit in
    another order, so a visible id 11 does not mean id 10 is finished. An INSERT takes a ROW
    EXCLUSIVE lock on the table *before* it draws its id and keeps it until its transaction
    ends. So: (1) read the last id drawn, H; (2) list the transactions holding that lock now –
    every one that drew an id <= H is finished or on the list; (3) wait until the listed ones
    have ended. Then no id <= H can still appear (the way PostgreSQL's own CREATE INDEX
    CONCURRENTLY waits for writers). ``None``: nothing to seal, or they did not end in time.
    """
    connection = connections[AuditEntry.objects.db]
    if connection.vendor != "postgresql":
        return AuditEntry.all_tenants.order_by("-id").values_list("id", flat=True).first()
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)", [table])
        horizon = cursor.fetchone()[0]
        if horizon is None:
            return None
        cursor.execute(_WRITERS_SQL, [table])
        writers = [row[0] for row in cursor.fetchall()]
        deadline = time.monotonic() + wait
        while writers:
            if time.monotonic() >= deadline:
                return None
            time.sleep(_POLL_SECONDS)
            cursor.execute(_WRITERS_SQL + " AND virtualtransaction = ANY(%s::text[])", [table, writers])
            writers = [row[0] for row in cursor.fetchall()]
    return int(horizon)


# Other transactions of this database holding a ROW EXCLUSIVE lock on the audit table.
_WRITERS_SQL = """
SELECT DISTINCT virtualtransaction FROM pg_locks
WHERE locktype = 'relation' AND mode = 'RowExclusiveLock'
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND relation = %s::regclass AND pid IS DISTINCT FROM pg_backend_pid()
"""


# --- Verification ------------------------------------------------------------------------------


@dataclass
class ChainReport:
    key: str
    label: str
    checked: int = 0
    last_hash: str = GENESIS_HASH
    # Entries not sealed yet: not part of the chain, so neither verified nor a problem.
    pending: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _lookup(jobcenter_id: int | None) -> dict[str, Any]:
    return {"jobcenter_id": jobcenter_id} if jobcenter_id is not None else {"jobcenter__isnull": True}


def _entries(jobcenter_id: int | None) -> Iterator[AuditEntry]:
    sealed = AuditEntry.all_tenants.filter(sequence__isnull=False, **_lookup(jobcenter_id))
    return sealed.order_by("sequence").iterator(chunk_size=2000)


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
    """Recompute one chain from its first sealed entry; report the first break and a truncated end.

    Holds the head's lock meanwhile (creating an empty head if there is none), so a sealer cannot
    move the head between reading the entries and reading the head. Unsealed entries are counted
    as ``pending``, never as a problem; call ``seal`` first.
    """
    with transaction.atomic():
        head = _locked_head(jobcenter_id)
        report = _verify(jobcenter_id, label, head)
        report.pending = AuditEntry.all_tenants.filter(sequence__isnull=True, **_lookup(jobcenter_id)).count()
    return report


def _verify(jobcenter_id: int | None, label: str, head: AuditChainHead) -> ChainReport:
    report = ChainReport(key=chain_key(jobcenter_id), label=label)
    prev_hash = GENESIS_HASH
    for entry in _entries(jobcenter_id):
        problem = _problem_with(entry, expected_sequence=report.checked + 1, prev_hash=prev_hash)
        report.checked += 1
        if problem:
            report.problems.append(problem)
            return report
        prev_hash = report.last_hash = entry.hash
    if (head.sequence, head.last_hash) != (report.checked, prev_hash):
        report.problems.append(
            f"chain ends at sequence {report.checked}, but its head records {head.sequence} – "
            "entries at the end were removed or the head was changed"
        )
    return report

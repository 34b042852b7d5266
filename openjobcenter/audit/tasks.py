"""Background work of the audit trail, run by the worker (Django's Tasks API).

The sweeper process (``notification_sweeper``) queues ``PERIODIC`` every round (30 s by default):
sealing links and hashes the entries appended since (see ``chain.seal``). Idempotent: each entry
is sealed once under its chain head's lock; a run that finds nothing to seal does nothing.
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.audit.chain import seal


@task
def seal_audit_entries_task() -> int:
    return seal(wait=5.0)


# (seconds between runs, task) — queued by the sweeper process. The sweeper's round (30 s by
# default) bounds how often it runs, and so how long an entry stays unsealed.
PERIODIC = ((10, seal_audit_entries_task),)

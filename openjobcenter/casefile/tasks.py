"""Background work of the case file, run by the worker (Django's Tasks API).

The sweeper process (``notification_sweeper``) queues ``PERIODIC`` regularly: the deletion of
documents whose retention period has passed, once an hour. Idempotent: it deletes by date, each
document in its own transaction, and skips documents under a legal hold.
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.casefile.services.retention import delete_expired_documents


@task
def delete_expired_documents_task() -> int:
    return delete_expired_documents()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((3600, delete_expired_documents_task),)

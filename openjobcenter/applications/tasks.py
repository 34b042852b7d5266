"""Background work of online applications, queued by the sweeper process (``PERIODIC``).

Once an hour: continuation invitations (eight weeks before an approval period ends) and reminders
about document requests (before the due date to the citizen, after it to staff). Both are
idempotent: every reminder is claimed once by a conditional update before it is sent.
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.applications.services.reminders import invite_continuations, remind_document_requests


@task
def continuation_invitations_task() -> int:
    return invite_continuations()


@task
def document_request_reminders_task() -> list[int]:
    return list(remind_document_requests())


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((3600, continuation_invitations_task), (3600, document_request_reminders_task))

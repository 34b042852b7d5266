"""Background work of the assistant, run by the worker (Django's Tasks API).

The sweeper process (``notification_sweeper``) queues ``PERIODIC`` regularly: the deletion of retained
questions whose time is up, once an hour (so a question is kept at most an hour longer than configured).
Idempotent: it deletes by date.
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.assistant.services.retention import delete_expired_questions


@task
def delete_expired_questions_task() -> int:
    return delete_expired_questions()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((3600, delete_expired_questions_task),)

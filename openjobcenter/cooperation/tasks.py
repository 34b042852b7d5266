"""Background work of the cooperation plan, queued by the sweeper process (``PERIODIC``).

The review reminders run once an hour; they are idempotent (one reminder per version and audience).
"""

from __future__ import annotations

from django.tasks import task

from openjobcenter.cooperation.services.reminders import send_review_reminders


@task
def review_reminders_task() -> int:
    return send_review_reminders()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((3600, review_reminders_task),)

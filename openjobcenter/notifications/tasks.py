"""Background tasks (Django's Tasks API) that deliver the outbox, and the sweep that re-queues.

The database task backend has no periodic scheduler, so retries are not queued with a delay:
the ``notification_sweeper`` process (started by ``manage.py serve``) calls
``enqueue_due_messages`` every 30 seconds. That also heals queue entries lost after commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from openjobcenter.notifications import outbox
from openjobcenter.notifications.models import OutboxMessage

# A message queued this long ago whose task never ran (queue lost, worker crashed before
# claiming it) is queued again.
REQUEUE_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


@task
def deliver_outbox_message(message_id: int) -> str:
    return outbox.deliver(message_id)


def enqueue_delivery(message_id: int) -> None:
    deliver_outbox_message.enqueue(message_id)


def enqueue_due_messages(*, now: datetime | None = None) -> int:
    """Queue a delivery task for every due message that has no task waiting; return how many."""
    now = now or timezone.now()
    not_queued = Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - REQUEUE_AFTER)
    ids = list(
        OutboxMessage.objects.filter(outbox.due(now))
        .filter(not_queued)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    queued = 0
    for message_id in ids:
        # Mark first, then queue: an immediate backend runs (and un-marks) inside enqueue().
        if OutboxMessage.objects.filter(not_queued, pk=message_id).update(enqueued_at=now):
            enqueue_delivery(message_id)
            queued += 1
    return queued


def deliver_due_messages(*, now: datetime | None = None) -> dict[str, int]:
    """Send every due message in this process (``deliver_notifications --send``)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    ids = OutboxMessage.objects.filter(outbox.due(now)).order_by("next_attempt_at").values_list("pk", flat=True)
    for message_id in list(ids[:SWEEP_BATCH]):
        outcome = outbox.deliver(message_id, now=now)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts

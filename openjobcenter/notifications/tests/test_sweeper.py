from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from openjobcenter.notifications import tasks
from openjobcenter.notifications.management.commands import notification_sweeper
from openjobcenter.notifications.models import OutboxMessage, OutboxStatus
from openjobcenter.notifications.services import notify
from openjobcenter.notifications.tests.helpers import make_due


@pytest.fixture
def queued(monkeypatch):
    """Records what the sweeper hands to the task queue instead of running it."""
    calls: list[int] = []
    monkeypatch.setattr(tasks, "enqueue_delivery", calls.append)
    return calls


def _mail(user, title="T"):
    notify(user, "generic", {"title": title, "text": "X"}, channels=["email"])
    return OutboxMessage.objects.latest("pk")


def test_it_queues_due_messages_whose_task_got_lost(aylin, queued):
    message = _mail(aylin)  # queued at creation; the worker never saw it
    assert tasks.enqueue_due_messages() == 0
    assert tasks.enqueue_due_messages(now=timezone.now() + tasks.REQUEUE_AFTER) == 1
    assert queued == [message.pk]


def test_it_queues_a_due_retry_once_and_not_again_while_it_waits(aylin, queued):
    message = _mail(aylin)
    OutboxMessage.objects.filter(pk=message.pk).update(enqueued_at=None, attempts=1)
    make_due(message)
    assert tasks.enqueue_due_messages() == 1
    assert tasks.enqueue_due_messages() == 0  # the worker has not run it yet
    assert queued == [message.pk]


def test_it_leaves_messages_that_are_not_due_sent_or_given_up(aylin, queued):
    later, sent, failed = _mail(aylin, "later"), _mail(aylin, "sent"), _mail(aylin, "failed")
    OutboxMessage.objects.update(enqueued_at=None)
    OutboxMessage.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED)
    make_due(sent, failed)
    assert tasks.enqueue_due_messages() == 0
    assert queued == []


def test_a_sweep_with_the_real_queue_delivers(aylin, mail_server):
    message = _mail(aylin)
    OutboxMessage.objects.filter(pk=message.pk).update(enqueued_at=None)
    assert tasks.enqueue_due_messages() == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_a_database_error_does_not_end_the_sweeper(db, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(notification_sweeper, "enqueue_due_messages", broken)
    assert notification_sweeper.sweep_once() == 0


def test_deliver_notifications_queues_or_sends_once(aylin, mail_server, capsys):
    message = _mail(aylin)
    OutboxMessage.objects.filter(pk=message.pk).update(enqueued_at=None)
    mail_server.down = True
    call_command("deliver_notifications", "--send")
    assert "retry: 1" in capsys.readouterr().out
    mail_server.down = False
    make_due(message)
    call_command("deliver_notifications")
    assert "1 message(s) queued" in capsys.readouterr().out
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT

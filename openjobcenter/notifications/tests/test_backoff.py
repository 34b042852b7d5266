from datetime import timedelta

import pytest
from django.utils import timezone

from openjobcenter.notifications import outbox
from openjobcenter.notifications.models import OutboxMessage, OutboxStatus
from openjobcenter.notifications.services import notify


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (9, 60)])
def test_the_wait_doubles_after_each_failure_up_to_one_hour(attempts, minutes):
    assert outbox.backoff(attempts) == timedelta(minutes=minutes)


def test_each_failure_moves_the_next_attempt_further_out(aylin, mail_server):
    mail_server.down = True
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
    message = OutboxMessage.objects.get()
    now = timezone.now()
    for attempt, minutes in [(1, 1), (2, 2), (3, 4)]:
        assert outbox.deliver(message.pk, now=now) == "retry"
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.next_attempt_at == now + timedelta(minutes=minutes)
        assert outbox.deliver(message.pk, now=now) == "skipped"  # not due yet
        now = message.next_attempt_at


def test_it_gives_up_after_ten_attempts(aylin, mail_server):
    mail_server.down = True
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
    message = OutboxMessage.objects.get()
    now = timezone.now()
    outcomes = []
    for _ in range(outbox.MAX_ATTEMPTS):
        outcomes.append(outbox.deliver(message.pk, now=now))
        message.refresh_from_db()
        now = message.next_attempt_at
    assert outcomes == ["retry"] * 9 + ["failed"]
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 10)
    assert outbox.deliver(message.pk, now=now + timedelta(days=1)) == "skipped"

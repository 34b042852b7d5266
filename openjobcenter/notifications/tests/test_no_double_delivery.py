import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from openjobcenter.notifications import outbox
from openjobcenter.notifications.models import OutboxMessage, OutboxStatus
from openjobcenter.notifications.services import notify


def _queued_mail(aylin):
    notify(aylin, "generic", {"title": "T", "text": "X"}, channels=["email"])
    return OutboxMessage.objects.get()


def test_only_one_of_two_claims_wins(aylin):
    message = _queued_mail(aylin)
    assert outbox.claim(message.pk) is True
    assert outbox.claim(message.pk) is False


def test_a_second_worker_skips_a_message_that_is_being_sent(aylin, mail_server):
    message = _queued_mail(aylin)
    second_worker = []
    # While the first worker talks to the mail server, another worker is handed the same message.
    mail_server.on_send = lambda messages: second_worker.append(outbox.deliver(message.pk))
    assert outbox.deliver(message.pk) == "sent"
    assert second_worker == ["skipped"]
    assert len(mail.outbox) == 1


def test_a_sent_message_is_never_sent_again(aylin, mail_server):
    message = _queued_mail(aylin)
    assert outbox.deliver(message.pk) == "sent"
    assert outbox.deliver(message.pk, now=timezone.now() + timedelta(days=1)) == "skipped"
    assert len(mail.outbox) == 1


def test_a_message_of_a_worker_that_died_while_sending_is_sent_after_the_lease(aylin, mail_server):
    message = _queued_mail(aylin)
    now = timezone.now()
    assert outbox.claim(message.pk, now=now)  # the worker dies here
    assert outbox.deliver(message.pk, now=now + timedelta(minutes=1)) == "skipped"
    assert outbox.deliver(message.pk, now=now + outbox.CLAIM_LEASE) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_racing_workers_send_a_message_once(demo, aylin, mail_server):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent workers need PostgreSQL")
    # Written directly: with autocommit, notify() would deliver at once through the immediate backend.
    message = OutboxMessage.objects.create(to_address="aylin@example.org", language="de", subject="T", text_body="X")
    start = threading.Barrier(4)
    outcomes = []

    def worker():
        start.wait()
        try:
            outcomes.append(outbox.deliver(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT

"""Helpers for the notification tests: a mail server that can be down, and a clock shortcut."""

from __future__ import annotations

import smtplib
from datetime import timedelta

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from openjobcenter.notifications.models import OutboxMessage


class FlakyMailServer(LocmemBackend):
    """Keeps mails in ``django.core.mail.outbox`` like locmem, or fails like a server that is down."""

    down = False
    on_send = None  # called with the messages before they are stored (to simulate a race)

    def send_messages(self, messages):
        if FlakyMailServer.on_send is not None:
            FlakyMailServer.on_send(messages)
        if FlakyMailServer.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def make_due(*messages: OutboxMessage) -> None:
    """Pretend the time of the next attempt has come (the tests cannot wait minutes)."""
    past = timezone.now() - timedelta(seconds=1)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(next_attempt_at=past)

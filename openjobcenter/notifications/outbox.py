"""Deliver one outbox message: claim it, send it, record the outcome.

Two workers may be handed the same message (the sweeper re-queues, a task is retried), so a
message is claimed with one conditional UPDATE and only the worker whose UPDATE changed the
row sends it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Literal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from openjobcenter.notifications.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=1)
# How long a claimed message belongs to its worker; SMTP times out after seconds, so a claim
# older than this means the worker died while sending.
CLAIM_LEASE = timedelta(minutes=10)

Outcome = Literal["sent", "retry", "failed", "skipped"]


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failed attempt, at most 1 h."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def due(now: datetime) -> Q:
    """Messages a worker may send now: waiting and due, or claimed by a worker that died."""
    return Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], next_attempt_at__lte=now)


def claim(message_id: int, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    changed = OutboxMessage.objects.filter(due(now), pk=message_id).update(
        status=OutboxStatus.SENDING, next_attempt_at=now + CLAIM_LEASE
    )
    return changed == 1


def deliver(message_id: int, *, now: datetime | None = None) -> Outcome:
    """Send the message if it is due and nobody else is sending it."""
    now = now or timezone.now()
    if not claim(message_id, now=now):
        OutboxMessage.objects.filter(pk=message_id).update(enqueued_at=None)
        return "skipped"
    message = OutboxMessage.objects.select_related("jobcenter").get(pk=message_id)
    try:
        send(message)
    except Exception as exc:  # any failure of the mail server means "try again later"
        return record_failure(message, exc, now=now)
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=now, attempts=F("attempts") + 1, last_error="", enqueued_at=None
    )
    return "sent"


def send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=sender_address(message),
        to=[message.to_address],
        # Tells mail servers and clients not to send out-of-office replies to it.
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments or []:
        email.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    email.send()


def sender_address(message: OutboxMessage) -> str:
    """The configured sender address, shown with the Jobcenter's name when there is one."""
    if message.jobcenter is None:
        return settings.DEFAULT_FROM_EMAIL
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=message.jobcenter.name, addr_spec=address))


def record_failure(message: OutboxMessage, exc: Exception, *, now: datetime) -> Outcome:
    attempts = message.attempts + 1
    error = short_error(exc)
    if attempts >= MAX_ATTEMPTS:
        status, next_attempt_at, outcome = OutboxStatus.FAILED, message.next_attempt_at, "failed"
        logger.error("E-mail %s given up after %s attempts: %s", message.pk, attempts, error)
    else:
        status, next_attempt_at, outcome = OutboxStatus.PENDING, now + backoff(attempts), "retry"
        logger.warning(
            "E-mail %s not sent (attempt %s), next try at %s: %s", message.pk, attempts, next_attempt_at, error
        )
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
        status=status, attempts=attempts, next_attempt_at=next_attempt_at, last_error=error, enqueued_at=None
    )
    return outcome  # type: ignore[return-value]


def short_error(exc: Exception) -> str:
    """One line for operators: the kind of error and its message, never a stack trace."""
    text = " ".join(str(exc).split())
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return line[:300]

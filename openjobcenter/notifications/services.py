"""Notify people by e-mail and in the portal; mark portal notifications as read.

``notify`` is called by other apps' services inside their transaction. It renders everything in
the recipient's language right away, stores it, and hands delivery to the background worker
after commit: a rolled-back change sends nothing, and a mail server that is down only delays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import models, transaction
from django.utils import timezone

from openjobcenter.notifications.models import Notification, OutboxMessage
from openjobcenter.notifications.rendering import RenderedMessage, absolute_url, render_message
from openjobcenter.notifications.signals import notified
from openjobcenter.notifications.tasks import enqueue_delivery

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

CHANNELS = frozenset({"email", "portal"})


class Attachment(TypedDict):
    filename: str
    content_type: str
    content: str


def notify(
    recipient: User,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    channels: Iterable[str] = ("email", "portal"),
    jobcenter: Jobcenter | None = None,
    link: str = "",
    attachments: list[Attachment] | None = None,
) -> None:
    """Tell ``recipient`` something, in their language, by e-mail and/or in the portal.

    ``attachments`` are text files for the e-mail (e.g. an ``.ics`` calendar entry).
    ``template`` names ``notifications/<template>/subject.txt``, ``body.txt`` and optionally
    ``body.html`` and ``portal.txt``. ``link`` (a URL, e.g. from ``reverse``) is shown in the
    portal inbox and given to the templates as ``link``. Call it inside the service's
    transaction: nothing is sent unless that transaction commits.
    """
    channels = set(channels)
    if unknown := channels - CHANNELS:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    if link and (link.startswith("//") or not link.startswith(("/", "https://", "http://"))):
        raise ValueError(f"link must be a path in the portal or an http(s) URL, got {link!r}")
    jobcenter = jobcenter or recipient.jobcenter
    ctx = {"recipient": recipient, "jobcenter": jobcenter, "link": absolute_url(link), **(context or {})}
    rendered = render_message(template, ctx, recipient.language)
    if "portal" in channels and jobcenter is not None:
        Notification.all_tenants.create(
            jobcenter=jobcenter, recipient=recipient, title=rendered.subject, text=rendered.portal_text, link_url=link
        )
    if "email" in channels and recipient.email:
        _queue_mail(
            recipient.email, rendered, template, jobcenter=jobcenter, recipient=recipient, attachments=attachments
        )
    if jobcenter is not None:
        notified.send(sender=notify, recipient=recipient, template=template, jobcenter=jobcenter, link=link)


def send_to_address(
    email: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    jobcenter: Jobcenter | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    """E-mail to an address that has no account (e.g. a Jobcenter's feedback inbox, an anonymous booking)."""
    ctx = {"recipient": None, "jobcenter": jobcenter, **(context or {})}
    rendered = render_message(template, ctx, language)
    _queue_mail(email, rendered, template, jobcenter=jobcenter, recipient=None, attachments=attachments)


def _queue_mail(
    address: str,
    rendered: RenderedMessage,
    template: str,
    *,
    jobcenter: Jobcenter | None,
    recipient: User | None,
    attachments: list[Attachment] | None = None,
) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        jobcenter=jobcenter,
        recipient=recipient,
        to_address=address,
        language=rendered.language,
        template=template,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        attachments=[dict(a) for a in attachments or []],
        enqueued_at=timezone.now(),
    )
    # robust: a queue that cannot be reached must not turn the caller's committed change into
    # an error page; the sweeper queues the message again later.
    transaction.on_commit(lambda: enqueue_delivery(message.pk), robust=True)
    return message


def mark_read(user: User, jobcenter: Jobcenter, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications as read.

    Raises ``Notification.DoesNotExist`` for anybody else's (the view answers 404). Not audited:
    it changes no personal data, only whether the person has seen their own message.
    """
    notification = inbox_for(user, jobcenter).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User, jobcenter: Jobcenter) -> int:
    return inbox_for(user, jobcenter).filter(read_at__isnull=True).update(read_at=timezone.now())


def inbox_for(user: User, jobcenter: Jobcenter) -> models.QuerySet[Notification]:
    """The notifications ``user`` may see in ``jobcenter``'s portal: their own, only there."""
    return Notification.objects.for_tenant(jobcenter).filter(recipient=user)


def unread_count(user: User, jobcenter: Jobcenter) -> int:
    return int(inbox_for(user, jobcenter).filter(read_at__isnull=True).count())

"""Notification interface (first version sends mail directly; the notifications capability
adds the persisted outbox with retries and in-portal notifications).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


def notify(
    recipient: User,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    channels: Iterable[str] = ("email", "portal"),
    jobcenter: Jobcenter | None = None,
) -> None:
    """Tell ``recipient`` something, in their language, by e-mail and/or in the portal.

    ``template`` names ``notifications/<template>/subject.txt``, ``body.txt`` and ``body.html``.
    Call it inside the service's transaction: delivery happens after commit.
    """
    send_to_address(recipient.email, recipient.language, template, context, jobcenter=jobcenter or recipient.jobcenter)


def send_to_address(
    email: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    jobcenter: Jobcenter | None = None,
) -> None:
    """E-mail to an address that has no account (e.g. a Jobcenter's feedback inbox)."""
    with translation.override(language):
        ctx = {"jobcenter": jobcenter, **(context or {})}
        subject = render_to_string(f"notifications/{template}/subject.txt", ctx).strip()
        body = render_to_string(f"notifications/{template}/body.txt", ctx)
    send_mail(subject, body, None, [email])

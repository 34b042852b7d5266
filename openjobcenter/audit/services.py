"""Audit trail interface (first version: accepts entries; the audit capability stores them).

Every state change and every read of personal data calls one of these two functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


def log_change(
    *,
    actor: User | None,
    jobcenter: Jobcenter | None,
    action: str,
    target: models.Model | None = None,
    subject: User | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record a state change. ``action`` is a dotted name, e.g. ``"accounts.staff_created"``.

    ``subject`` is the citizen whose data the change concerns (shown in their access log).
    """


def log_read(
    *,
    actor: User,
    jobcenter: Jobcenter | None,
    subject: User,
    purpose: str,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record that ``actor`` looked at personal data of ``subject`` for ``purpose``."""

"""Shared helpers for the audit tests: signing in staff with 2FA, raw SQL, lifting the guards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.audit import guards
from openjobcenter.audit.chain import seal
from openjobcenter.audit.models import AuditEntry
from openjobcenter.audit.services import log_change, log_read
from openjobcenter.core.models import Jobcenter


def sign_in(client: Client, user: User) -> Client:
    """Signed in, and for staff with a verified second factor (as after the 2FA step)."""
    client.force_login(user)
    if user.is_jobcenter_staff:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def add_reads(n: int, *, actor: User, subject: User, jobcenter: Jobcenter, purpose: str = "Beratung") -> None:
    for _ in range(n):
        log_read(actor=actor, jobcenter=jobcenter, subject=subject, purpose=purpose, target=subject)


def add_changes(n: int, *, actor: User | None, jobcenter: Jobcenter | None) -> None:
    for i in range(n):
        log_change(actor=actor, jobcenter=jobcenter, action="core.test_changed", details={"n": i})


def chain_of(jobcenter: Jobcenter | None) -> list[AuditEntry]:
    """The chain's entries in order, after sealing (on PostgreSQL entries are inserted unsealed)."""
    seal()
    lookup = {"jobcenter": jobcenter} if jobcenter else {"jobcenter__isnull": True}
    return list(AuditEntry.all_tenants.filter(**lookup).order_by("sequence"))


def execute(sql: str, params: list[Any] | None = None) -> None:
    # A savepoint, so a statement the database rejects leaves the test's transaction usable.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@contextmanager
def guards_lifted() -> Iterator[None]:
    """Tamper like an attacker with DDL rights would: drop the triggers for the block."""
    guards.uninstall(connection)
    try:
        yield
    finally:
        guards.install(connection, guards.columns_of(AuditEntry))

"""Sign-in events in the audit trail (kind ``auth``). Passwords never reach these receivers' output.

Failed attempts: the name that was typed is NOT stored in clear. People often type their
password, or somebody else's address, into the name field, and an append-only log can never be
corrected afterwards. We keep a keyed hash (HMAC with the SECRET_KEY, so it cannot be reversed
by trying a list of addresses without the key): an admin can still find "failed attempts for
anna@example.org" by searching for that address (the search hashes it the same way), and when
the name is an account of this Jobcenter, the entry is linked to it as the subject.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from openjobcenter.accounts.models import User
from openjobcenter.audit.services import log_auth, username_hash
from openjobcenter.core.models import Jobcenter


def _request_jobcenter(request: HttpRequest | None) -> Jobcenter | None:
    return getattr(request, "jobcenter", None) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def record_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    # The account's own Jobcenter; platform admins have none and go to the platform chain.
    log_auth(action="accounts.logged_in", jobcenter=user.jobcenter, actor=user, subject=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def record_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:  # signing out without being signed in
        return
    log_auth(action="accounts.logged_out", jobcenter=user.jobcenter, actor=user, subject=user, request=request)


def _account_named(username: str, jobcenter: Jobcenter | None) -> User | None:
    if not username or jobcenter is None:
        return None
    return User.in_tenant.for_tenant(jobcenter).filter(email__iexact=username.strip()).first()


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or credentials.get("email") or "")
    jobcenter = _request_jobcenter(request)
    log_auth(
        action="accounts.login_failed",
        jobcenter=jobcenter,
        subject=_account_named(username, jobcenter),
        details={"username_hash": username_hash(username)} if username else {},
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_locked_out(sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    jobcenter = _request_jobcenter(request)
    log_auth(
        action="accounts.locked_out",
        jobcenter=jobcenter,
        subject=_account_named(username or "", jobcenter),
        details={"username_hash": username_hash(username)} if username else {},
        request=request,
    )

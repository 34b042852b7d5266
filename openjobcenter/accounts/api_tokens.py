"""Bearer tokens for integrations (``Authorization: Bearer TOKEN``).

A token is shown once, when it is created. The database keeps only its SHA-256 hash and a short
prefix to recognise it, so a leaked database copy does not leak working tokens. Tokens carry
256 bits of randomness; a plain hash (no salt, no slow KDF) is enough for that and lets a
request find its token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openjobcenter.accounts.models import ApiToken, User
from openjobcenter.audit.services import log_change

TOKEN_PREFIX = "ojc_"
PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 128
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user: User, name: str = "", *, actor: User | None = None) -> str:
    """Create a token for ``user`` and return it in clear text; it cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], token_hash=hash_token(raw), prefix=raw[:PREFIX_LENGTH]
        )
        log_change(
            actor=actor,
            jobcenter=user.jobcenter,
            action="accounts.api_token_created",
            target=token,
            subject=user,
            details={"name": token.name, "prefix": token.prefix},
        )
    return raw


def revoke_token(token: ApiToken, *, actor: User | None = None) -> None:
    """Stop a token from working. Idempotent."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if changed:
            log_change(
                actor=actor,
                jobcenter=token.user.jobcenter,
                action="accounts.api_token_revoked",
                target=token,
                subject=token.user,
                details={"name": token.name, "prefix": token.prefix},
            )


def authenticate_token(raw: str) -> User | None:
    """The active user a valid, unrevoked token belongs to, else ``None``."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(raw)
    # The lookup is by hash, so response time says nothing about how close a guess was.
    token = ApiToken.objects.select_related("user").filter(token_hash=digest, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest) or not token.user.is_active:
        return None
    _touch(token)
    return token.user


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    # Conditional update: concurrent requests write at most once per minute between them.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    token.last_used_at = now

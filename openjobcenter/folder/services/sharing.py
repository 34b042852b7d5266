"""Share links for employers: an unguessable token (256 bits), stored only as its SHA-256.

The link opens a read-only page without an account. Every access (the page, each download) is
recorded with its time, what was opened and a coarse description of the client (browser and system,
the network shortened to /24 or /48), and shown to the citizen ("Wer hat meine Mappe gesehen?").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openjobcenter.audit.services import log_change
from openjobcenter.core.net import client_ip
from openjobcenter.folder.models import AccessKind, Certificate, CoverLetter, Folder, Share, ShareAccess

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter
    from openjobcenter.jobs.models import Vacancy

EXPIRY_DAYS = (7, 14, 30)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Chromium/", "Chromium"), ("Safari/", "Safari"))  # fmt: skip
SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))  # fmt: skip


class ShareGone(Exception):
    """The link was valid once but is revoked or expired: the page says so with 410."""

    def __init__(self, share: Share) -> None:
        self.share = share
        super().__init__("share gone")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_share(
    *, actor: User, folder: Folder, recipient: str, days: int, include_cv: bool,
    certificates: Iterable[Certificate], cover_letter: CoverLetter | None, request: HttpRequest | None = None,
    vacancy: Vacancy | None = None,
) -> tuple[Share, str]:  # fmt: skip
    """The new share and its token (shown once; only the hash is kept). With ``vacancy`` the share
    is an application: the vacancy's employer sees it in the employer area (signed in)."""
    if days not in EXPIRY_DAYS:
        raise ValueError(f"Expiry must be one of {EXPIRY_DAYS}")
    if vacancy is not None and vacancy.jobcenter_id != folder.jobcenter_id:
        raise ValueError("Only vacancies of the folder's Jobcenter.")
    chosen = list(certificates)
    if any(c.folder_id != folder.pk for c in chosen) or (cover_letter and cover_letter.folder_id != folder.pk):
        raise ValueError("Only the folder's own documents can be shared.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        share = Share.objects.create_for_tenant(
            folder.jobcenter, folder=folder, token_hash=token_hash(token), recipient=recipient.strip()[:150],
            include_cv=include_cv, cover_letter=cover_letter, expires_at=timezone.now() + dt.timedelta(days=days),
            vacancy=vacancy, employer=vacancy.employer if vacancy is not None else None,
        )  # fmt: skip
        share.certificates.set(chosen)
        log_change(
            actor=actor, jobcenter=folder.jobcenter, action="folder.shared", target=share, subject=folder.owner,
            details={"days": days, "cv": include_cv, "certificates": len(chosen), "letter": cover_letter is not None,
                     "vacancy": vacancy.pk if vacancy is not None else None},
            request=request,
        )  # fmt: skip
    return share, token


def revoke_share(*, actor: User, share: Share, request: HttpRequest | None = None) -> bool:
    with transaction.atomic():
        updated = Share.objects.for_tenant(share.jobcenter).filter(pk=share.pk, revoked_at__isnull=True)
        count = updated.update(revoked_at=timezone.now())
        if count:
            log_change(
                actor=actor, jobcenter=share.jobcenter, action="folder.share_revoked", target=share,
                subject=share.folder.owner, request=request,
            )  # fmt: skip
    share.refresh_from_db(fields=["revoked_at"])
    return bool(count)


def find_share(jobcenter: Jobcenter, token: str) -> Share | None:
    """The active share of this token; ``ShareGone`` when revoked or expired; ``None`` when unknown."""
    if not TOKEN_PATTERN.match(token):
        return None
    share = (
        Share.objects.for_tenant(jobcenter)
        .select_related("folder", "cover_letter", "jobcenter")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if share is None:
        return None
    if not share.is_active:
        raise ShareGone(share)
    return share


def record_access(share: Share, kind: AccessKind, request: HttpRequest, *, item: str = "") -> ShareAccess:
    return ShareAccess.objects.create_for_tenant(
        share.jobcenter, share=share, kind=kind, item=item[:150],
        client=describe_client(request.headers.get("User-Agent", "")), network=coarse_network(client_ip(request)),
    )  # fmt: skip


def describe_client(user_agent: str) -> str:
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    if "HeadlessChrome" in user_agent:
        browser = "Chrome (headless)"
    return " · ".join(part for part in (browser, system) if part)[:80] or "?"


def coarse_network(address: str) -> str:
    """Enough to tell "the same office" from "somewhere else", not enough to name a person."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))

"""Web Push (RFC 8030) with VAPID (RFC 8292) and the standard payload encryption (RFC 8291,
aes128gcm), through pywebpush: only after the person switched it on, per topic, and never with
personal data — "Sie haben eine neue Nachricht" and a link into the portal.

Subscriptions are refused unless their endpoint is on a known push service (``PUSH_SERVICE_HOSTS``):
the server posts to that address, so it must never be one a visitor picked (no requests into the
Jobcenter's own network). A push service that answers 404 or 410 has dropped the subscription: it is
deleted; five failures in a row delete it too. E-mail stays the fallback of every notification.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from openjobcenter.pwa.models import PushSubscription, Topic

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter
    from openjobcenter.reception.models import Ticket

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
TTL_SECONDS = 60 * 60 * 4
TICKET_TTL_SECONDS = 60 * 5  # a call that arrives later than that helps nobody
DEMO_KEY_FILE = "vapid-demo-key.pem"
MAX_SUBSCRIPTIONS_PER_USER = 10


class InvalidSubscription(Exception):
    """The browser's subscription is malformed or points somewhere we do not post to."""


@dataclass(frozen=True)
class Push:
    title: str
    body: str
    url: str
    tag: str = ""


# --- Keys --------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _vapid_from(pem_or_b64: str) -> Vapid02:
    text = pem_or_b64.strip()
    if text.startswith("-----BEGIN"):
        return Vapid02.from_pem(text.encode())
    return Vapid02.from_string(private_key=text)


def vapid() -> Vapid02 | None:
    """The VAPID key pair: ``VAPID_PRIVATE_KEY``; in demo mode one kept in ``var/``; else none."""
    configured = getattr(settings, "VAPID_PRIVATE_KEY", "")
    if configured:
        return _vapid_from(configured)
    if not settings.DEMO:
        return None
    path = Path(settings.VAR_DIR) / DEMO_KEY_FILE
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    return _vapid_from(path.read_text())


def public_key() -> str:
    """The application server key for ``pushManager.subscribe`` (base64url, uncompressed point)."""
    keys = vapid()
    if keys is None:
        return ""
    raw = keys.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def enabled() -> bool:
    return bool(public_key())


# --- Subscriptions -----------------------------------------------------------------------------


def _b64_length(value: str) -> int:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, TypeError):
        return -1


def clean_subscription(data: Any) -> dict[str, str]:
    """``{"endpoint", "keys": {"p256dh", "auth"}}`` as the browser's ``PushSubscription.toJSON()``."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise InvalidSubscription("no subscription")
    endpoint = str(data.get("endpoint", ""))
    p256dh = str(data["keys"].get("p256dh", ""))
    auth = str(data["keys"].get("auth", ""))
    parts = urlsplit(endpoint)
    hosts = tuple(getattr(settings, "PUSH_SERVICE_HOSTS", ()))
    host = (parts.hostname or "").lower()
    known = any(host == allowed or host.endswith("." + allowed) for allowed in hosts)
    local_ok = getattr(settings, "PUSH_ALLOW_LOCAL_ENDPOINTS", False) and host in ("127.0.0.1", "localhost")
    if len(endpoint) > 1000 or not ((known and parts.scheme == "https") or local_ok):
        raise InvalidSubscription("endpoint not on a known push service")
    if _b64_length(p256dh) != 65 or _b64_length(auth) != 16:
        raise InvalidSubscription("keys")
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}


def _hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def device_label(user_agent: str) -> str:
    agent = user_agent.lower()
    browser = next(
        (
            name
            for key, name in (("edg/", "Edge"), ("firefox", "Firefox"), ("chrome", "Chrome"), ("safari", "Safari"))
            if key in agent
        ),
        "Browser",
    )
    system = next(
        (
            name
            for key, name in (
                ("android", "Android"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("windows", "Windows"),
                ("mac os", "macOS"),
                ("linux", "Linux"),
            )
            if key in agent
        ),
        "",
    )
    return _("%(browser)s auf %(system)s") % {"browser": browser, "system": system} if system else browser


def subscribe(
    jobcenter: Jobcenter,
    data: Any,
    *,
    topics: list[str],
    user: User | None = None,
    ticket: Ticket | None = None,
    user_agent: str = "",
) -> PushSubscription:
    """Store (or update) this device's subscription for the person or the ticket."""
    clean = clean_subscription(data)
    wanted = [topic for topic in Topic.values if topic in topics]
    owner: dict[str, Any] = {"user": user} if user is not None else {"ticket": ticket}
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.for_tenant(jobcenter).update_or_create(
            endpoint_hash=_hash(clean["endpoint"]),
            **owner,
            defaults={
                "jobcenter": jobcenter,
                "endpoint": clean["endpoint"],
                "p256dh": clean["p256dh"],
                "auth": clean["auth"],
                "topics": wanted,
                "device": device_label(user_agent)[:100],
                "failures": 0,
            },
        )
        if user is not None:  # a person with many old devices: keep the newest
            stale = PushSubscription.objects.for_tenant(jobcenter).filter(user=user).values_list("pk", flat=True)
            PushSubscription.objects.for_tenant(jobcenter).filter(
                pk__in=list(stale[MAX_SUBSCRIPTIONS_PER_USER:])
            ).delete()
    return subscription


def person_topics(topics: list[str]) -> list[str]:
    """The topics a person may choose (ticket alerts belong to a ticket, not to a person)."""
    return [topic for topic in Topic.values if topic in topics and topic != Topic.TICKETS]


def subscription_of(jobcenter: Jobcenter, user: User, pk: str) -> PushSubscription | None:
    """One of the person's own subscriptions, by the id a form sent (anything else: ``None``)."""
    if not pk.isdigit():
        return None
    return PushSubscription.objects.for_tenant(jobcenter).filter(user=user, pk=int(pk)).first()


def set_topics(subscription: PushSubscription, topics: list[str]) -> None:
    subscription.topics = person_topics(topics)
    subscription.save(update_fields=["topics"])


def unsubscribe(subscription: PushSubscription) -> None:
    subscription.delete()


# --- Sending -----------------------------------------------------------------------------------


def _claims() -> dict[str, str | int]:
    subject = getattr(settings, "VAPID_SUBJECT", "") or "mailto:" + settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(
        "> "
    )
    return {"sub": subject}


def send_one(subscription: PushSubscription, push: Push, *, ttl: int = TTL_SECONDS) -> bool:
    """Encrypt and post one notification; True when the push service accepted it."""
    keys = vapid()
    if keys is None:
        return False
    payload = json.dumps({"title": push.title, "body": push.body, "url": push.url, "tag": push.tag})
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(info, data=payload, vapid_private_key=keys, vapid_claims=_claims(), ttl=ttl, timeout=10)
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            subscription.delete()  # the browser or the push service dropped it
            return False
        _failed(subscription)
        logger.warning("push: %s answered %s", urlsplit(subscription.endpoint).hostname, status or error)
        return False
    except Exception:  # connection errors of requests and the like: count, keep trying later
        _failed(subscription)
        logger.warning("push: %s unreachable", urlsplit(subscription.endpoint).hostname)
        return False
    PushSubscription.objects.for_tenant(subscription.jobcenter_id).filter(pk=subscription.pk).update(
        failures=0, last_sent_at=timezone.now()
    )
    return True


def _failed(subscription: PushSubscription) -> None:
    if subscription.failures + 1 >= MAX_FAILURES:
        subscription.delete()
        return
    PushSubscription.objects.for_tenant(subscription.jobcenter_id).filter(pk=subscription.pk).update(
        failures=subscription.failures + 1
    )


@task
def deliver(subscription_ids: list[int], texts: dict[str, dict[str, str]], url: str, tag: str, ttl: int) -> int:
    """Send to each subscription in its owner's language; ``texts`` maps language → title/body."""
    sent = 0
    for subscription in PushSubscription.all_tenants.filter(pk__in=subscription_ids).select_related("user", "ticket"):
        owner = subscription.user or subscription.ticket
        language = owner.language if owner is not None else settings.LANGUAGE_CODE
        text = texts.get(language) or texts[settings.LANGUAGE_CODE]
        sent += send_one(subscription, Push(text["title"], text["body"], url, tag), ttl=ttl)
    return sent


def _texts(title: str, body: str) -> dict[str, dict[str, str]]:
    """The same generic text in every language (gettext at send time, no personal data)."""
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = {"title": _(title), "body": _(body)}
    return result


def queue(
    subscriptions: list[PushSubscription], title: str, body: str, url: str, *, tag: str = "", ttl: int = TTL_SECONDS
) -> None:
    """Send after the caller's transaction commits (nothing goes out for a rolled-back change).

    ``title`` and ``body`` are German message ids (``gettext_noop``), translated per recipient."""
    if not subscriptions or not enabled():
        return
    ids = [s.pk for s in subscriptions]
    texts = _texts(title, body)
    transaction.on_commit(lambda: deliver.enqueue(ids, texts, url, tag, ttl))

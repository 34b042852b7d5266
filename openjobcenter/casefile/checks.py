"""Start-up checks: a usable virus scanner address, and a visible note when the demo key encrypts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from openjobcenter.casefile.keys import DEMO_KEY_ID


@register(Tags.security)
def clamd_url_is_valid(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from openjobcenter.casefile.services.scanning import scanner_client

    if not settings.CLAMD_URL:
        return []
    try:
        scanner_client(settings.CLAMD_URL)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="casefile.E001")]
    return []


@register(Tags.security, deploy=True)
def clamd_is_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.CLAMD_URL:
        return []
    return [
        Warning(
            "CLAMD_URL is not set: every upload is refused because it cannot be scanned for malware.",
            hint="Run clamd and set CLAMD_URL=unix:///run/clamav/clamd.ctl or tcp://host:3310 (docs/uploads.md).",
            id="casefile.W001",
        )
    ]


@register(Tags.security)
def demo_document_key(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DOCUMENT_KEYS[0][0] != DEMO_KEY_ID:
        return []
    return [
        Info(
            "Documents are encrypted with the published demo key (demo mode without DOCUMENT_KEYS).",
            hint="Never keep real documents in a demo installation.",
            id="casefile.I001",
        )
    ]

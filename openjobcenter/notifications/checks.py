"""Deployment check: links in e-mails need PUBLIC_URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def public_url_is_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "PUBLIC_URL", ""):
        return []
    return [
        Warning(
            "PUBLIC_URL is not set: links in e-mails cannot point to the portal.",
            hint="Set PUBLIC_URL to the portal's public address, e.g. https://portal.jobcenter.example",
            id="notifications.W001",
        )
    ]

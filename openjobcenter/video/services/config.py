"""A Jobcenter's video settings: read them (environment variables as defaults), change them, test them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from openjobcenter.audit.services import log_change
from openjobcenter.core.models import Jobcenter
from openjobcenter.video.models import Provider, VideoSettings
from openjobcenter.video.services.providers import ProviderConfig, ProviderError, VideoProvider, provider_for

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

SECRET_FIELDS = ("bbb_secret", "jitsi_app_secret")
FIELDS = (
    "provider",
    "bbb_url",
    "bbb_secret",
    "bbb_checksum_algorithm",
    "jitsi_url",
    "jitsi_app_id",
    "jitsi_app_secret",
    "opens_minutes_before",
    "grace_minutes",
)


def settings_for(jobcenter: Jobcenter) -> VideoSettings:
    """The stored settings, or unsaved defaults (everything from the environment)."""
    found = VideoSettings.objects.for_tenant(jobcenter).first()
    return found if found is not None else VideoSettings(jobcenter=jobcenter)


def provider_config(video: VideoSettings) -> ProviderConfig:
    if video.provider == Provider.JITSI:
        return ProviderConfig(
            provider="jitsi",
            url=video.jitsi_url or settings.JITSI_URL,
            secret=video.jitsi_app_secret or settings.JITSI_APP_SECRET,
            app_id=video.jitsi_app_id or settings.JITSI_APP_ID,
        )
    return ProviderConfig(
        provider="bbb",
        url=video.bbb_url or settings.BBB_API_URL,
        secret=video.bbb_secret or settings.BBB_SECRET,
        checksum_algorithm=video.bbb_checksum_algorithm or settings.BBB_CHECKSUM_ALGORITHM,
    )


def provider_of(video: VideoSettings) -> VideoProvider:
    """The provider to talk to; raises ``NotConfigured`` when URL or secret are missing."""
    return provider_for(provider_config(video))


def update_settings(
    jobcenter: Jobcenter, data: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> bool:
    """Store the video settings. An empty secret keeps the stored one (the form never shows it)."""
    with transaction.atomic():
        video, _created = VideoSettings.all_tenants.select_for_update().get_or_create(jobcenter=jobcenter)
        changed: list[str] = []
        for name in FIELDS:
            if name not in data:
                continue
            value = data[name]
            if name in SECRET_FIELDS and not value and not data.get(f"clear_{name}"):
                continue
            if getattr(video, name) != value:
                setattr(video, name, value)
                changed.append(name)
        if not changed:
            return False
        video.save()
        # Secrets are named, never logged.
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="video.settings_changed",
            target=video,
            details={"fields": changed},
            request=request,
        )
    return True


def test_connection(jobcenter: Jobcenter) -> tuple[bool, str]:
    """Ask the configured server once; (True, what answered) or (False, why not)."""
    try:
        return True, provider_of(settings_for(jobcenter)).check()
    except ProviderError as error:
        return False, f"{error.key}: {error}" if str(error) != error.key else error.key

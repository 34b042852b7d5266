"""RP-initiated logout: after ending our session, end the provider's too where it offers that."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from openjobcenter.accounts.oidc import client, config

SIGNED_IN_KEY = "ojc_oidc"


def provider_logout_url(request: HttpRequest) -> str | None:
    """Read before ``auth.logout`` (which empties the session); ``None`` for local sign-ins."""
    info = request.session.get(SIGNED_IN_KEY) or {}
    jobcenter = getattr(request, "jobcenter", None)
    if not info.get("id_token") or jobcenter is None:
        return None
    provider = config.provider_config(jobcenter, info.get("purpose", ""))
    if provider is None or provider.issuer != info.get("issuer"):
        return None
    home = request.build_absolute_uri(reverse("core:home", kwargs={"jobcenter": jobcenter.slug}))
    return client.end_session_url(provider, id_token=info["id_token"], post_logout_redirect_uri=home)

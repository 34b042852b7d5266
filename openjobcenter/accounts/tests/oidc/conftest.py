from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from openjobcenter.accounts.oidc.models import IdentityProvider, Purpose
from openjobcenter.accounts.tests.oidc.provider import (
    CITIZEN_CLIENT,
    STAFF_CLIENT,
    RunningProvider,
    authenticate,
    running_provider,
)
from openjobcenter.core.models import Jobcenter

SLUGS = ("demo", "nord")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    callbacks = [f"http://testserver/{slug}/login/oidc/callback/" for slug in SLUGS]
    homes = [f"http://testserver/{slug}/" for slug in SLUGS]
    with running_provider(callbacks, homes) as provider:
        yield provider


def configure(jobcenter: Jobcenter, provider: RunningProvider, purpose: str, **fields: object) -> IdentityProvider:
    client_id, secret = CITIZEN_CLIENT if purpose == Purpose.CITIZEN else STAFF_CLIENT
    return IdentityProvider.objects.create_for_tenant(
        jobcenter,
        purpose=purpose,
        enabled=True,
        issuer=provider.issuer,
        client_id=client_id,
        client_secret=secret,
        **fields,
    )


@pytest.fixture
def bundid(demo: Jobcenter, oidc_provider: RunningProvider) -> IdentityProvider:
    return configure(demo, oidc_provider, Purpose.CITIZEN, display_name="BundID")


@pytest.fixture
def directory(demo: Jobcenter, oidc_provider: RunningProvider) -> IdentityProvider:
    return configure(
        demo,
        oidc_provider,
        Purpose.STAFF,
        display_name="Verzeichnisdienst",
        role_mapping={"jc-integration": "advisor"},
        team_claim="team",
    )


def start(client: Client, purpose: str = "citizen", *, slug: str = "demo", **data: str) -> str:
    """Press the button: returns the provider's authorisation URL the app redirects to."""
    response = client.get(reverse("accounts:oidc_start", kwargs={"jobcenter": slug, "purpose": purpose}), data)
    assert response.status_code == 302, response.content[:300]
    return str(response["Location"])


def come_back(client: Client, target: str):
    """Follow the provider's redirect back to our callback (on the test client's host)."""
    parts = urlsplit(target)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_at_provider(client: Client, login: str, *, purpose: str = "citizen", level: str = "basis", **data: str):
    return come_back(client, authenticate(start(client, purpose, **data), login=login, level=level))

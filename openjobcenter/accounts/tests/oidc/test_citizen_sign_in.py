"""Citizens sign in through a real OpenID provider (node-oidc-provider on loopback)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import LinkedIdentity
from openjobcenter.accounts.oidc.trust import TRUST_LEVEL_KEY
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.oidc.conftest import sign_in_at_provider, start

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_bundid_when_configured(client: Client, bundid) -> None:
    page = client.get(reverse("accounts:login", kwargs={"jobcenter": "demo"})).content.decode()
    assert "Mit BundID anmelden" in page


def test_the_login_page_has_no_button_without_configuration(client: Client, demo) -> None:
    page = client.get(reverse("accounts:login", kwargs={"jobcenter": "demo"})).content.decode()
    assert "Mit BundID anmelden" not in page


def test_the_request_uses_pkce_state_and_nonce(client: Client, bundid) -> None:
    query = parse_qs(urlsplit(start(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["client_id"] == ["citizen-rp"]


def test_a_first_sign_in_creates_a_client_account_with_the_trust_level(client: Client, bundid) -> None:
    response = sign_in_at_provider(client, "anna", level="substanziell")
    assert response.status_code == 302
    anna = User.objects.get(email="anna@bund.example")
    assert anna.role_set == {Role.CLIENT}
    assert anna.first_name == "Anna" and not anna.has_usable_password()
    assert client.session["_auth_user_id"] == str(anna.pk)
    assert client.session[TRUST_LEVEL_KEY] == "substanziell"
    assert LinkedIdentity.all_tenants.get(user=anna).subject == "bundid-anna-0001"


def test_the_next_sign_in_finds_the_same_account(client: Client, bundid) -> None:
    sign_in_at_provider(client, "anna")
    other = Client()
    sign_in_at_provider(other, "anna", level="hoch")
    assert User.objects.filter(email="anna@bund.example").count() == 1
    assert other.session[TRUST_LEVEL_KEY] == "hoch"


def test_an_existing_address_is_never_linked_silently(client: Client, bundid, aylin: User) -> None:
    response = sign_in_at_provider(client, "aylin")
    assert response.status_code == 403
    assert "schon ein Konto" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not LinkedIdentity.all_tenants.filter(user=aylin).exists()


def test_a_signed_in_citizen_links_after_signing_in_at_the_provider(client: Client, bundid, aylin: User) -> None:
    client.force_login(aylin)
    response = sign_in_at_provider(client, "aylin", mode="link")
    assert response.status_code == 302
    assert LinkedIdentity.all_tenants.get(user=aylin).subject == "bundid-aylin-0002"
    fresh = Client()
    sign_in_at_provider(fresh, "aylin")
    assert fresh.session["_auth_user_id"] == str(aylin.pk)


def test_linking_needs_a_local_sign_in_first(client: Client, bundid) -> None:
    url = reverse("accounts:oidc_start", kwargs={"jobcenter": "demo", "purpose": "citizen"})
    assert client.get(url, {"mode": "link"}).status_code == 403


def test_another_jobcenter_without_configuration_offers_nothing(client: Client, bundid, nord) -> None:
    url = reverse("accounts:oidc_start", kwargs={"jobcenter": "nord", "purpose": "citizen"})
    assert client.get(url, {"mode": "sign_in"}).status_code == 404

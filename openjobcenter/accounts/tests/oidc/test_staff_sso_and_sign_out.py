"""Staff single sign-on with groups mapped to roles; sign-out here and at the provider; the admin page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import IdentityProvider, Purpose
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in as sign_in_with_app
from openjobcenter.accounts.tests.oidc.conftest import sign_in_at_provider

pytestmark = pytest.mark.django_db


def test_a_directory_group_mapped_to_advisor_opens_the_workspace(client: Client, directory, demo_team) -> None:
    response = sign_in_at_provider(client, "berta", purpose="staff")
    assert response.status_code == 302
    berta = User.objects.get(email="berta@demo.example")
    assert berta.role_set == {Role.ADVISOR}
    assert berta.team == demo_team
    # The directory did the second factor: no TOTP step for this session.
    assert client.get(reverse("core:staff_workspace", kwargs={"jobcenter": "demo"})).status_code == 200


def test_a_directory_account_without_a_mapped_group_is_refused(client: Client, directory) -> None:
    response = sign_in_at_provider(client, "otto", purpose="staff")
    assert response.status_code == 403
    assert not User.objects.filter(email="otto@demo.example").exists()


def test_roles_follow_the_directory_at_each_sign_in(client: Client, directory) -> None:
    sign_in_at_provider(client, "berta", purpose="staff")
    IdentityProvider.all_tenants.filter(pk=directory.pk).update(role_mapping={"jc-integration": "team_lead"})
    sign_in_at_provider(Client(), "berta", purpose="staff")
    assert User.objects.get(email="berta@demo.example").role_set == {Role.TEAM_LEAD}


def test_sign_out_ends_the_session_at_the_provider_too(client: Client, bundid, oidc_provider) -> None:
    sign_in_at_provider(client, "anna")
    response = client.post(reverse("accounts:logout", kwargs={"jobcenter": "demo"}))
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == oidc_provider.issuer
    assert target.path == "/session/end"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/demo/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert "_auth_user_id" not in client.session


def test_a_local_sign_out_stays_here(client: Client, bundid, aylin: User) -> None:
    client.force_login(aylin)
    response = client.post(reverse("accounts:logout", kwargs={"jobcenter": "demo"}))
    assert response["Location"] == "/demo/"


def test_the_admin_configures_the_provider_and_the_secret_stays_hidden(client: Client, anja: User) -> None:
    sign_in_with_app(client, anja)
    url = reverse("accounts:identity_settings", kwargs={"jobcenter": "demo"})
    data = {
        "section": "staff",
        "staff-enabled": "on",
        "staff-display_name": "Keycloak",
        "staff-issuer": "https://login.jobcenter.example/realms/jc",
        "staff-client_id": "ojc",
        "staff-client_secret": "very-secret-value",
        "staff-role_mapping": "jc-integration = advisor\njc-leitung = team_lead",
    }
    assert client.post(url, data).status_code == 302
    row = IdentityProvider.all_tenants.get(jobcenter__slug="demo", purpose=Purpose.STAFF)
    assert row.client_secret == "very-secret-value"
    assert row.role_mapping == {"jc-integration": "advisor", "jc-leitung": "team_lead"}
    page = client.get(url).content.decode()
    assert "very-secret-value" not in page and "Ein Geheimnis ist gespeichert." in page
    # Saving again without a secret keeps it.
    client.post(url, {**data, "staff-client_secret": ""})
    row.refresh_from_db()
    assert row.client_secret == "very-secret-value"


def test_bad_configuration_is_explained_next_to_the_field(client: Client, anja: User) -> None:
    sign_in_with_app(client, anja)
    url = reverse("accounts:identity_settings", kwargs={"jobcenter": "demo"})
    response = client.post(
        url,
        {"section": "staff", "staff-issuer": "http://login.example", "staff-role_mapping": "jc = superuser"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "https://" in page and "Zeile 1" in page


def test_only_admins_of_this_jobcenter_see_the_configuration(client: Client, bernd: User, niklas: User, anja) -> None:
    sign_in_with_app(client, bernd)
    assert client.get(reverse("accounts:identity_settings", kwargs={"jobcenter": "demo"})).status_code == 403
    other = Client()
    sign_in_with_app(other, niklas)
    assert other.get(reverse("accounts:identity_settings", kwargs={"jobcenter": "demo"})).status_code == 404

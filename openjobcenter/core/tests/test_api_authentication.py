"""Bearer tokens for integrations, the portal session (with CSRF) for browsers."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.api_tokens import create_token, revoke_token
from openjobcenter.accounts.models import ApiToken


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_valid_token_signs_in(client, aylin):
    response = client.get("/api/v1/demo/me", headers=bearer(create_token(aylin, "Test")))
    assert response.status_code == 200
    assert response.json() == {
        "id": aylin.pk,
        "email": "aylin@example.org",
        "name": "Aylin Kaya",
        "roles": ["client"],
        "language": "de",
        "jobcenter": "demo",
    }


@pytest.mark.parametrize(
    "header", ["Bearer ", "Bearer ojc_not-a-real-token", "Basic YWx5aW46cHc=", "Bearer " + "x" * 5000]
)
def test_a_wrong_token_gets_401(client, aylin, header):
    create_token(aylin)
    response = client.get("/api/v1/demo/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_token_stops_working(client, aylin):
    token = create_token(aylin)
    revoke_token(ApiToken.objects.get(user=aylin))
    assert client.get("/api/v1/demo/me", headers=bearer(token)).status_code == 401


def test_a_token_of_a_deactivated_account_stops_working(client, aylin):
    token = create_token(aylin)
    aylin.is_active = False
    aylin.save()
    assert client.get("/api/v1/demo/me", headers=bearer(token)).status_code == 401


def test_a_citizen_session_signs_in(client, aylin):
    client.force_login(aylin)
    assert client.get("/api/v1/demo/me").json()["email"] == "aylin@example.org"


def test_a_staff_session_counts_only_after_the_second_factor(client, bernd):
    client.force_login(bernd)
    assert client.get("/api/v1/demo/me").status_code == 401

    device = TOTPDevice.objects.create(user=bernd, name="Telefon", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/api/v1/demo/me").json()["roles"] == ["advisor"]


def test_a_session_needs_the_csrf_token_for_changes(aylin):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(aylin)
    response = browser.put("/api/v1/demo/me/language", {"language": "en"}, "application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"

    browser.get("/demo/")  # the portal page sets the CSRF cookie
    csrf = browser.cookies["ojc_csrftoken"].value
    response = browser.put(
        "/api/v1/demo/me/language", {"language": "en"}, "application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 200
    assert response.json()["language"] == "en"


def test_a_token_needs_no_csrf_token(aylin):
    integration = Client(enforce_csrf_checks=True)
    response = integration.put(
        "/api/v1/demo/me/language", {"language": "tr"}, "application/json", headers=bearer(create_token(aylin))
    )
    assert response.status_code == 200
    aylin.refresh_from_db()
    assert aylin.language == "tr"

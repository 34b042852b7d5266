"""Every API error has the body of API.md: {"error": {"code", "message", "fields"}}."""

import pytest

from openjobcenter.accounts.api_tokens import create_token


def error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v2/anything", "/api/v1/demo/no-such-thing", "/api/v1/demo/me/x"])
def test_unknown_routes_under_api_get_a_json_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert error(response)["code"] in {"not_found", "unknown_jobcenter"}


def test_a_wrong_method_gets_405_with_allow(client, demo):
    response = client.delete("/api/v1/demo/locations")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error(response)["code"] == "method_not_allowed"


def test_missing_credentials_get_401_with_a_bearer_challenge(client, demo):
    response = client.get("/api/v1/demo/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error(response)["code"] == "unauthorized"


def test_an_invalid_query_value_gets_422_tied_to_the_field(client, demo):
    response = client.get("/api/v1/jobcenters", {"language": "xx"})
    assert response.status_code == 422
    body = error(response)
    assert body["code"] == "invalid"
    assert "de, en" in body["fields"]["language"][0]


def test_an_invalid_body_gets_422_tied_to_the_field(client, aylin):
    headers = {"Authorization": f"Bearer {create_token(aylin)}"}
    response = client.put("/api/v1/demo/me/language", {"language": "klingon"}, "application/json", headers=headers)
    assert response.status_code == 422
    assert list(error(response)["fields"]) == ["language"]

    response = client.put("/api/v1/demo/me/language", {}, "application/json", headers=headers)
    assert error(response)["fields"] == {"language": ["Dieses Feld ist erforderlich."]}


def test_a_body_that_is_not_json_gets_400(client, aylin):
    headers = {"Authorization": f"Bearer {create_token(aylin)}"}
    response = client.put("/api/v1/demo/me/language", "{kaputt", "application/json", headers=headers)
    assert response.status_code == 400
    assert error(response)["code"] == "invalid_json"


def test_an_oversized_body_gets_413(client, aylin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    headers = {"Authorization": f"Bearer {create_token(aylin)}"}
    body = '{"language": "de", "padding": "' + "x" * 2000 + '"}'
    response = client.put("/api/v1/demo/me/language", body, "application/json", headers=headers)
    assert response.status_code == 413
    assert error(response)["code"] == "too_large"


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_failure_gets_a_json_500_without_a_stack_trace(client, demo, monkeypatch, settings, debug):
    settings.DEBUG = debug

    def broken(jobcenter):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("openjobcenter.core.api.public_locations", broken)
    response = client.get("/api/v1/demo/locations")
    assert response.status_code == 500
    assert error(response)["code"] == "server_error"
    text = response.content.decode()
    assert "secret internal detail" not in text and "Traceback" not in text

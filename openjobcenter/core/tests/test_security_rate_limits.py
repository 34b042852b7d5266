"""Public APIs are rate-limited per client address: 429 with Retry-After in the API error format."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from openjobcenter import urls as project_urls
from openjobcenter.core.ratelimits import rate_limit


@pytest.fixture
def three_per_minute(settings):
    settings.PUBLIC_API_RATE_LIMIT = "3/m"


def test_the_public_api_answers_429_with_retry_after(client, demo, three_per_minute):
    for _ in range(3):
        assert client.get("/api/v1/demo/locations").status_code == 200
    response = client.get("/api/v1/demo/locations")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "rate_limited"


def test_the_public_api_shares_one_budget_per_address(client, demo, three_per_minute):
    client.get("/api/v1/jobcenters")
    client.get("/api/v1/demo")
    client.get("/api/v1/demo/locations")
    assert client.get("/api/v1/jobcenters").status_code == 429


def test_each_client_address_has_its_own_budget_behind_trusted_proxies(client, demo, three_per_minute, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"X-Forwarded-For": "198.51.100.1"}
    for _ in range(3):
        client.get("/api/v1/jobcenters", headers=first)
    assert client.get("/api/v1/jobcenters", headers=first).status_code == 429
    assert client.get("/api/v1/jobcenters", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, demo, three_per_minute):
    # No trusted proxy: X-Forwarded-For comes from the client itself and is ignored.
    for number in range(3):
        client.get("/api/v1/jobcenters", headers={"X-Forwarded-For": f"203.0.113.{number}"})
    assert client.get("/api/v1/jobcenters", headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429


@rate_limit("1/m", group="test-form")
def limited_form(request):
    return HttpResponse("ok")


urlpatterns = [path("form/", limited_form), *project_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_forms_get_the_html_429_page_in_the_portal_layout(client, db):
    assert client.post("/form/").status_code == 200
    response = client.post("/form/")
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Bitte kurz warten" in response.content.decode()


def test_the_limit_can_be_switched_off(client, demo, three_per_minute, settings):
    settings.RATELIMIT_ENABLE = False
    assert all(client.get("/api/v1/jobcenters").status_code == 200 for _ in range(5))


def test_rate_limit_keeps_the_view_signature_for_django_ninja():
    import inspect

    @rate_limit("1/m")
    def operation(request, jobcenter: str, page: int = 1):
        return jobcenter

    assert list(inspect.signature(operation).parameters) == ["request", "jobcenter", "page"]
    assert operation(RequestFactory().get("/"), "demo") == "demo"

"""Property-based fuzzing of the public API against its own OpenAPI schema (schemathesis): no
operation answers 5xx, whatever the generated path, query, headers and body. A bounded run (a few
examples per operation); the longer run is ``st run`` against the cluster (docs/operations.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes database connections at each
    request's start and end; inside the test's transaction that would lose it (PostgreSQL).
    Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tenants(demo_location: object, nord_location: object) -> None:
    """Two Jobcenters ("demo", "nord") with a location each: generated slugs sometimes hit them."""


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case, tenants: None) -> None:
    response = case.call()
    assert response.status_code < 500, f"{response.status_code} for {case.as_curl_command()}:\n{response.text[:500]}"

"""The API: draft per step, idempotent submission, status; in the OpenAPI schema."""

from __future__ import annotations

import pytest

from openjobcenter.applications.models import Application, Status
from openjobcenter.applications.tests.conftest import HOUSEHOLD_OF_THREE

pytestmark = pytest.mark.django_db
BASE = "/api/v1/demo/applications"


def test_a_draft_is_filled_and_submitted_once(client, aylin, case):
    client.force_login(aylin)
    assert client.get(f"{BASE}/draft").json()["incomplete"]
    bad = client.put(f"{BASE}/draft/bank", {"answers": {"iban": "DE89370400440532013001", "holder": "A"}},
                     content_type="application/json").json()  # fmt: skip
    assert not bad["complete"] and "Prüfziffer" in bad["errors"]["iban"][0]
    for slug, raw in HOUSEHOLD_OF_THREE.items():
        saved = client.put(f"{BASE}/draft/{slug}", {"answers": raw}, content_type="application/json").json()
        assert saved["complete"], (slug, saved)
    key = {"key": "7f1c1f1e-7d5c-4f7e-9a53-2d7f0f7a0b11"}
    first = client.post(f"{BASE}/submit", key, content_type="application/json")
    second = client.post(f"{BASE}/submit", key, content_type="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and first.json()["status"] == Status.SUBMITTED
    assert Application.objects.for_tenant(aylin.jobcenter).exclude(status=Status.DRAFT).count() == 1
    status = client.get(f"{BASE}/{first.json()['id']}/status").json()
    assert status["reference"].startswith("EA-") and "Mietvertrag" in status["missing_proofs"]


def test_another_person_gets_404_for_the_status(client, aylin, nora, draft):
    client.force_login(nora)
    assert client.get(f"{BASE}/draft").status_code == 404


def test_the_operations_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/{jobcenter}/applications/submit" in paths
    assert "/api/v1/{jobcenter}/applications/{application_id}/status" in paths

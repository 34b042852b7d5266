"""Nothing of one Jobcenter is visible through the API of another."""

import pytest

from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.core.models import OpeningHours, ReceptionZone


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user)}"}


@pytest.mark.parametrize("persona", ["aylin", "bernd", "anja"])
def test_a_demo_account_gets_404_for_nord(client, nord, persona, request):
    response = client.get("/api/v1/nord/me", headers=bearer(request.getfixturevalue(persona)))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_nord_account_gets_404_for_demo(client, demo, niklas):
    assert client.get("/api/v1/demo/me", headers=bearer(niklas)).status_code == 404


def test_changes_through_another_jobcenter_are_refused(client, nord, aylin):
    response = client.put("/api/v1/nord/me/language", {"language": "ar"}, "application/json", headers=bearer(aylin))
    assert response.status_code == 404
    aylin.refresh_from_db()
    assert aylin.language == "de"


def test_the_platform_admin_may_use_every_jobcenter(client, demo, nord, paul):
    headers = bearer(paul)
    assert client.get("/api/v1/demo/me", headers=headers).status_code == 200
    assert client.get("/api/v1/nord/me", headers=headers).status_code == 200


def test_demo_locations_never_contain_nord_data(client, demo_location, nord_location):
    ReceptionZone.all_tenants.create(
        jobcenter=nord_location.jobcenter, location=nord_location, code="N", name={"de": "Nordzone"}
    )
    OpeningHours.all_tenants.create(
        jobcenter=nord_location.jobcenter, location=nord_location, weekday=0, opens="07:00", closes="19:00"
    )
    body = client.get("/api/v1/demo/locations").content.decode()
    assert "Hauptstelle Mitte" in body
    assert "Nordhafen" not in body and "Nordzone" not in body and "19:00" not in body
    assert [location["id"] for location in client.get("/api/v1/demo/locations").json()] == [demo_location.pk]


def test_an_unknown_jobcenter_gets_a_json_404(client, demo):
    for path in ["/api/v1/gibtsnicht", "/api/v1/gibtsnicht/locations"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "unknown_jobcenter"


def test_an_inactive_jobcenter_is_unknown(client, nord):
    nord.is_active = False
    nord.save()
    assert client.get("/api/v1/nord/locations").status_code == 404
    assert [jc["slug"] for jc in client.get("/api/v1/jobcenters").json()] == []

"""Django's admin is for platform admins with a verified second factor only."""

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Location


def test_platform_admins_with_a_second_factor_manage_all_jobcenters(client, paul, demo_location, nord_location):
    sign_in(client, paul)
    page = client.get("/admin/core/location/").content.decode()
    assert "Hauptstelle Mitte" in page and "Hauptstelle Nordhafen" in page
    for path in ["/admin/core/jobcenter/", "/admin/core/team/", "/admin/core/accessibilityfeedback/"]:
        assert client.get(path).status_code == 200, path
    assert client.get(f"/admin/core/location/{demo_location.pk}/change/").status_code == 200


def test_a_password_alone_does_not_open_djangos_admin(client, paul, demo):
    client.force_login(paul)  # no second factor
    response = client.get("/admin/core/location/")
    assert response.status_code in (302, 403)
    assert "Hauptstelle" not in response.content.decode()


def test_jobcenter_admins_cannot_use_djangos_admin(client, anja, demo_location):
    sign_in(client, anja)
    response = client.get("/admin/core/location/")
    assert response.status_code in (302, 403)


def test_changes_in_djangos_admin_are_audited(client, paul, demo_location):
    sign_in(client, paul)
    data = {
        "jobcenter": str(demo_location.jobcenter_id),
        "name": "Hauptstelle Mitte",
        "street": "Neue Straße 1",
        "postal_code": "12345",
        "city": "Musterstadt",
        "phone": "",
        "email": "",
        "accessibility": "{}",
        "directions": "{}",
        "is_active": "on",
        "opening_hours-TOTAL_FORMS": "0",
        "opening_hours-INITIAL_FORMS": "0",
        "reception_zones-TOTAL_FORMS": "0",
        "reception_zones-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/core/location/{demo_location.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Location.all_tenants.get(pk=demo_location.pk).street == "Neue Straße 1"
    assert AuditEntry.all_tenants.filter(action="core.admin_location_changed").exists()

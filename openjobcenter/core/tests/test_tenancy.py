import pytest

from openjobcenter.core.models import Location
from openjobcenter.core.tenancy import TenantRequired


def test_tenant_owned_data_cannot_be_read_without_naming_the_jobcenter(demo_location):
    with pytest.raises(TenantRequired):
        list(Location.objects.all())
    with pytest.raises(TenantRequired):
        Location.objects.for_tenant(None)


def test_for_tenant_returns_only_that_jobcenters_rows(demo, nord, demo_location, nord_location):
    assert list(Location.objects.for_tenant(demo)) == [demo_location]
    assert list(Location.objects.for_tenant(nord)) == [nord_location]


def test_home_page_shows_only_own_locations(client, demo_location, nord_location):
    page = client.get("/demo/").content.decode()
    assert "Hauptstelle Mitte" in page
    assert "Hauptstelle Nordhafen" not in page
    page = client.get("/nord/").content.decode()
    assert "Hauptstelle Nordhafen" in page
    assert "Hauptstelle Mitte" not in page


def test_unknown_jobcenter_gets_a_clear_404(client, demo):
    response = client.get("/gibtsnicht/")
    assert response.status_code == 404
    assert "Jobcenter nicht gefunden" in response.content.decode()


def test_root_redirects_when_only_one_jobcenter_exists(client, demo):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/demo/"


def test_root_lets_people_choose_when_several_exist(client, demo, nord):
    page = client.get("/").content.decode()
    assert "Jobcenter Musterstadt" in page and "Jobcenter Nordkreis" in page

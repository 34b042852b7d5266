"""Jobcenter admins create, change and deactivate teams."""

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.core.models import Team


@pytest.fixture
def admin_client(client, anja):
    return sign_in(client, anja)


def test_the_list_shows_teams_with_location_and_members(admin_client, demo_team, demo_location, bernd):
    demo_team.location = demo_location
    demo_team.save()
    page = admin_client.get("/demo/staff/teams/").content.decode()
    assert "Markt und Integration 1" in page
    assert "Hauptstelle Mitte" in page
    assert "1 Mitglied" in page


def test_an_admin_creates_a_team_at_a_location(admin_client, demo, demo_location):
    data = {"name": "Team U25", "description": "Junge Menschen unter 25", "location": str(demo_location.pk)}
    response = admin_client.post("/demo/staff/teams/new/", data)
    assert response.status_code == 302
    team = Team.objects.for_tenant(demo).get(name="Team U25")
    assert team.location == demo_location and team.description == "Junge Menschen unter 25"
    assert AuditEntry.all_tenants.filter(action="core.team_created", jobcenter=demo).exists()


def test_a_team_needs_a_name_and_keeps_the_input(admin_client, demo):
    response = admin_client.post("/demo/staff/teams/new/", {"name": "", "description": "Beschreibung bleibt"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Beschreibung bleibt" in page
    assert 'id="fehler"' in page


def test_team_names_are_unique_within_the_jobcenter(admin_client, demo_team):
    response = admin_client.post("/demo/staff/teams/new/", {"name": "markt und integration 1"})
    assert response.status_code == 400
    assert "bereits ein Team mit diesem Namen" in response.content.decode()


def test_a_location_of_another_jobcenter_cannot_be_chosen(admin_client, demo, nord_location):
    response = admin_client.post("/demo/staff/teams/new/", {"name": "Team X", "location": str(nord_location.pk)})
    assert response.status_code == 400
    assert not Team.objects.for_tenant(demo).filter(name="Team X").exists()


def test_an_admin_renames_a_team(admin_client, demo_team):
    response = admin_client.post(f"/demo/staff/teams/{demo_team.pk}/edit/", {"name": "Markt und Integration A"})
    assert response.status_code == 302
    demo_team.refresh_from_db()
    assert demo_team.name == "Markt und Integration A"


def test_an_admin_deactivates_and_reactivates_a_team(admin_client, demo_team):
    url = f"/demo/staff/teams/{demo_team.pk}/status/"
    assert "deaktivieren?" in admin_client.get(url).content.decode()
    admin_client.post(url, {"active": "0"})
    demo_team.refresh_from_db()
    assert not demo_team.is_active
    admin_client.post(url, {"active": "1"})
    demo_team.refresh_from_db()
    assert demo_team.is_active
    assert AuditEntry.all_tenants.filter(action="core.team_deactivated").exists()

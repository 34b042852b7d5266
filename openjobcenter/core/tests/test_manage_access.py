"""Who may use the Jobcenter-admin UI: admins of this Jobcenter only, never on another's objects."""

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.core.models import Location, Team

LIST_PAGES = ["staff/locations/", "staff/locations/new/", "staff/teams/", "staff/teams/new/", "staff/settings/"]


def object_pages(location, team):
    return [
        f"staff/locations/{location.pk}/",
        f"staff/locations/{location.pk}/edit/",
        f"staff/locations/{location.pk}/hours/",
        f"staff/locations/{location.pk}/zones/",
        f"staff/locations/{location.pk}/status/",
        f"staff/teams/{team.pk}/edit/",
        f"staff/teams/{team.pk}/status/",
    ]


@pytest.fixture
def nina(nord):
    """Nina administers Jobcenter Nordkreis."""
    return make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")


def test_the_jobcenter_admin_can_open_every_page(client, anja, demo_location, demo_team):
    sign_in(client, anja)
    for page in LIST_PAGES + object_pages(demo_location, demo_team):
        assert client.get(f"/demo/{page}").status_code == 200, page


def test_platform_admins_can_help_any_jobcenter(client, paul, demo_location, demo_team):
    sign_in(client, paul)
    for page in LIST_PAGES + object_pages(demo_location, demo_team):
        assert client.get(f"/demo/{page}").status_code == 200, page


@pytest.mark.parametrize("persona", ["bernd", "lena", "emre", "tanja", "aylin", "anton", "petra"])
def test_everybody_else_of_the_jobcenter_gets_403(client, request, persona, demo_location, demo_team):
    sign_in(client, request.getfixturevalue(persona))
    for page in LIST_PAGES + object_pages(demo_location, demo_team):
        assert client.get(f"/demo/{page}").status_code == 403, page


def test_anonymous_visitors_are_sent_to_sign_in(client, demo_location, demo_team):
    for page in LIST_PAGES + object_pages(demo_location, demo_team):
        response = client.get(f"/demo/{page}")
        assert response.status_code == 302 and response["Location"].startswith("/demo/login/"), page


def test_the_admin_of_another_jobcenter_gets_404_in_ours(client, nina, demo_location, demo_team):
    sign_in(client, nina)
    for page in LIST_PAGES + object_pages(demo_location, demo_team):
        assert client.get(f"/demo/{page}").status_code == 404, page


def test_the_admin_of_another_jobcenter_gets_404_for_our_objects_in_theirs(client, nina, demo_location, demo_team):
    sign_in(client, nina)
    for page in object_pages(demo_location, demo_team):
        assert client.get(f"/nord/{page}").status_code == 404, page


def test_posting_to_our_objects_from_another_jobcenter_changes_nothing(client, nina, demo_location, demo_team):
    sign_in(client, nina)
    assert client.post(f"/nord/staff/locations/{demo_location.pk}/status/", {"active": "0"}).status_code == 404
    assert client.post(f"/nord/staff/teams/{demo_team.pk}/edit/", {"name": "Übernommen"}).status_code == 404
    assert Location.all_tenants.get(pk=demo_location.pk).is_active
    assert Team.all_tenants.get(pk=demo_team.pk).name == "Markt und Integration 1"


def test_lists_show_only_the_own_jobcenters_objects(client, nina, demo_location, demo_team, nord_location):
    sign_in(client, nina)
    locations = client.get("/nord/staff/locations/").content.decode()
    assert "Hauptstelle Nordhafen" in locations and "Hauptstelle Mitte" not in locations
    assert "Markt und Integration 1" not in client.get("/nord/staff/teams/").content.decode()

"""Entry pages after sign-in: "Mein Bereich" for clients and partners, the staff workspace."""

import pytest
from django.urls import reverse

from openjobcenter.accounts.tests.helpers import sign_in

STAFF = ["bernd", "lena", "emre", "tanja", "anja", "paul"]


def url(url_name):
    return reverse(url_name, kwargs={"jobcenter": "demo"})


def test_clients_see_their_area_with_greeting_contact_and_links(client, aylin):
    response = sign_in(client, aylin).get("/demo/my/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Willkommen, Aylin Kaya" in page
    assert 'href="tel:01234567-0"' in page
    for url_name in ["accounts:settings", "notifications:inbox", "audit:my_access_log"]:
        assert f'href="{url(url_name)}"' in page, url_name


@pytest.mark.parametrize(("persona", "heading"), [("anton", "Arbeitgeber"), ("petra", "Maßnahmeträger")])
def test_employers_and_providers_get_a_partner_area(client, request, persona, heading):
    response = sign_in(client, request.getfixturevalue(persona)).get("/demo/my/")
    page = response.content.decode()
    assert response.status_code == 200
    assert heading in page
    assert "Wer hat meine Daten gesehen?" not in page
    assert f'href="{url("core:citizen_area")}"' in page  # the navigation leads partners back here


@pytest.mark.parametrize("persona", STAFF)
def test_staff_who_open_my_area_are_sent_to_their_workspace(client, request, demo, persona):
    response = sign_in(client, request.getfixturevalue(persona)).get("/demo/my/")
    assert response.status_code == 302
    assert response["Location"] == "/demo/staff/"


@pytest.mark.parametrize("persona", STAFF)
def test_every_staff_role_gets_the_workspace(client, request, demo, persona):
    response = sign_in(client, request.getfixturevalue(persona)).get("/demo/staff/")
    assert response.status_code == 200
    assert "Ihre Rollen" in response.content.decode()


def test_advisors_see_no_administration_links(client, bernd):
    page = sign_in(client, bernd).get("/demo/staff/").content.decode()
    assert "/demo/staff/locations/" not in page
    assert "/demo/staff/teams/" not in page
    assert "Markt und Integration 1" in page


def test_jobcenter_admins_see_their_administration(client, anja):
    page = sign_in(client, anja).get("/demo/staff/").content.decode()
    names = ["core:location_list", "core:team_list", "core:jobcenter_settings", "accounts:staff_people", "audit:search"]
    for url_name in names:
        assert f'href="{url(url_name)}"' in page, url_name


def test_platform_admins_get_a_link_to_djangos_admin(client, paul, demo):
    assert 'href="/admin/"' in sign_in(client, paul).get("/demo/staff/").content.decode()


@pytest.mark.parametrize("persona", ["aylin", "anton", "petra"])
def test_people_who_do_not_work_for_the_jobcenter_cannot_open_the_workspace(client, request, persona):
    assert sign_in(client, request.getfixturevalue(persona)).get("/demo/staff/").status_code == 403


@pytest.mark.parametrize("path", ["/demo/my/", "/demo/staff/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, demo, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/demo/login/")


@pytest.mark.parametrize(("persona", "path"), [("nora", "/demo/my/"), ("niklas", "/demo/staff/")])
def test_people_of_another_jobcenter_get_404(client, request, demo, persona, path):
    assert sign_in(client, request.getfixturevalue(persona)).get(path).status_code == 404

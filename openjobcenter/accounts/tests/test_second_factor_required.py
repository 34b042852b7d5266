"""A staff session that has only passed the password step reaches nothing but the 2FA pages."""

import pytest

from .helpers import add_app, login, sign_in


@pytest.fixture
def half_signed_in(client, bernd):
    add_app(bernd)
    login(client, "demo", bernd.email)
    return client


@pytest.mark.parametrize("path", ["/demo/staff/", "/demo/account/", "/demo/my/", "/demo/", "/demo/privacy/"])
def test_every_other_page_leads_to_the_second_step(half_signed_in, path):
    response = half_signed_in.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/demo/login/2fa/?next=")


def test_the_2fa_pages_sign_out_and_language_switch_stay_reachable(half_signed_in):
    assert half_signed_in.get("/demo/login/2fa/").status_code == 200
    response = half_signed_in.post("/i18n/language/", {"language": "en", "next": "/demo/login/2fa/"})
    assert response.status_code == 302 and response["Location"] == "/demo/login/2fa/"
    assert half_signed_in.get("/static/css/portal.css").status_code == 200
    assert half_signed_in.post("/demo/logout/").status_code == 302
    assert "_auth_user_id" not in half_signed_in.session


def test_the_api_answers_401_instead_of_a_redirect(half_signed_in):
    response = half_signed_in.get("/api/v1/demo/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "second_factor_required"


def test_a_staff_session_without_any_device_must_set_one_up(client, bernd):
    client.force_login(bernd)
    response = client.get("/demo/staff/")
    assert response["Location"].startswith("/demo/login/2fa/")
    assert client.get("/demo/login/2fa/")["Location"].startswith("/demo/account/2fa/setup/")


def test_staff_of_another_jobcenter_are_sent_to_their_own_second_step(client, niklas, demo):
    add_app(niklas)
    login(client, "nord", niklas.email)
    response = client.get("/demo/")
    assert response["Location"].startswith("/nord/login/2fa/")


def test_a_verified_session_reaches_the_workspace(client, bernd):
    sign_in(client, bernd)
    assert client.get("/demo/staff/").status_code == 200


def test_citizens_without_two_factor_are_not_held_up(client, aylin):
    login(client, "demo", aylin.email)
    assert client.get("/demo/my/").status_code == 200

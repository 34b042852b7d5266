from django.conf import settings

from openjobcenter.accounts.models import User

from .helpers import PASSWORD, login

WRONG = "E-Mail-Adresse oder Passwort falsch"


def test_a_client_signs_in_and_lands_in_her_area(client, aylin):
    client.get("/demo/login/")
    anonymous_key = client.session.session_key
    response = login(client, "demo", "Aylin@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/demo/my/"
    assert client.session["_auth_user_id"] == str(aylin.pk)
    assert client.session.session_key != anonymous_key  # rotated: no session fixation


def test_it_goes_to_a_safe_next_page_and_ignores_foreign_ones(client, aylin):
    response = client.post("/demo/login/?next=/demo/account/", {"username": aylin.email, "password": PASSWORD})
    assert response["Location"] == "/demo/account/"
    client.post("/demo/logout/")
    response = client.post(
        "/demo/login/", {"username": aylin.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/demo/my/"


def test_a_wrong_password_gets_a_generic_message(client, aylin):
    response = login(client, "demo", aylin.email, "Falsches-Passwort-1")
    assert response.status_code == 400
    page = response.content.decode()
    assert WRONG in page
    assert f'value="{aylin.email}"' in page  # what was typed stays
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_message(client, demo):
    response = login(client, "demo", "niemand@example.org")
    assert response.status_code == 400
    assert WRONG in response.content.decode()


def test_an_account_of_another_jobcenter_cannot_sign_in_here(client, demo, nora):
    response = login(client, "demo", nora.email)
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert login(client, "nord", nora.email).status_code == 302


def test_a_platform_admin_may_sign_in_at_any_jobcenter(client, demo, paul):
    response = login(client, "demo", paul.email)
    assert response.status_code == 302
    assert response["Location"].startswith("/demo/login/2fa/")


def test_a_deactivated_account_gets_the_generic_message(client, bernd):
    User.objects.filter(pk=bernd.pk).update(is_active=False)
    response = login(client, "demo", bernd.email)
    assert response.status_code == 400
    assert WRONG in response.content.decode()


def test_staff_go_on_to_the_second_step(client, bernd):
    response = client.post("/demo/login/?next=/demo/account/", {"username": bernd.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/demo/login/2fa/?next=%2Fdemo%2Faccount%2F"


def test_the_language_cookie_follows_the_account(client, aylin):
    User.objects.filter(pk=aylin.pk).update(language="ar")
    response = login(client, "demo", aylin.email, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=de")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = client.get("/demo/my/").content.decode()
    assert 'lang="ar" dir="rtl"' in page


def test_sign_out_needs_a_post(client, aylin):
    login(client, "demo", aylin.email)
    assert client.get("/demo/logout/").status_code == 405
    response = client.post("/demo/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_is_sent_on_from_the_sign_in_page(client, aylin):
    login(client, "demo", aylin.email)
    response = client.get("/demo/login/")
    assert response.status_code == 302 and response["Location"] == "/demo/my/"

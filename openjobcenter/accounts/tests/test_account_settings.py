from django.conf import settings

from .helpers import NEW_PASSWORD, PASSWORD, login, mails, sign_in


def test_the_settings_page_needs_a_signed_in_person_of_this_jobcenter(client, aylin, nord):
    response = client.get("/demo/account/")
    assert response.status_code == 302 and response["Location"].startswith("/demo/login/?next=")
    sign_in(client, aylin)
    assert client.get("/demo/account/").status_code == 200
    assert client.get("/nord/account/").status_code == 404


def test_name_and_language_are_saved_on_the_account_and_in_the_cookie(client, aylin):
    sign_in(client, aylin)
    response = client.post("/demo/account/", {"first_name": "Aylin", "last_name": "Demir", "language": "uk"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    aylin.refresh_from_db()
    assert (aylin.last_name, aylin.language) == ("Demir", "uk")
    assert 'lang="uk"' in client.get("/demo/account/").content.decode()


def test_the_language_is_remembered_per_person_at_the_next_sign_in(client, aylin):
    sign_in(client, aylin)
    client.post("/demo/account/", {"first_name": "Aylin", "last_name": "Kaya", "language": "tr"})
    client.post("/demo/logout/")
    other_browser = client.__class__()
    response = login(other_browser, "demo", aylin.email)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"


def test_the_language_switch_also_updates_the_account(client, aylin):
    sign_in(client, aylin)
    client.post("/i18n/language/", {"language": "ru", "next": "/demo/account/"})
    aylin.refresh_from_db()
    assert aylin.language == "ru"


def test_an_invalid_language_is_refused_and_the_rest_is_kept(client, aylin):
    sign_in(client, aylin)
    response = client.post("/demo/account/", {"first_name": "Neu", "last_name": "Name", "language": "xx"})
    assert response.status_code == 400
    assert 'value="Neu"' in response.content.decode()
    aylin.refresh_from_db()
    assert aylin.first_name == "Aylin"


def test_changing_the_password_needs_the_current_one(client, aylin):
    sign_in(client, aylin)
    response = client.post(
        "/demo/account/password/",
        {"current_password": "falsch", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Das aktuelle Passwort ist nicht richtig." in response.content.decode()
    response = client.post(
        "/demo/account/password/",
        {"current_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/demo/my/").status_code == 200  # still signed in here
    aylin.refresh_from_db()
    assert aylin.check_password(NEW_PASSWORD)
    assert mails("accounts_password_changed", to=aylin.email)


def test_changing_the_password_ends_other_sessions(client, aylin):
    other = client.__class__()
    sign_in(other, aylin)
    sign_in(client, aylin)
    client.post(
        "/demo/account/password/",
        {"current_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert other.get("/demo/my/").status_code == 302


def test_staff_see_that_two_factor_is_mandatory(client, bernd):
    sign_in(client, bernd)
    page = client.get("/demo/account/").content.decode()
    assert "Pflicht" in page
    assert "/demo/account/2fa/disable/" not in page

import time
from unittest import mock

from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role

from .helpers import PASSWORD, link_in, login, mails

FORM = {
    "first_name": "Mira",
    "last_name": "Sommer",
    "email": "Mira.Sommer@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "language": "tr",
    "privacy": "on",
}


def register(client, slug="demo", **changes):
    return client.post(f"/{slug}/register/", {**FORM, **changes})


def test_the_registration_page_links_the_privacy_notice(client, demo):
    page = client.get("/demo/register/").content.decode()
    assert 'href="/demo/privacy/"' in page
    assert 'name="privacy"' in page


def test_it_creates_an_inactive_client_of_this_jobcenter_and_mails_a_link(client, demo):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == "/demo/register/sent/"
    user = User.objects.get(email="mira.sommer@example.org")
    assert user.jobcenter == demo and user.role_set == {Role.CLIENT}
    assert not user.is_active and user.email_verified_at is None
    assert user.language == "tr"
    [mail] = mails("accounts_verify_email")
    assert mail.to_address == "mira.sommer@example.org"
    assert "/demo/register/verify/" in mail.text_body and "/demo/register/verify/" in mail.html_body
    assert "mira.sommer@example.org" in client.get("/demo/register/sent/").content.decode()


def test_the_account_cannot_sign_in_before_the_address_is_verified(client, demo):
    register(client)
    response = login(client, "demo", "mira.sommer@example.org")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in page
    assert "/demo/register/new-link/" in page
    assert "_auth_user_id" not in client.session


def test_the_link_activates_the_account_and_sign_in_works(client, demo):
    register(client)
    path = link_in(mails("accounts_verify_email")[0], "/verify/")
    response = client.get(path)
    assert response.status_code == 200
    assert "E-Mail-Adresse bestätigt" in response.content.decode()
    user = User.objects.get(email="mira.sommer@example.org")
    assert user.is_active and user.email_verified_at is not None
    assert login(client, "demo", "mira.sommer@example.org").status_code == 302


def test_an_expired_link_shows_a_clear_page_with_a_way_to_get_a_new_one(client, demo):
    register(client)
    path = link_in(mails("accounts_verify_email")[0], "/verify/")
    four_days_later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_later):
        response = client.get(path)
    assert response.status_code == 410
    page = response.content.decode()
    assert "Der Link ist abgelaufen" in page
    assert 'action="/demo/register/new-link/"' in page
    assert not User.objects.get(email="mira.sommer@example.org").is_active

    response = client.post("/demo/register/new-link/", {"email": "mira.sommer@example.org"})
    assert response.status_code == 302
    assert len(mails("accounts_verify_email")) == 2
    assert client.get(link_in(mails("accounts_verify_email")[1], "/verify/")).status_code == 200


def test_a_forged_link_is_refused(client, demo):
    register(client)
    path = link_in(mails("accounts_verify_email")[0], "/verify/")
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400
    assert "Der Link funktioniert nicht" in response.content.decode()
    assert not User.objects.get(email="mira.sommer@example.org").is_active


def test_a_link_does_not_work_at_another_jobcenter(client, demo, nord):
    register(client)
    path = link_in(mails("accounts_verify_email")[0], "/verify/")
    assert client.get(path.replace("/demo/", "/nord/", 1)).status_code == 400
    assert not User.objects.get(email="mira.sommer@example.org").is_active


def test_a_taken_address_gets_the_same_answer_and_its_owner_gets_a_mail(client, aylin):
    response = register(client, email=aylin.email.upper())
    assert response.status_code == 302
    assert response["Location"] == "/demo/register/sent/"
    assert User.objects.filter(email__iexact=aylin.email).count() == 1
    assert mails("accounts_verify_email") == []
    [mail] = mails("accounts_registration_exists", to=aylin.email)
    assert "/demo/password/reset/" in mail.text_body
    aylin.refresh_from_db()
    assert aylin.check_password(PASSWORD)


def test_registering_again_before_verifying_sends_a_fresh_link(client, demo):
    register(client)
    register(client, password1="Anderes-Passwort-55", password2="Anderes-Passwort-55")
    assert len(mails("accounts_verify_email")) == 2
    assert User.objects.get(email="mira.sommer@example.org").check_password(PASSWORD)


def test_a_form_with_errors_keeps_what_was_typed(client, demo):
    response = register(client, password2="Etwas-anderes-123", privacy="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Die beiden Passwörter stimmen nicht überein." in page
    assert "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben." in page
    assert 'value="Mira"' in page and 'value="Sommer"' in page
    assert 'aria-describedby="id_password2_error' in page or 'id="id_password2_error"' in page
    assert not User.objects.filter(email="mira.sommer@example.org").exists()


def test_it_rejects_a_weak_password(client, demo):
    response = register(client, password1="12345678901", password2="12345678901")
    assert response.status_code == 400
    assert not User.objects.filter(email="mira.sommer@example.org").exists()

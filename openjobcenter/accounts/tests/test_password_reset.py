from unittest import mock

from django.contrib.auth.tokens import default_token_generator

from openjobcenter.accounts.models import User

from .helpers import NEW_PASSWORD, PASSWORD, link_in, login, mails


def request_reset(client, email, slug="demo"):
    return client.post(f"/{slug}/password/reset/", {"email": email})


def test_a_reset_link_lets_the_person_set_a_new_password(client, aylin):
    response = request_reset(client, aylin.email.upper())
    assert response.status_code == 302 and response["Location"] == "/demo/password/reset/sent/"
    [mail] = mails("accounts_password_reset", to=aylin.email)
    path = link_in(mail, "/password/reset/")

    response = client.get(path)
    assert response.status_code == 302  # the token moves from the address bar into the session
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/demo/login/")

    assert login(client, "demo", aylin.email, PASSWORD).status_code == 400
    assert login(client, "demo", aylin.email, NEW_PASSWORD).status_code == 302
    assert mails("accounts_password_changed", to=aylin.email)


def test_the_link_works_only_once(client, aylin):
    request_reset(client, aylin.email)
    path = link_in(mails("accounts_password_reset")[0], "/password/reset/")
    form_url = client.get(path)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.get(path)
    assert response.status_code == 400
    assert "Dieser Link funktioniert nicht mehr" in response.content.decode()


def test_an_expired_link_is_refused(client, aylin, settings):
    request_reset(client, aylin.email)
    path = link_in(mails("accounts_password_reset")[0], "/password/reset/")
    later = default_token_generator._num_seconds(default_token_generator._now()) + settings.PASSWORD_RESET_TIMEOUT + 60
    with mock.patch.object(type(default_token_generator), "_num_seconds", return_value=later):
        response = client.get(path)
    assert response.status_code == 400


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, demo):
    response = request_reset(client, "niemand@example.org")
    assert response.status_code == 302 and response["Location"] == "/demo/password/reset/sent/"
    assert mails() == []


def test_an_account_of_another_jobcenter_gets_no_link_here(client, demo, nora):
    response = request_reset(client, nora.email)
    assert response["Location"] == "/demo/password/reset/sent/"
    assert mails() == []


def test_a_weak_new_password_is_refused_with_a_message(client, aylin):
    request_reset(client, aylin.email)
    form_url = client.get(link_in(mails("accounts_password_reset")[0], "/password/reset/"))["Location"]
    response = client.post(form_url, {"password1": "kurz", "password2": "kurz"})
    assert response.status_code == 400
    assert "kern-error" in response.content.decode()
    aylin.refresh_from_db()
    assert aylin.check_password(PASSWORD)


def test_a_made_up_link_is_refused(client, aylin):
    response = client.get("/demo/password/reset/MQ/abc-123/")
    assert response.status_code == 400
    response = client.get("/demo/password/reset/MQ/set-password/")
    assert response.status_code == 400


def test_a_pending_registration_gets_a_new_verification_link_instead(client, demo):
    user = User.objects.create_user(
        "neu@example.org", PASSWORD, first_name="N", last_name="N", jobcenter=demo, is_active=False
    )
    user.role_assignments.create(role="client")
    request_reset(client, "neu@example.org")
    assert mails("accounts_password_reset") == []
    assert len(mails("accounts_verify_email", to="neu@example.org")) == 1

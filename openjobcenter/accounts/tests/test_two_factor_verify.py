from datetime import timedelta

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import add_app, login, mails, totp_code


def recovery_codes_for(user, *codes):
    device = StaticDevice.objects.create(user=user, name="recovery-codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def test_the_right_code_opens_the_workspace(client, bernd):
    device = add_app(bernd)
    response = client.post(
        "/demo/login/?next=/demo/staff/", {"username": bernd.email, "password": "Ein-sicheres-Passwort-1"}
    )
    response = client.get(response["Location"])
    assert response.status_code == 200 and "Anmeldung bestätigen" in response.content.decode()
    key_before = client.session.session_key
    response = client.post("/demo/login/2fa/", {"code": totp_code(device), "next": "/demo/staff/"})
    assert response.status_code == 302 and response["Location"] == "/demo/staff/"
    assert client.session.session_key != key_before  # rotated after the second factor
    assert client.get("/demo/staff/").status_code == 200


def test_a_wrong_code_keeps_the_door_shut(client, bernd):
    device = add_app(bernd)
    login(client, "demo", bernd.email)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    response = client.post("/demo/login/2fa/", {"code": wrong})
    assert response.status_code == 400
    assert "Dieser Code ist nicht richtig" in response.content.decode()
    assert client.get("/demo/staff/").status_code == 302


def test_guessing_fast_is_slowed_down(client, bernd):
    device = add_app(bernd)
    login(client, "demo", bernd.email)
    client.post("/demo/login/2fa/", {"code": "000000" if totp_code(device) != "000000" else "111111"})
    response = client.post("/demo/login/2fa/", {"code": totp_code(device)})
    assert response.status_code == 429
    assert "Bitte warten Sie einige Sekunden" in response.content.decode()
    # After the pause the right code works.
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - timedelta(seconds=5)
    )
    assert client.post("/demo/login/2fa/", {"code": totp_code(device)}).status_code == 302


def test_a_code_from_the_app_works_only_once(client, bernd):
    device = add_app(bernd)
    code = totp_code(device)
    login(client, "demo", bernd.email)
    assert client.post("/demo/login/2fa/", {"code": code}).status_code == 302
    client.post("/demo/logout/")
    login(client, "demo", bernd.email)
    assert client.post("/demo/login/2fa/", {"code": code}).status_code == 400


def test_a_recovery_code_works_once(client, bernd):
    add_app(bernd)
    recovery_codes_for(bernd, "abcd2345", "efgh6723")
    login(client, "demo", bernd.email)
    response = client.post("/demo/login/2fa/", {"code": "ABCD 2345"}, follow=True)
    assert response.status_code == 200
    assert "Es bleibt noch 1 Code." in response.content.decode()
    assert client.get("/demo/staff/").status_code == 200
    assert mails("accounts_two_factor_changed", to=bernd.email)

    client.post("/demo/logout/")
    login(client, "demo", bernd.email)
    assert client.post("/demo/login/2fa/", {"code": "abcd2345"}).status_code == 400
    assert client.get("/demo/staff/").status_code == 302


def test_the_second_step_belongs_to_the_signed_in_person_only(client, demo):
    response = client.get("/demo/login/2fa/")
    assert response.status_code == 302 and response["Location"].startswith("/demo/login/")

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import PASSWORD, add_app, login, mails, sign_in, totp_code


def start_setup(client):
    response = client.get("/demo/account/2fa/setup/")
    assert response.status_code == 200
    return response, TOTPDevice.objects.get(confirmed=False)


def test_staff_without_an_app_are_led_to_the_setup(client, bernd):
    login(client, "demo", bernd.email)
    response = client.get("/demo/login/2fa/")
    assert response.status_code == 302 and response["Location"].startswith("/demo/account/2fa/setup/")
    response, _device = start_setup(client)
    page = response.content.decode()
    assert (
        '<svg role="img"' in page
        and "<script>" not in page
        and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    )
    secret = page.split('translate="no">', 1)[1].split("<", 1)[0].replace(" ", "")
    assert len(secret) == 32  # 20 bytes in Base32, for typing in by hand
    assert response["Cache-Control"].startswith("max-age=0")
    # Reloading shows the same secret (the same unconfirmed device).
    client.get("/demo/account/2fa/setup/")
    assert TOTPDevice.objects.filter(user=bernd).count() == 1


def test_a_right_code_confirms_the_app_and_shows_ten_recovery_codes_once(client, bernd):
    login(client, "demo", bernd.email)
    _, device = start_setup(client)
    response = client.post("/demo/account/2fa/setup/", {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"].startswith("/demo/account/2fa/recovery-codes/")
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(response["Location"]).content.decode()
    codes = {token.token for token in StaticToken.objects.filter(device__user=bernd)}
    assert len(codes) == 10
    assert all(code in page for code in codes)
    # Shown once: afterwards only how many are left.
    page = client.get("/demo/account/2fa/recovery-codes/").content.decode()
    assert not any(code in page for code in codes)
    assert "10 unbenutzte" in page
    # The session is verified now: the workspace opens.
    assert client.get("/demo/staff/").status_code == 200
    assert mails("accounts_two_factor_changed", to=bernd.email)


def test_a_wrong_code_does_not_confirm_the_app(client, bernd):
    login(client, "demo", bernd.email)
    _, device = start_setup(client)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    response = client.post("/demo/account/2fa/setup/", {"code": wrong})
    assert response.status_code == 400
    assert "Dieser Code passt nicht" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/demo/staff/").status_code == 302


def test_letters_are_not_a_code(client, bernd):
    login(client, "demo", bernd.email)
    start_setup(client)
    response = client.post("/demo/account/2fa/setup/", {"code": "abcdef"})
    assert response.status_code == 400
    assert "Bitte geben Sie die 6 Ziffern aus der App ein." in response.content.decode()


def test_a_password_alone_cannot_replace_an_existing_app(client, bernd):
    add_app(bernd)
    login(client, "demo", bernd.email)
    response = client.get("/demo/account/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/demo/login/2fa/")
    assert client.post("/demo/account/2fa/setup/", {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=bernd).count() == 1


def test_a_verified_person_can_move_to_a_new_phone(client, bernd):
    old = add_app(bernd)
    sign_in(client, bernd)
    _, new = start_setup(client)
    response = client.post("/demo/account/2fa/setup/", {"code": totp_code(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=bernd)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_new_recovery_codes_replace_the_old_ones(client, bernd):
    login(client, "demo", bernd.email)
    _, device = start_setup(client)
    client.post("/demo/account/2fa/setup/", {"code": totp_code(device)})
    old = set(StaticToken.objects.values_list("token", flat=True))
    response = client.post("/demo/account/2fa/recovery-codes/new/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not old & new
    assert all(code in page for code in new)


def test_a_citizen_may_switch_two_factor_on_and_off(client, aylin):
    sign_in(client, aylin)
    assert "Zwei-Faktor-Anmeldung einrichten" in client.get("/demo/account/").content.decode()
    _, device = start_setup(client)
    client.post("/demo/account/2fa/setup/", {"code": totp_code(device)})
    client.post("/demo/logout/")

    # From now on her sign-in needs the code too.
    response = login(client, "demo", aylin.email)
    assert response["Location"].startswith("/demo/login/2fa/")
    assert client.get("/demo/my/").status_code == 302
    assert client.post("/demo/login/2fa/", {"code": totp_code(device, steps_ahead=1)}).status_code == 302
    assert client.get("/demo/my/").status_code == 200

    assert client.post("/demo/account/2fa/disable/", {"current_password": "falsch"}).status_code == 400
    response = client.post("/demo/account/2fa/disable/", {"current_password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=aylin).exists()
    client.post("/demo/logout/")
    assert login(client, "demo", aylin.email)["Location"] == "/demo/my/"


def test_staff_cannot_switch_two_factor_off(client, bernd):
    sign_in(client, bernd)
    assert client.get("/demo/account/2fa/disable/").status_code == 404
    assert client.post("/demo/account/2fa/disable/", {"current_password": PASSWORD}).status_code == 404
    assert TOTPDevice.objects.filter(user=bernd).exists()

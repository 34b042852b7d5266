import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts.models import User
from openjobcenter.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, load_demo

from .helpers import add_app, login, totp_code


@pytest.fixture
def demo_data(db):
    load_demo()


def test_the_sign_in_page_lists_this_jobcenters_personas_in_demo_mode(client, demo_data, settings):
    settings.DEMO = True
    page = client.get("/demo/login/").content.decode()
    assert DEMO_PASSWORD in page
    assert "beratung@demo.example" in page and "plattform@openjobcenter.example" in page
    assert "kundin@nord.example" not in page


def test_outside_demo_mode_no_persona_or_password_is_shown(client, demo_data, settings):
    settings.DEMO = False
    page = client.get("/demo/login/").content.decode()
    assert DEMO_PASSWORD not in page and "beratung@demo.example" not in page


def test_loading_twice_changes_nothing(demo_data):
    users, devices = User.objects.count(), TOTPDevice.objects.count()
    load_demo()
    assert (User.objects.count(), TOTPDevice.objects.count()) == (users, devices)


def test_demo_staff_have_the_published_key_and_citizens_none(demo_data):
    bernd = User.objects.get(email="beratung@demo.example")
    assert TOTPDevice.objects.get(user=bernd, confirmed=True).key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user__email="kundin@demo.example").exists()


def test_the_2fa_page_shows_the_valid_code_in_demo_mode_and_it_signs_in(client, demo_data, settings):
    settings.DEMO = True
    login(client, "demo", "beratung@demo.example", DEMO_PASSWORD)
    page = client.get("/demo/login/2fa/").content.decode()
    code = page.split('class="ojc-code">', 1)[1].split("<", 1)[0]
    device = TOTPDevice.objects.get(user__email="beratung@demo.example")
    assert code in {totp_code(device), totp_code(device, steps_ahead=1)}
    assert client.post("/demo/login/2fa/", {"code": code}).status_code == 302
    assert client.get("/demo/staff/").status_code == 200


def test_the_hint_is_never_shown_outside_demo_mode(client, demo_data, settings):
    settings.DEMO = False
    login(client, "demo", "beratung@demo.example", DEMO_PASSWORD)
    assert "Nur im Demo-Betrieb" not in client.get("/demo/login/2fa/").content.decode()


def test_the_hint_never_reveals_a_real_secret(client, bernd, settings):
    settings.DEMO = True
    add_app(bernd)
    login(client, "demo", bernd.email)
    assert "Nur im Demo-Betrieb" not in client.get("/demo/login/2fa/").content.decode()

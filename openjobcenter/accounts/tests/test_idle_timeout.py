import time
from unittest import mock

from .helpers import sign_in

THIRTY_ONE_MINUTES = 31 * 60


def later(seconds):
    return mock.patch("openjobcenter.accounts.middleware.time.time", return_value=time.time() + seconds)


def test_staff_are_signed_out_after_thirty_idle_minutes(client, bernd):
    sign_in(client, bernd)
    assert client.get("/demo/staff/").status_code == 200
    with later(THIRTY_ONE_MINUTES):
        response = client.get("/demo/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/demo/login/?next=%2Fdemo%2Fstaff%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Sie wurden nach 30 Minuten ohne Aktivität abgemeldet." in page


def test_activity_keeps_a_staff_session_open(client, bernd):
    sign_in(client, bernd)
    client.get("/demo/staff/")
    with later(20 * 60):
        assert client.get("/demo/staff/").status_code == 200
    with later(39 * 60):  # 19 minutes after the last request
        assert client.get("/demo/staff/").status_code == 200


def test_citizens_have_no_thirty_minute_limit(client, aylin):
    sign_in(client, aylin)
    client.get("/demo/my/")
    with later(THIRTY_ONE_MINUTES):
        assert client.get("/demo/my/").status_code == 200

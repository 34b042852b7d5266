"""When the video server fails: a clear page with the phone alternative, the advisor is told (once
per ten minutes), never a 500."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.notifications.models import Notification, OutboxMessage
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.services.providers import bbb as bbb_module
from openjobcenter.video.tests.conftest import join_path

pytestmark = pytest.mark.django_db


def failure_page(client, booking) -> str:
    response = client.get(join_path(booking))
    assert response.status_code == 503, response.status_code
    text = response.text
    assert "Das Videogespräch kann gerade nicht starten" in text
    return text


def advisor_notices(booking) -> int:
    return Notification.objects.for_tenant(booking.jobcenter).filter(recipient=booking.staff).count()


@pytest.mark.parametrize("mode", ["http500", "garbage", "doctype", "failed"])
def test_a_refusing_server_shows_the_phone_number_and_tells_the_advisor(
    client, bbb, video_settings, aylins_call, aylin, mode
):
    bbb.mode = mode
    sign_in(client, aylin)
    text = failure_page(client, aylins_call)
    assert "0123 4567-0" in text and "wurde informiert" in text
    assert advisor_notices(aylins_call) == 1
    message = OutboxMessage.objects.get(template="video_join_failed")
    assert message.to_address == "bernd@demo.example" and "Aylin Kaya" in message.text_body


def test_a_wrong_secret_is_a_checksum_error_page(client, bbb, video_settings, aylins_call, aylin):
    VideoSettings.all_tenants.filter(pk=video_settings.pk).update(bbb_secret="falsch")
    sign_in(client, aylin)
    assert "checksumError" in failure_page(client, aylins_call)
    assert bbb.calls("create")[-1].message_key == "checksumError"


def test_an_unreachable_server(client, demo, aylins_call, aylin):
    VideoSettings.all_tenants.create(jobcenter=demo, bbb_url="http://127.0.0.1:9/bigbluebutton/api", bbb_secret="x")
    sign_in(client, aylin)
    assert "unreachable" in failure_page(client, aylins_call)


def test_a_server_that_does_not_answer_in_time(client, bbb, video_settings, aylins_call, aylin, monkeypatch):
    monkeypatch.setattr(bbb_module, "TIMEOUT_SECONDS", 0.3)
    bbb.mode, bbb.hang_seconds = "hang", 1.0
    sign_in(client, aylin)
    assert "unreachable" in failure_page(client, aylins_call)


def test_no_video_server_configured(client, demo, aylins_call, aylin, settings):
    settings.BBB_API_URL = ""
    settings.BBB_SECRET = ""
    sign_in(client, aylin)
    assert "notConfigured" in failure_page(client, aylins_call)


def test_the_advisor_hears_of_repeated_failures_once(client, bbb, video_settings, aylins_call, aylin):
    bbb.mode = "http500"
    sign_in(client, aylin)
    for _ in range(3):
        failure_page(client, aylins_call)
    assert advisor_notices(aylins_call) == 1


def test_the_advisor_sees_the_failure_page_without_notifying_herself(client, bbb, video_settings, aylins_call, bernd):
    bbb.mode = "garbage"
    sign_in(client, bernd)
    text = failure_page(client, aylins_call)
    assert "Videoeinstellungen" in text
    assert advisor_notices(aylins_call) == 0

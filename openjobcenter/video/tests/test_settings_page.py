"""The Jobcenter admin's video settings: only with ``core.manage_settings``, per Jobcenter, secrets
never shown again, and a connection test that says clearly whether the server answered."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.services.config import provider_config, settings_for
from openjobcenter.video.tests.conftest import SECRET

pytestmark = pytest.mark.django_db

PAGE = "/demo/staff/video/"


def form(**changes) -> dict[str, str]:
    data = {
        "provider": "bbb",
        "bbb_url": "",
        "bbb_secret": "",
        "bbb_checksum_algorithm": "",
        "jitsi_url": "",
        "jitsi_app_id": "",
        "jitsi_app_secret": "",
        "opens_minutes_before": "15",
        "grace_minutes": "30",
    }
    return {**data, **changes}


@pytest.mark.parametrize("persona", ["bernd", "tanja", "aylin"])
def test_only_the_admin_opens_it(request, client, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 403


def test_another_jobcenters_admin_gets_a_404(client, demo, nord):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    sign_in(client, make_user("admin@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord))
    assert client.get(PAGE).status_code == 404


def test_the_environment_is_the_default(demo, settings):
    settings.BBB_API_URL, settings.BBB_SECRET, settings.BBB_CHECKSUM_ALGORITHM = (
        "https://env/bigbluebutton/api",
        "e",
        "sha1",
    )
    config = provider_config(settings_for(demo))
    assert (config.url, config.secret, config.checksum_algorithm) == ("https://env/bigbluebutton/api", "e", "sha1")


def test_the_admin_saves_and_the_secret_is_kept_but_never_shown(client, anja, demo, settings):
    settings.BBB_API_URL = ""
    sign_in(client, anja)
    response = client.post(
        PAGE,
        form(
            bbb_url="https://bbb.musterstadt.example/bigbluebutton/api",
            bbb_secret="geheim-123",
            bbb_checksum_algorithm="sha512",
        ),
    )
    assert response.status_code == 302
    stored = VideoSettings.objects.for_tenant(demo).get()
    assert stored.bbb_secret == "geheim-123" and stored.bbb_checksum_algorithm == "sha512"
    page = client.get(PAGE).text
    assert "geheim-123" not in page and "Ein Geheimnis ist gespeichert." in page
    client.post(PAGE, form(bbb_url=stored.bbb_url, bbb_checksum_algorithm="sha512", grace_minutes="45"))
    stored.refresh_from_db()
    assert stored.bbb_secret == "geheim-123" and stored.grace_minutes == 45
    entries = AuditEntry.objects.for_tenant(demo).filter(action="video.settings_changed")
    assert entries.count() == 2 and "geheim" not in str(list(entries.values_list("details", flat=True)))


def test_bad_input_is_explained_and_kept(client, anja, demo):
    sign_in(client, anja)
    response = client.post(PAGE, form(bbb_url="ftp://x", opens_minutes_before="600", jitsi_app_id="meine-app"))
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in response.text and "zwischen 0 und 60" in response.text
    assert 'value="meine-app"' in response.text
    assert not VideoSettings.objects.for_tenant(demo).exists()


def test_the_connection_test_shows_success(client, anja, bbb, video_settings):
    sign_in(client, anja)
    response = client.post(PAGE, {"test": "1"})
    assert response.status_code == 200 and "Verbindung in Ordnung" in response.text
    assert "getMeetings: SUCCESS" in response.text and bbb.calls("getMeetings")[-1].accepted


def test_the_connection_test_shows_a_checksum_error(client, anja, bbb, video_settings):
    VideoSettings.all_tenants.filter(pk=video_settings.pk).update(bbb_secret=SECRET + "x")
    sign_in(client, anja)
    response = client.post(PAGE, {"test": "1"})
    assert "Keine Verbindung" in response.text and "checksumError" in response.text


def test_the_connection_test_shows_an_unreachable_server(client, anja, demo):
    VideoSettings.all_tenants.create(jobcenter=demo, bbb_url="http://127.0.0.1:9/bigbluebutton/api", bbb_secret="s")
    sign_in(client, anja)
    response = client.post(PAGE, {"test": "1"})
    assert "Keine Verbindung" in response.text and "unreachable" in response.text


def test_the_workspace_links_to_it(client, anja):
    sign_in(client, anja)
    assert PAGE in client.get("/demo/staff/").text

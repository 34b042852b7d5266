"""Ad-hoc video calls from the case file: the advisor starts one, the citizen is invited by secure
message and joins through the waiting room; nobody else gets in, and every failure is explained."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit
from urllib.request import urlopen

import pytest
from django.utils import timezone

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.tests.conftest import case  # noqa: F401 – Aylin's household
from openjobcenter.core.models import Team
from openjobcenter.messaging.models import Message, Thread
from openjobcenter.notifications.models import Notification
from openjobcenter.video.models import AdHocCall, MeetingStatus
from openjobcenter.video.services.adhoc import callback_token

pytestmark = pytest.mark.django_db


def start_path(case: Case) -> str:
    return f"/{case.jobcenter.slug}/staff/cases/{case.pk}/video/"


def join_path(call: AdHocCall) -> str:
    return f"/{call.jobcenter.slug}/video/sofort/{call.code}/join"


@pytest.fixture
def started(client, video_settings, case, bernd, aylin, django_capture_on_commit_callbacks) -> AdHocCall:
    sign_in(client, bernd)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_path(case), {"person": aylin.pk, "note": "Wie besprochen."})
    call = AdHocCall.objects.for_tenant(case.jobcenter).get()
    assert response.status_code == 302 and response["Location"] == join_path(call)
    client.logout()
    return call


def test_starting_invites_the_citizen_by_secure_message(started, aylin, bernd, mailoutbox):
    thread = Thread.objects.for_tenant(started.jobcenter).get(citizen=aylin)
    message = Message.objects.for_tenant(started.jobcenter).get(thread=thread)
    assert message.author == bernd
    assert join_path(started) in message.body and message.body.startswith("Wie besprochen.")
    # The e-mail says only that a message is waiting: no link to the room, no content.
    assert mailoutbox and all(started.code not in mail.body for mail in mailoutbox)
    assert abs(started.expires_at - started.created_at - dt.timedelta(minutes=60)) < dt.timedelta(seconds=5)
    assert AuditEntry.all_tenants.filter(action="video.adhoc_started", subject=aylin).exists()


def test_the_advisor_enters_as_moderator_and_the_citizen_waits_as_guest(client, bbb, started, aylin, bernd):
    sign_in(client, bernd)
    host = client.get(join_path(started))
    assert host.status_code == 302
    host_params = dict(parse_qsl(urlsplit(host["Location"]).query))
    assert host_params["role"] == "MODERATOR" and host_params["fullName"] == "Bernd Brandt"
    created = bbb.meetings[started.meeting_id].params
    assert created["record"] == "false" and created["guestPolicy"] == "ASK_MODERATOR"
    assert "Aylin" not in created["name"]  # the server never learns the citizen's name from the room
    urlopen(host["Location"]).read()
    client.logout()

    sign_in(client, aylin)
    guest = client.get(join_path(started))
    assert guest.status_code == 302
    urlopen(guest["Location"]).read()
    join = bbb.meetings[started.meeting_id].joins[-1]
    assert (join.role, join.guest, join.status) == ("VIEWER", True, "WAIT")
    started.refresh_from_db()
    assert started.host_joined_at and started.client_joined_at


def test_nobody_else_gets_in(client, bbb, started, demo, nord, niklas, emre, tanja):
    other_team = Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")
    outsiders = [
        make_user("mia@example.org", Role.CLIENT, jobcenter=demo, name="Mia Meyer"),
        make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo, team=other_team, name="Carla Conrad"),
        emre,
        tanja,  # team lead of the same team: may see the case, but the call is Bernd's
    ]
    for person in outsiders:
        sign_in(client, person)
        assert client.get(join_path(started)).status_code == 404, person.email
        client.logout()
    sign_in(client, niklas)  # another Jobcenter: the address does not exist there
    assert client.get(f"/{nord.slug}/video/sofort/{started.code}/join").status_code == 404
    assert client.get(join_path(started)).status_code == 404
    assert not bbb.meetings


def test_only_the_responsible_team_starts_a_call(client, video_settings, case, demo, aylin, emre, niklas):
    other_team = Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 2")
    carla = make_user("carla@demo.example", Role.ADVISOR, jobcenter=demo, team=other_team, name="Carla Conrad")
    for person, status in ((carla, 403), (emre, 403), (niklas, 404)):
        sign_in(client, person)
        assert client.post(start_path(case), {"person": aylin.pk}).status_code == status, person.email
        client.logout()
    assert not AdHocCall.all_tenants.exists() and not Thread.all_tenants.exists()


def test_someone_outside_the_household_cannot_be_invited(client, video_settings, case, demo, bernd):
    mia = make_user("mia@example.org", Role.CLIENT, jobcenter=demo, name="Mia Meyer")
    sign_in(client, bernd)
    response = client.post(start_path(case), {"person": mia.pk})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not AdHocCall.all_tenants.exists()


def test_without_a_video_server_the_advisor_is_told_and_nothing_is_sent(client, case, bernd, aylin, settings):
    settings.BBB_API_URL = ""
    settings.BBB_SECRET = ""
    sign_in(client, bernd)
    response = client.post(start_path(case), {"person": aylin.pk, "note": "Bitte jetzt"})
    assert response.status_code == 200
    assert "noch kein Videoserver eingerichtet" in response.text
    assert "Bitte jetzt" in response.text  # what was typed is still there
    assert not AdHocCall.all_tenants.exists() and not Thread.all_tenants.exists()


def test_an_expired_link_explains_itself(client, started, aylin):
    AdHocCall.all_tenants.filter(pk=started.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    sign_in(client, aylin)
    response = client.get(join_path(started))
    assert response.status_code == 200 and "Der Link ist abgelaufen" in response.text


def test_the_advisor_ends_the_call_and_the_link_stops_working(client, bbb, started, aylin, bernd):
    sign_in(client, bernd)
    client.get(join_path(started))
    response = client.post(f"/{started.jobcenter.slug}/video/sofort/{started.code}/end/")
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == MeetingStatus.ENDED
    assert bbb.meetings[started.meeting_id].ended_at is not None
    client.logout()
    sign_in(client, aylin)
    response = client.get(join_path(started))
    assert response.status_code == 200 and "Das Videogespräch ist beendet" in response.text


def test_the_end_callback_needs_the_token_and_the_servers_word(client, bbb, started, bernd):
    sign_in(client, bernd)
    client.get(join_path(started))
    client.logout()
    base = f"/{started.jobcenter.slug}/video/sofort/ended/{started.pk}"
    assert client.get(f"{base}/{'0' * 64}/").status_code == 404
    good = f"{base}/{callback_token(started.meeting_id)}/"
    assert client.get(good).text == "running" or client.get(good).text == "not_started"
    bbb.end_meeting(started.meeting_id)
    assert client.get(good).text == "ended"
    started.refresh_from_db()
    assert started.status == MeetingStatus.ENDED
    assert client.get(good).text == "already"


def test_a_failing_server_gives_the_citizen_a_way_out_and_tells_the_advisor(client, bbb, started, aylin, bernd):
    bbb.mode = "http500"
    sign_in(client, aylin)
    response = client.get(join_path(started))
    assert response.status_code == 503
    assert "Ihre Beraterin oder Ihr Berater wurde informiert" in response.text
    assert Notification.all_tenants.filter(recipient=bernd, title__contains="Spontanes Videogespräch").count() == 1
    client.get(join_path(started))  # a second try within ten minutes: no second notice
    assert Notification.all_tenants.filter(recipient=bernd, title__contains="Spontanes Videogespräch").count() == 1

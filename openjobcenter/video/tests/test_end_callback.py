"""The end callback: BBB calls ``meta_endCallbackUrl`` (unsigned) when the meeting ends. The token in
it is checked, the end is confirmed with the server, and only then is the appointment marked
attended — once, however often the callback comes."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import BookingStatus
from openjobcenter.audit.models import AuditEntry
from openjobcenter.video.models import Meeting, MeetingStatus
from openjobcenter.video.services.meetings import callback_token
from openjobcenter.video.tests.conftest import join_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def started_call(make_video_booking, aylin):
    """Aylin's video appointment with Bernd, which began five minutes ago."""
    return make_video_booking(client=aylin, starts_in=dt.timedelta(minutes=-5))


@pytest.fixture
def call_held(client, bbb, video_settings, started_call, aylin, bernd):
    """Both joined; returns (meeting, the callback path BBB was given)."""
    sign_in(client, bernd)
    client.get(join_path(started_call))
    client.logout()
    sign_in(client, aylin)
    client.get(join_path(started_call))
    client.logout()
    meeting = Meeting.objects.for_tenant(started_call.jobcenter).get()
    url = bbb.meetings[meeting.meeting_id].params["meta_endCallbackUrl"]
    # BBB appends the meeting ID to the callback address.
    return meeting, f"{urlsplit(url).path}?meetingID={meeting.meeting_id}&recordingmarks=false"


def status_of(booking) -> str:
    booking.refresh_from_db()
    return booking.status


def test_the_confirmed_end_marks_the_appointment_attended(client, bbb, call_held, started_call):
    meeting, path = call_held
    # The advisor joined: the server knows a running meeting.
    sign_in(client, started_call.staff)
    urlopen_join(client, bbb, started_call)
    client.logout()
    assert client.get(path).text == "running"  # a forged or early call changes nothing while it runs
    assert status_of(started_call) == BookingStatus.BOOKED
    bbb.end_meeting(meeting.meeting_id)
    response = client.get(path)
    assert response.status_code == 200 and response.text == "ended"
    assert status_of(started_call) == BookingStatus.ATTENDED
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ENDED and meeting.ended_at
    assert bbb.calls("isMeetingRunning")[-1].accepted
    entry = AuditEntry.objects.for_tenant(started_call.jobcenter).filter(action="appointments.outcome_recorded").get()
    assert entry.actor is None


def urlopen_join(client, bbb, booking):
    from urllib.request import urlopen

    url = client.get(join_path(booking))["Location"]
    urlopen(url).read()


def test_a_replayed_callback_changes_nothing(client, bbb, call_held, started_call):
    meeting, path = call_held
    bbb.end_meeting(meeting.meeting_id)
    assert client.get(path).text == "ended"
    type(started_call).all_tenants.filter(pk=started_call.pk).update(status=BookingStatus.NO_SHOW)  # staff corrected it
    assert client.post(path).text == "already"
    assert status_of(started_call) == BookingStatus.NO_SHOW
    assert AuditEntry.objects.for_tenant(started_call.jobcenter).filter(action="video.meeting_ended").count() == 1


def test_a_wrong_token_is_a_404_and_asks_nothing_of_the_server(client, bbb, call_held, started_call):
    meeting, _path = call_held
    before = len(bbb.seen)
    real = callback_token(meeting.meeting_id)
    last_changed = real[:-1] + ("1" if real.endswith("0") else "0")  # one character off, never the real one
    for token in ["falsch", last_changed, callback_token("ojc-other")]:
        assert client.get(f"/demo/video/ended/{meeting.pk}/{token}/").status_code == 404
    assert client.get(f"/demo/video/ended/{meeting.pk + 1}/{callback_token(meeting.meeting_id)}/").status_code == 404
    assert len(bbb.seen) == before
    assert status_of(started_call) == BookingStatus.BOOKED


def test_the_callback_of_one_jobcenter_does_not_work_in_another(client, bbb, call_held, nord):
    meeting, path = call_held
    bbb.end_meeting(meeting.meeting_id)
    assert client.get(path.replace("/demo/", "/nord/")).status_code == 404


def test_a_meeting_created_but_not_started_is_not_taken_as_ended(client, bbb, video_settings, started_call, bernd):
    sign_in(client, bernd)
    client.get(join_path(started_call))  # created on the server; nobody has entered yet
    meeting = Meeting.objects.for_tenant(started_call.jobcenter).get()
    assert client.get(f"/demo/video/ended/{meeting.pk}/{callback_token(meeting.meeting_id)}/").text == "not_started"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN


def test_when_the_server_cannot_confirm_nothing_is_recorded(client, bbb, call_held, started_call):
    _meeting, path = call_held
    bbb.mode = "http500"
    response = client.get(path)
    assert response.status_code == 202 and response.text == "unconfirmed"
    assert status_of(started_call) == BookingStatus.BOOKED


def test_without_the_client_in_the_room_the_outcome_is_left_to_staff(client, bbb, video_settings, started_call, bernd):
    sign_in(client, bernd)
    url = client.get(join_path(started_call))["Location"]
    meeting = Meeting.objects.for_tenant(started_call.jobcenter).get()
    assert dict(parse_qsl(urlsplit(url).query))["meetingID"] == meeting.meeting_id
    bbb.end_meeting(meeting.meeting_id)
    assert client.get(f"/demo/video/ended/{meeting.pk}/{callback_token(meeting.meeting_id)}/").text == "ended"
    assert status_of(started_call) == BookingStatus.BOOKED

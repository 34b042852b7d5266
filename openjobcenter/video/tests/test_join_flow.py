"""Joining a video appointment: the meeting is created just in time with a fresh random ID, reused
while it runs, replaced after it ended; the room opens N minutes before the start and closes after
the end plus a grace time; join buttons appear where appointments are shown and in the mail."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import BookingStatus
from openjobcenter.appointments.services import mail
from openjobcenter.audit.models import AuditEntry
from openjobcenter.notifications.models import OutboxMessage
from openjobcenter.video.models import Meeting, MeetingStatus
from openjobcenter.video.tests.conftest import join_path

pytestmark = pytest.mark.django_db


def follow(client, booking) -> dict[str, str]:
    response = client.get(join_path(booking))
    assert response.status_code == 302, response.content[:500]
    return dict(parse_qsl(urlsplit(response["Location"]).query))


def test_the_first_join_creates_the_meeting_and_the_second_reuses_it(
    client, bbb, video_settings, aylins_call, aylin, bernd
):
    assert not bbb.seen  # nothing is created when the appointment is booked
    sign_in(client, bernd)
    advisor = follow(client, aylins_call)
    meeting = Meeting.objects.for_tenant(aylins_call.jobcenter).get()
    assert advisor["meetingID"] == meeting.meeting_id and meeting.meeting_id.startswith("ojc-")
    assert len(meeting.meeting_id) >= 30 and aylins_call.code not in meeting.meeting_id
    assert advisor["createTime"] == meeting.create_time and meeting.host_joined_at
    client.logout()
    sign_in(client, aylin)
    citizen = follow(client, aylins_call)
    assert citizen["meetingID"] == meeting.meeting_id
    creates = bbb.calls("create")
    assert [c.message_key for c in creates] == ["", "duplicateWarning"] and all(c.accepted for c in creates)
    params = bbb.meetings[meeting.meeting_id].params
    assert params["name"] == "Jobcenter Musterstadt: Beratung zur Arbeitsuche"  # not the citizen's name
    assert f"/demo/video/ended/{meeting.pk}/" in params["meta_endCallbackUrl"]
    actions = set(AuditEntry.objects.for_tenant(aylins_call.jobcenter).values_list("action", flat=True))
    assert {"video.meeting_created", "video.joined"} <= actions


def test_the_join_links_are_accepted_by_the_server_and_the_waiting_room_holds_her(
    client, bbb, video_settings, aylins_call, aylin, bernd
):
    from urllib.request import urlopen

    sign_in(client, aylin)
    citizen_url = client.get(join_path(aylins_call))["Location"]
    client.logout()
    sign_in(client, bernd)
    advisor_url = client.get(join_path(aylins_call))["Location"]
    assert b"<guestStatus>WAIT</guestStatus>" in urlopen(citizen_url).read()
    assert b"<guestStatus>ALLOW</guestStatus>" in urlopen(advisor_url).read()
    meeting = bbb.meetings[Meeting.objects.for_tenant(aylins_call.jobcenter).get().meeting_id]
    waiting = [j for j in meeting.joins if j.status == "WAIT"]
    assert [(j.full_name, j.role, j.guest) for j in waiting] == [("Aylin Kaya", "VIEWER", True)]
    bbb.admit(meeting.meeting_id, waiting[0].user_id)
    assert all(j.status == "ALLOW" for j in meeting.joins)


def test_after_the_meeting_ended_the_next_join_gets_a_fresh_meeting(client, bbb, video_settings, aylins_call, bernd):
    sign_in(client, bernd)
    first = follow(client, aylins_call)["meetingID"]
    bbb.end_meeting(first)  # ended on the server, the callback has not arrived
    second = follow(client, aylins_call)["meetingID"]
    assert second != first
    meetings = Meeting.objects.for_tenant(aylins_call.jobcenter)
    assert meetings.get(meeting_id=first).status == MeetingStatus.ENDED
    assert meetings.get(meeting_id=second).status == MeetingStatus.OPEN
    assert bbb.calls("create")[-2].message_key == "meetingForciblyEnded"


def test_names_with_umlauts_and_arabic_script_join_with_a_valid_checksum(
    client, bbb, video_settings, make_video_booking, aylin
):
    from django.contrib.auth import get_user_model

    booking = make_video_booking(client=aylin, name="Ayşe Müller-Groß آيلين")
    sign_in(client, aylin)
    url = client.get(join_path(booking))["Location"]
    ok, algorithm = bbb.verify("join", urlsplit(url).query)
    assert ok and algorithm == "sha256"
    assert dict(parse_qsl(urlsplit(url).query))["fullName"] == "Ayşe Müller-Groß آيلين"
    advisor = get_user_model().objects.get(email="bernd@demo.example")
    type(advisor).objects.filter(pk=advisor.pk).update(first_name="Jürgen", last_name="Weiß")
    client.logout()
    sign_in(client, advisor)
    url = client.get(join_path(booking))["Location"]
    assert bbb.verify("join", urlsplit(url).query)[0]
    assert dict(parse_qsl(urlsplit(url).query))["fullName"] == "Jürgen Weiß"


def test_before_the_room_opens_a_page_says_when(client, bbb, video_settings, make_video_booking, aylin):
    booking = make_video_booking(client=aylin, starts_in=dt.timedelta(days=2))
    sign_in(client, aylin)
    response = client.get(join_path(booking))
    assert response.status_code == 200
    opens = timezone.localtime(booking.start - dt.timedelta(minutes=15))
    assert f"um {opens:%H:%M} Uhr" in response.text and "Der Raum ist noch nicht geöffnet" in response.text
    assert f"/demo/video/check/?termin={booking.code}" in response.text
    assert not bbb.seen


def test_the_opening_time_is_the_jobcenters_setting(client, bbb, video_settings, make_video_booking, aylin):
    booking = make_video_booking(client=aylin, starts_in=dt.timedelta(minutes=25))
    sign_in(client, aylin)
    assert client.get(join_path(booking)).status_code == 200  # 15 minutes before: not yet
    video_settings.opens_minutes_before = 30
    video_settings.save()
    assert client.get(join_path(booking)).status_code == 302


def test_after_the_end_and_the_grace_time_the_room_is_closed(client, bbb, video_settings, make_video_booking, aylin):
    booking = make_video_booking(client=aylin, starts_in=dt.timedelta(minutes=-61))
    sign_in(client, aylin)
    response = client.get(join_path(booking))
    assert response.status_code == 200 and "Der Termin ist vorbei" in response.text
    late = make_video_booking(client=aylin, starts_in=dt.timedelta(minutes=-50))  # ended 20 min ago, grace 30
    assert client.get(join_path(late)).status_code == 302


def test_a_cancelled_appointment_has_no_room(client, bbb, video_settings, aylins_call, aylin):
    type(aylins_call).all_tenants.filter(pk=aylins_call.pk).update(status=BookingStatus.CANCELLED)
    sign_in(client, aylin)
    response = client.get(join_path(aylins_call))
    assert response.status_code == 200 and "Der Termin wurde abgesagt" in response.text
    assert not bbb.seen


def test_the_join_button_shows_in_my_appointments_and_on_the_booking(client, video_settings, aylins_call, aylin, bernd):
    sign_in(client, aylin)
    for page in ["/demo/my/appointments/", f"/demo/appointments/manage/{aylins_call.code}/"]:
        text = client.get(page).text
        assert f'href="{join_path(aylins_call)}"' in text, page
        assert "Zum Videogespräch" in text and f"/demo/video/check/?termin={aylins_call.code}" in text
    client.logout()
    sign_in(client, bernd)
    day = timezone.localdate(aylins_call.start).isoformat()
    for page in [f"/demo/staff/appointments/{aylins_call.code}/", f"/demo/staff/appointments/?day={day}"]:
        text = client.get(page).text
        assert f'href="{join_path(aylins_call)}"' in text and "Videogespräch starten" in text, page


def test_no_join_button_for_other_channels_or_past_appointments(client, video_settings, make_video_booking, aylin):
    in_person = make_video_booking(client=aylin, channel="in_person")
    past = make_video_booking(client=aylin, starts_in=dt.timedelta(days=-1))
    sign_in(client, aylin)
    text = client.get("/demo/my/appointments/").text
    assert join_path(in_person) not in text and join_path(past) not in text


def test_the_confirmation_mail_carries_the_join_link_with_the_token(aylins_call):
    from openjobcenter.appointments.services.codes import manage_token

    mail.deliver_task.call(aylins_call.pk, mail.BOOKED)
    message = OutboxMessage.objects.get(template=mail.BOOKED)
    link = f"{join_path(aylins_call)}?token={manage_token(aylins_call.code)}"
    assert link in message.text_body and link in message.html_body
    assert f"/demo/video/check/?termin={aylins_call.code}" in message.text_body


def test_the_check_page_works_for_everybody(client, demo, aylins_call):
    response = client.get(f"/demo/video/check/?termin={aylins_call.code}")
    assert response.status_code == 200
    assert "Kamera und Mikrofon testen" in response.text and "video-check.js" in response.text
    assert "nicht aufgezeichnet" in response.text and "0123 4567-0" in response.text
    assert f'href="{join_path(aylins_call)}"' in response.text
    assert client.get("/demo/video/check/").status_code == 200
    assert client.get("/demo/video/left/").status_code == 200

"""The BigBlueButton provider against the test server: every call, every message key, every way the
server can fail, and the waiting room."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit
from urllib.request import urlopen

import pytest

from openjobcenter.video.services.providers import (
    BadResponse,
    ChecksumError,
    IdNotUnique,
    MeetingEnded,
    MeetingSpec,
    NotConfigured,
    NotFound,
    Participant,
    ProviderConfig,
    Refused,
    Unreachable,
)
from openjobcenter.video.services.providers import bbb as bbb_module
from openjobcenter.video.services.providers.bbb import BigBlueButton, parse_response
from openjobcenter.video.tests.conftest import SECRET

SPEC = MeetingSpec(
    meeting_id="ojc-test-1",
    name="Jobcenter Musterstadt: Beratung zur Arbeitsuche",
    attendee_pw="att",
    moderator_pw="mod",
    end_callback_url="https://portal.example/demo/video/ended/1/token/",
    logout_url="https://portal.example/demo/video/left/",
)


def provider(server, *, secret: str = SECRET, algorithm: str = "sha256") -> BigBlueButton:
    return BigBlueButton(ProviderConfig("bbb", server.api_url, secret, algorithm))


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
def test_create_asks_for_a_private_meeting_with_a_waiting_room(bbb, algorithm):
    created = provider(bbb, algorithm=algorithm).create(SPEC)
    assert created.meeting_id == SPEC.meeting_id and created.create_time and not created.duplicate
    params = bbb.meetings[SPEC.meeting_id].params
    assert params["guestPolicy"] == "ASK_MODERATOR"
    assert params["record"] == params["autoStartRecording"] == params["allowStartStopRecording"] == "false"
    assert params["disabledFeatures"] == "learningDashboard" and params["learningDashboardEnabled"] == "false"
    assert params["meta_endCallbackUrl"] == SPEC.end_callback_url
    assert params["logoutURL"] == SPEC.logout_url
    assert bbb.calls("create")[-1].algorithm == algorithm


def test_a_repeated_create_with_the_same_passwords_is_a_duplicate_warning(bbb):
    first = provider(bbb).create(SPEC)
    again = provider(bbb).create(SPEC)
    assert again.duplicate and again.create_time == first.create_time


def test_the_same_id_with_other_passwords_is_id_not_unique(bbb):
    provider(bbb).create(SPEC)
    other = MeetingSpec(meeting_id=SPEC.meeting_id, name="Anderes", attendee_pw="x", moderator_pw="y")
    with pytest.raises(IdNotUnique):
        provider(bbb).create(other)


def test_a_meeting_just_ended_cannot_be_created_again(bbb):
    p = provider(bbb)
    p.create(SPEC)
    p.end(SPEC.meeting_id, SPEC.moderator_pw)
    with pytest.raises(MeetingEnded):
        p.create(SPEC)


def test_a_wrong_secret_is_a_checksum_error(bbb):
    with pytest.raises(ChecksumError) as error:
        provider(bbb, secret="falsch").create(SPEC)
    assert error.value.key == "checksumError"


def test_unknown_meetings_are_not_found(bbb):
    with pytest.raises(NotFound):
        provider(bbb).info("ojc-nope")
    assert provider(bbb).is_running("ojc-nope") is False
    provider(bbb).end("ojc-nope", "x")  # ending what is already gone is fine


def test_the_waiting_room_holds_the_citizen_until_the_advisor_admits_her(bbb):
    p = provider(bbb)
    created = p.create(SPEC)
    citizen = p.join_url(SPEC, Participant("Aylin Kaya", "client-1", moderator=False), create_time=created.create_time)
    advisor = p.join_url(SPEC, Participant("Bernd Brandt", "staff-2", moderator=True), create_time=created.create_time)
    citizen_params = dict(parse_qsl(urlsplit(citizen).query))
    assert citizen_params["role"] == "VIEWER" and citizen_params["guest"] == "true"
    assert citizen_params["password"] == "att" and citizen_params["createTime"] == created.create_time
    advisor_params = dict(parse_qsl(urlsplit(advisor).query))
    assert advisor_params["role"] == "MODERATOR" and "guest" not in advisor_params

    assert b"<guestStatus>WAIT</guestStatus>" in urlopen(citizen).read()
    assert p.is_running(SPEC.meeting_id) is False  # a guest waiting does not start it
    assert b"<guestStatus>ALLOW</guestStatus>" in urlopen(advisor).read()
    info = p.info(SPEC.meeting_id)
    assert info.running and info.participant_count == 1 and info.moderator_count == 1
    bbb.admit(SPEC.meeting_id, "client-1")
    info = p.info(SPEC.meeting_id)
    assert info.participant_count == 2
    assert {a["fullName"] for a in info.attendees} == {"Aylin Kaya", "Bernd Brandt"}


def test_an_old_join_link_does_not_open_a_later_session(bbb):
    p = provider(bbb)
    created = p.create(SPEC)
    url = p.join_url(SPEC, Participant("Aylin", "c", moderator=False), create_time=str(int(created.create_time) - 1))
    assert b"mismatchCreateTimeParam" in urlopen(url).read()


def test_get_meetings_is_the_connection_test(bbb):
    assert provider(bbb).check() == "getMeetings: SUCCESS (0 running)"
    assert bbb.calls("getMeetings")[-1].raw_query.startswith("checksum=")


@pytest.mark.parametrize(
    ("mode", "error"),
    [("http500", Unreachable), ("garbage", BadResponse), ("doctype", BadResponse), ("failed", Refused)],
)
def test_a_server_that_misbehaves_gives_a_typed_error(bbb, mode, error):
    bbb.mode = mode
    with pytest.raises(error):
        provider(bbb).create(SPEC)


def test_a_server_that_hangs_times_out(bbb, monkeypatch):
    monkeypatch.setattr(bbb_module, "TIMEOUT_SECONDS", 0.3)
    bbb.mode, bbb.hang_seconds = "hang", 1.0
    with pytest.raises(Unreachable):
        provider(bbb).create(SPEC)


def test_a_server_that_is_not_there_is_unreachable():
    p = BigBlueButton(ProviderConfig("bbb", "http://127.0.0.1:9/bigbluebutton/api", "s", "sha256"))
    with pytest.raises(Unreachable):
        p.check()


def test_missing_settings_are_not_configured():
    with pytest.raises(NotConfigured):
        BigBlueButton(ProviderConfig("bbb", "", "s"))
    with pytest.raises(NotConfigured):
        BigBlueButton(ProviderConfig("bbb", "https://x", ""))


def test_entities_are_never_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><response>&b;</response>'
    with pytest.raises(BadResponse):
        parse_response(bomb)
    with pytest.raises(BadResponse):
        parse_response(b"<html>not bbb</html>")
    assert parse_response(b"<response><returncode>SUCCESS</returncode></response>").tag == "response"

"""Checksums exactly as BigBlueButton computes them: the raw query string as sent, any of the three
algorithms, names with umlauts, ß and Arabic script."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlsplit

import pytest

from openjobcenter.video.services.providers import MeetingSpec, Participant, ProviderConfig
from openjobcenter.video.services.providers.bbb import BigBlueButton, checksum, query_string, signed_url
from openjobcenter.video.tests.bbb_server import FakeBBB, strip_checksum

NAMES = ["Jürgen Groß-Öztürk", "Straße Maß", "آيلين كايا", "Zoë O'Brien & Söhne", "李 雷 +1"]


def test_it_matches_the_example_in_the_bbb_docs():
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert (
        query_string({"name": "Test Meeting", "meetingID": "abc123", "attendeePW": "111222", "moderatorPW": "333444"})
        == query
    )
    digest = checksum("create", query, "639259d4-9dd8-4b25-bf01-95f9567eaf4b", "sha1")
    assert digest == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"


@pytest.mark.parametrize(("algorithm", "length"), [("sha1", 40), ("sha256", 64), ("sha512", 128)])
def test_each_algorithm_gives_the_checksum_length_the_server_recognises(algorithm, length):
    url = signed_url("https://bbb.example/bigbluebutton/api", "getMeetings", {}, "s3cret", algorithm)
    digest = url.rsplit("checksum=", 1)[1]
    assert len(digest) == length
    assert digest == hashlib.new(algorithm, b"getMeetings" + b"s3cret").hexdigest()
    assert url == f"https://bbb.example/bigbluebutton/api/getMeetings?checksum={digest}"


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_are_signed_over_the_string_that_is_sent(algorithm, name):
    provider = BigBlueButton(ProviderConfig("bbb", "https://bbb.example/bigbluebutton/api/", "s3cret", algorithm))
    spec = MeetingSpec(meeting_id="ojc-abc", name="Termin", attendee_pw="ap", moderator_pw="mp")
    url = provider.join_url(spec, Participant(full_name=name, user_id="client-1", moderator=False))
    parts = urlsplit(url)
    assert parts.path == "/bigbluebutton/api/join"
    assert parts.query.isascii() and " " not in parts.query  # percent-encoded UTF-8, space as "+"
    params = dict(parse_qsl(parts.query))
    assert params["fullName"] == name
    signed = strip_checksum(parts.query, params["checksum"])
    assert params["checksum"] == hashlib.new(algorithm, ("join" + signed + "s3cret").encode()).hexdigest()
    # What a BBB server does with it:
    server = FakeBBB("s3cret")
    assert server.verify("join", parts.query) == (True, algorithm)


def test_a_string_encoded_differently_from_the_one_signed_fails_like_on_bbb():
    provider = BigBlueButton(ProviderConfig("bbb", "https://bbb.example/bigbluebutton/api", "s3cret", "sha256"))
    spec = MeetingSpec(meeting_id="ojc-abc", name="Termin", attendee_pw="ap", moderator_pw="mp")
    query = urlsplit(provider.join_url(spec, Participant("Jürgen Groß", "u1", moderator=True))).query
    server = FakeBBB("s3cret")
    assert server.verify("join", query)[0]
    assert not server.verify("join", query.replace("+", "%20"))[0]  # a client that re-encoded spaces
    assert not server.verify("join", query.replace("%C3%BC", "%c3%bc"))[0]  # or changed the case of escapes


def test_the_server_refuses_an_algorithm_it_does_not_allow():
    url = signed_url("https://x/bigbluebutton/api", "getMeetings", {}, "s", "sha1")
    server = FakeBBB("s", algorithms=("sha256",))  # like Scalelite configured without sha1
    assert server.verify("getMeetings", urlsplit(url).query) == (False, "sha1")


def test_the_callback_url_is_encoded_once():
    provider = BigBlueButton(ProviderConfig("bbb", "https://bbb.example/bigbluebutton/api", "s", "sha256"))
    spec = MeetingSpec(
        meeting_id="ojc-1",
        name="Termin",
        attendee_pw="a",
        moderator_pw="m",
        end_callback_url="https://portal.example/demo/video/ended/7/tok/?x=1&y=2",
    )
    query = urlsplit(provider.url("create", provider.create_params(spec))).query
    assert (
        "meta_endCallbackUrl=https%3A%2F%2Fportal.example%2Fdemo%2Fvideo%2Fended%2F7%2Ftok%2F%3Fx%3D1%26y%3D2" in query
    )
    assert dict(parse_qsl(query))["meta_endCallbackUrl"] == spec.end_callback_url

"""Jitsi: a room address with a JWT per participant, checked with PyJWT as a Jitsi server would."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from openjobcenter.video.models import VideoSettings
from openjobcenter.video.services.providers import MeetingSpec, NotConfigured, Participant, ProviderConfig
from openjobcenter.video.services.providers.jitsi import AUDIENCE, JitsiProvider
from openjobcenter.video.tests.conftest import join_path

APP_SECRET = "jitsi-app-secret-for-tests-0123456789"
CONFIG = ProviderConfig("jitsi", "https://meet.example.org", APP_SECRET, app_id="openjobcenter")
SPEC = MeetingSpec(meeting_id="ojc-Zx81kq2LmPw", name="Termin", attendee_pw="", moderator_pw="")


def decode(url: str) -> dict:
    token = parse_qs(urlsplit(url).query)["jwt"][0]
    return jwt.decode(token, APP_SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer="openjobcenter")


def test_the_advisor_gets_a_moderator_token_for_exactly_this_room():
    url = JitsiProvider(CONFIG).join_url(SPEC, Participant("Bernd Brandt", "staff-2", moderator=True, email="b@x"))
    assert url.startswith("https://meet.example.org/ojc-Zx81kq2LmPw?jwt=")
    claims = decode(url)
    assert claims["room"] == "ojc-Zx81kq2LmPw" and claims["sub"] == "meet.example.org"
    user = claims["context"]["user"]
    assert user == {
        "id": "staff-2", "name": "Bernd Brandt", "email": "b@x", "avatar": "",
        "affiliation": "owner", "moderator": "true",
    }  # fmt: skip
    assert claims["context"]["features"]["recording"] == "false"


def test_the_citizen_is_a_member_and_the_token_is_short_lived():
    url = JitsiProvider(CONFIG).join_url(SPEC, Participant("آيلين كايا", "client-1", moderator=False))
    claims = decode(url)
    assert claims["context"]["user"]["affiliation"] == "member"
    assert claims["context"]["user"]["moderator"] == "false"
    assert claims["context"]["user"]["name"] == "آيلين كايا"
    assert claims["exp"] - time.time() <= 3 * 3600 + 5
    assert claims["nbf"] <= time.time()


def test_a_token_signed_with_another_secret_or_expired_is_refused():
    provider = JitsiProvider(CONFIG)
    token = provider.token("room", Participant("A", "1", moderator=False))
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-that-is-long-enough-0123", algorithms=["HS256"], audience=AUDIENCE)
    old = provider.token("room", Participant("A", "1", moderator=False), now=time.time() - 4 * 3600)
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(old, APP_SECRET, algorithms=["HS256"], audience=AUDIENCE)


def test_jitsi_needs_url_app_id_and_secret():
    with pytest.raises(NotConfigured):
        JitsiProvider(ProviderConfig("jitsi", "https://meet.example.org", "", app_id="x"))
    with pytest.raises(NotConfigured):
        JitsiProvider(ProviderConfig("jitsi", "https://meet.example.org", "s", app_id=""))


@pytest.mark.django_db
def test_a_jobcenter_on_jitsi_sends_both_into_the_same_unguessable_room(client, demo, aylins_call, aylin, bernd):
    from openjobcenter.accounts.tests.helpers import sign_in

    VideoSettings.all_tenants.create(
        jobcenter=demo, provider="jitsi", jitsi_url="https://meet.example.org", jitsi_app_id="openjobcenter",
        jitsi_app_secret=APP_SECRET,
    )  # fmt: skip
    sign_in(client, aylin)
    citizen = decode(client.get(join_path(aylins_call))["Location"])
    client.logout()
    sign_in(client, bernd)
    advisor = decode(client.get(join_path(aylins_call))["Location"])
    assert citizen["room"] == advisor["room"] and len(citizen["room"]) >= 30
    assert citizen["context"]["user"]["moderator"] == "false" and advisor["context"]["user"]["moderator"] == "true"

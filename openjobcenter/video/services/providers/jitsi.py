"""Jitsi Meet with JWT authentication: the room address carries a token per participant.

Jitsi has no server-side meeting to create or end: the room exists while somebody is in it, and the
token decides who may enter and who moderates. Claims follow ``lib-jitsi-meet``'s ``doc/tokens.md``:
``iss`` (app id), ``aud``, ``sub`` (the Jitsi domain), ``room`` (the exact, unguessable room name, no
wildcard), ``nbf``/``exp`` (short-lived), ``context.user`` with strings only; the moderator is told
both ways, ``affiliation`` "owner" (self-hosted, ``token_affiliation``) and ``moderator`` "true"
(8x8's hosted service). HS256 with the app secret.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

import jwt

from openjobcenter.video.services.providers import (
    CreatedMeeting,
    MeetingInfo,
    MeetingSpec,
    NotConfigured,
    Participant,
    ProviderConfig,
    Unreachable,
)

AUDIENCE = "jitsi"
TOKEN_SECONDS = 3 * 3600  # long enough for one consultation, short enough to be useless tomorrow
TIMEOUT_SECONDS = 6


class JitsiProvider:
    name = "jitsi"

    def __init__(self, config: ProviderConfig) -> None:
        if not config.url or not config.app_id or not config.secret:
            raise NotConfigured("Jitsi needs the server URL, the app id and the app secret")
        self.base = config.url.strip().rstrip("/")
        if not self.base.startswith(("https://", "http://")):
            raise NotConfigured("the Jitsi URL must start with https://")
        self.app_id = config.app_id
        self.secret = config.secret
        self.domain = urlsplit(self.base).hostname or ""

    def token(self, room: str, participant: Participant, *, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self.app_id,
            "aud": AUDIENCE,
            "sub": self.domain,
            "room": room,
            "iat": issued,
            "nbf": issued - 60,
            "exp": issued + TOKEN_SECONDS,
            "context": {
                "user": {
                    "id": participant.user_id,
                    "name": participant.full_name,
                    "email": participant.email,
                    "avatar": "",
                    "affiliation": "owner" if participant.moderator else "member",
                    "moderator": "true" if participant.moderator else "false",
                },
                "features": {"recording": "false", "livestreaming": "false", "transcription": "false"},
            },
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def create(self, spec: MeetingSpec) -> CreatedMeeting:
        return CreatedMeeting(meeting_id=spec.meeting_id)

    def join_url(self, spec: MeetingSpec, participant: Participant, *, create_time: str = "") -> str:
        return f"{self.base}/{quote(spec.meeting_id, safe='')}?jwt={self.token(spec.meeting_id, participant)}"

    def end(self, meeting_id: str, moderator_pw: str) -> None:
        return None  # the room ends when the last person leaves

    def is_running(self, meeting_id: str) -> bool:
        return True  # Jitsi cannot tell without a server plugin; the room lives while someone is in it

    def info(self, meeting_id: str) -> MeetingInfo:
        return MeetingInfo(meeting_id=meeting_id, running=True)

    def check(self) -> str:
        request = urllib.request.Request(self.base + "/", method="GET")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            raise Unreachable(f"HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise Unreachable(str(getattr(error, "reason", error))) from None

"""Video providers behind one small interface: create a meeting, a join address per participant,
end, is it running, what does the server know about it.

A provider is built from a :class:`ProviderConfig` (the Jobcenter's settings with the environment
variables as defaults). Every failure talking to the server is a :class:`ProviderError` subclass, so
callers show one clear page and never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class ProviderError(Exception):
    """The video server could not be used. ``key`` is BBB's messageKey or our own short reason."""

    key = "error"

    def __init__(self, message: str = "", *, key: str | None = None) -> None:
        super().__init__(message or self.key)
        if key:
            self.key = key


class NotConfigured(ProviderError):
    key = "notConfigured"


class Unreachable(ProviderError):
    """Connection refused, DNS failure, timeout, TLS or HTTP error: the server did not answer usefully."""

    key = "unreachable"


class BadResponse(ProviderError):
    """The answer was not BBB's XML (a proxy's error page, a DOCTYPE, garbage)."""

    key = "badResponse"


class Refused(ProviderError):
    """The server answered FAILED with a messageKey we have no more specific class for."""

    key = "failed"


class ChecksumError(Refused):
    key = "checksumError"


class NotFound(Refused):
    key = "notFound"


class IdNotUnique(Refused):
    key = "idNotUnique"


class MeetingEnded(Refused):
    """``meetingForciblyEnded``: this meeting ID was ended a moment ago and cannot be used again."""

    key = "meetingForciblyEnded"


@dataclass(frozen=True)
class ProviderConfig:
    provider: str  # "bbb" or "jitsi"
    url: str = ""
    secret: str = ""
    checksum_algorithm: str = "sha256"
    app_id: str = ""  # Jitsi: the JWT issuer


@dataclass(frozen=True)
class MeetingSpec:
    """What we ask for when a meeting is created just in time."""

    meeting_id: str
    name: str
    attendee_pw: str
    moderator_pw: str
    logout_url: str = ""
    welcome: str = ""
    end_callback_url: str = ""
    duration_minutes: int = 0
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CreatedMeeting:
    meeting_id: str
    create_time: str = ""
    duplicate: bool = False


@dataclass(frozen=True)
class Participant:
    full_name: str
    user_id: str
    moderator: bool
    email: str = ""


@dataclass(frozen=True)
class MeetingInfo:
    meeting_id: str
    running: bool
    participant_count: int = 0
    moderator_count: int = 0
    create_time: str = ""
    ended: bool = False  # the server says it was ended (endTime set, or ended forcibly)
    attendees: list[dict[str, str]] = field(default_factory=list)


class VideoProvider(Protocol):
    name: str

    def create(self, spec: MeetingSpec) -> CreatedMeeting: ...

    def join_url(self, spec: MeetingSpec, participant: Participant, *, create_time: str = "") -> str: ...

    def end(self, meeting_id: str, moderator_pw: str) -> None: ...

    def is_running(self, meeting_id: str) -> bool: ...

    def info(self, meeting_id: str) -> MeetingInfo: ...

    def check(self) -> str:
        """Talk to the server once (BBB: ``getMeetings``); a short description of what answered."""
        ...


def provider_for(config: ProviderConfig) -> VideoProvider:
    if config.provider == "jitsi":
        from openjobcenter.video.services.providers.jitsi import JitsiProvider

        return JitsiProvider(config)
    from openjobcenter.video.services.providers.bbb import BigBlueButton

    return BigBlueButton(config)

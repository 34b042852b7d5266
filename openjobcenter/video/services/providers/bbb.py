"""BigBlueButton (and Scalelite, which speaks the same API) exactly as its API describes.

Every call is ``BASE/CALL?QUERY&checksum=H`` with ``H = hex(hash(CALL + QUERY + SECRET))``. The
query string is built once with ``urlencode`` (UTF-8, space as ``+``), that very string is signed
and that very string is sent: no HTTP client gets a chance to re-encode it, which is the classic
cause of ``checksumError`` with umlauts or callback URLs. The server picks the hash function from
the checksum's length, so the algorithm is a setting (sha1 for old Scalelite, sha256 by default).

Answers are BBB's XML. A document type declaration is refused before parsing (no entity expansion,
no external entities), and FAILED answers become typed errors by their ``messageKey``.
"""

from __future__ import annotations

import contextlib
import hashlib
import urllib.error
import urllib.request
from urllib.parse import urlencode
from xml.etree import ElementTree

from openjobcenter.video.services.providers import (
    BadResponse,
    ChecksumError,
    CreatedMeeting,
    IdNotUnique,
    MeetingEnded,
    MeetingInfo,
    MeetingSpec,
    NotConfigured,
    NotFound,
    Participant,
    ProviderConfig,
    ProviderError,
    Refused,
    Unreachable,
)

ALGORITHMS = ("sha1", "sha256", "sha512")
TIMEOUT_SECONDS = 6
MAX_RESPONSE_BYTES = 1_000_000
NAME_MAX = 64  # BBB refuses meeting names longer than 64 characters
_ERRORS: dict[str, type[Refused]] = {
    "checksumError": ChecksumError,
    "notFound": NotFound,
    "idNotUnique": IdNotUnique,
    "meetingForciblyEnded": MeetingEnded,
}


def checksum(call: str, query: str, secret: str, algorithm: str) -> str:
    if algorithm not in ALGORITHMS:
        raise NotConfigured(f"unknown checksum algorithm {algorithm!r}")
    return hashlib.new(algorithm, (call + query + secret).encode("utf-8")).hexdigest()


def query_string(params: dict[str, str]) -> str:
    """The one encoding of the parameters: UTF-8, percent-encoded, space as ``+``."""
    return urlencode({key: value for key, value in params.items() if value is not None})


def api_base(url: str) -> str:
    """``https://host/bigbluebutton/api`` from what an operator may paste (with or without ``/api/``)."""
    base = url.strip().rstrip("/")
    if base.endswith("/bigbluebutton"):
        base += "/api"
    return base


def signed_url(base: str, call: str, params: dict[str, str], secret: str, algorithm: str) -> str:
    query = query_string(params)
    digest = checksum(call, query, secret, algorithm)
    return (
        f"{api_base(base)}/{call}?{query}&checksum={digest}" if query else f"{api_base(base)}/{call}?checksum={digest}"
    )


def parse_response(body: bytes) -> ElementTree.Element:
    """BBB's ``<response>``; FAILED answers raise the error their ``messageKey`` names."""
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise BadResponse("document type declarations are not accepted")
    try:
        root = ElementTree.fromstring(body)  # noqa: S314 - no DTD (refused above), so no entities
    except ElementTree.ParseError as error:
        raise BadResponse(f"not XML: {error}") from None
    if root.tag != "response":
        raise BadResponse(f"unexpected root element <{root.tag}>")
    code = (root.findtext("returncode") or "").strip()
    if code == "SUCCESS":
        return root
    key = (root.findtext("messageKey") or "").strip()
    message = (root.findtext("message") or "").strip()
    if code != "FAILED":
        raise BadResponse(f"returncode {code!r}")
    raise _ERRORS.get(key, Refused)(message or key, key=key or None)


def _flag(value: bool) -> str:
    return "true" if value else "false"


class BigBlueButton:
    name = "bbb"

    def __init__(self, config: ProviderConfig) -> None:
        if not config.url or not config.secret:
            raise NotConfigured("BigBlueButton needs the API URL and the shared secret")
        self.base = config.url
        self.secret = config.secret
        self.algorithm = config.checksum_algorithm or "sha256"
        if self.algorithm not in ALGORITHMS:
            raise NotConfigured(f"unknown checksum algorithm {self.algorithm!r}")

    # --- the calls ---------------------------------------------------------------------------

    def url(self, call: str, params: dict[str, str]) -> str:
        return signed_url(self.base, call, params, self.secret, self.algorithm)

    def create_params(self, spec: MeetingSpec) -> dict[str, str]:
        params = {
            "name": spec.name[:NAME_MAX],
            "meetingID": spec.meeting_id,
            "attendeePW": spec.attendee_pw,
            "moderatorPW": spec.moderator_pw,
            # Private by default: nothing is recorded, no analytics dashboard about the citizen.
            "record": _flag(False),
            "autoStartRecording": _flag(False),
            "allowStartStopRecording": _flag(False),
            "learningDashboardEnabled": _flag(False),
            "disabledFeatures": "learningDashboard",
            # The citizen waits in the waiting room until the advisor lets them in.
            "guestPolicy": "ASK_MODERATOR",
        }
        if spec.welcome:
            params["welcome"] = spec.welcome
        if spec.logout_url:
            params["logoutURL"] = spec.logout_url
        if spec.duration_minutes:
            params["duration"] = str(spec.duration_minutes)
        if spec.end_callback_url:
            params["meta_endCallbackUrl"] = spec.end_callback_url
        params["meta_bbb-origin"] = "OpenJobcenter"
        for key, value in spec.meta.items():
            params[f"meta_{key}"] = value
        return params

    def create(self, spec: MeetingSpec) -> CreatedMeeting:
        root = self._call("create", self.create_params(spec))
        return CreatedMeeting(
            meeting_id=(root.findtext("meetingID") or spec.meeting_id).strip(),
            create_time=(root.findtext("createTime") or "").strip(),
            duplicate=(root.findtext("messageKey") or "").strip() == "duplicateWarning",
        )

    def join_params(self, spec: MeetingSpec, participant: Participant, *, create_time: str = "") -> dict[str, str]:
        params = {
            "fullName": participant.full_name,
            "meetingID": spec.meeting_id,
            "role": "MODERATOR" if participant.moderator else "VIEWER",
            # The password as well, for servers before BBB 2.6 that do not know ``role``.
            "password": spec.moderator_pw if participant.moderator else spec.attendee_pw,
            "userID": participant.user_id,
        }
        if not participant.moderator:
            params["guest"] = "true"  # through the waiting room (guestPolicy ASK_MODERATOR)
        if create_time:
            params["createTime"] = create_time  # an old link cannot open a later session
        params["redirect"] = "true"
        return params

    def join_url(self, spec: MeetingSpec, participant: Participant, *, create_time: str = "") -> str:
        return self.url("join", self.join_params(spec, participant, create_time=create_time))

    def end(self, meeting_id: str, moderator_pw: str) -> None:
        with contextlib.suppress(NotFound):  # already over
            self._call("end", {"meetingID": meeting_id, "password": moderator_pw})

    def is_running(self, meeting_id: str) -> bool:
        root = self._call("isMeetingRunning", {"meetingID": meeting_id})
        return (root.findtext("running") or "").strip() == "true"

    def info(self, meeting_id: str) -> MeetingInfo:
        root = self._call("getMeetingInfo", {"meetingID": meeting_id})
        attendees = [
            {child.tag: (child.text or "").strip() for child in attendee}
            for attendee in root.iterfind("attendees/attendee")
        ]
        return MeetingInfo(
            meeting_id=meeting_id,
            running=(root.findtext("running") or "").strip() == "true",
            participant_count=_int(root.findtext("participantCount")),
            moderator_count=_int(root.findtext("moderatorCount")),
            create_time=(root.findtext("createTime") or "").strip(),
            ended=(root.findtext("hasBeenForciblyEnded") or "").strip() == "true"
            or (root.findtext("endTime") or "0").strip() not in ("", "0"),
            attendees=attendees,
        )

    def check(self) -> str:
        root = self._call("getMeetings", {})
        meetings = len(root.findall("meetings/meeting"))
        return f"getMeetings: SUCCESS ({meetings} running)"

    # --- transport ---------------------------------------------------------------------------

    def _call(self, call: str, params: dict[str, str]) -> ElementTree.Element:
        url = self.url(call, params)
        if not url.startswith(("https://", "http://")):
            raise NotConfigured("the API URL must start with https://")
        request = urllib.request.Request(url, method="GET", headers={"Accept": "application/xml"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise Unreachable(f"HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise Unreachable(str(getattr(error, "reason", error))) from None
        if len(body) > MAX_RESPONSE_BYTES:
            raise BadResponse("answer too large")
        return parse_response(body)


def _int(text: str | None) -> int:
    try:
        return int((text or "0").strip())
    except ValueError:
        return 0


__all__ = ["BigBlueButton", "ProviderError", "checksum", "parse_response", "query_string", "signed_url"]

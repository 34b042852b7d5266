"""A small BigBlueButton-compatible API server for the tests, started on a free port.

It checks checksums the way BBB does (``GetChecksumValidator``): the hash function is chosen by the
checksum's length (40 sha1, 64 sha256, 96 sha384, 128 sha512) among the allowed ones, and it is
computed over ``call + raw query string without the checksum parameter + secret`` — the raw string
as it arrived, so an encoding that differs from what was signed fails exactly as on a real server.
Meetings live in memory. Answers are BBB's XML, with the message keys ``checksumError``,
``idNotUnique``, ``notFound``, ``duplicateWarning``, ``meetingForciblyEnded``. The waiting room is
modelled: with ``guestPolicy=ASK_MODERATOR`` a ``guest=true`` join stays pending until a moderator has
joined and admits the guest.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

API_PREFIX = "/bigbluebutton/api/"
BY_LENGTH = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}


@dataclass
class Join:
    full_name: str
    user_id: str
    role: str
    guest: bool
    status: str  # "ALLOW" or "WAIT" (in the waiting room)
    create_time: str


@dataclass
class FakeMeeting:
    meeting_id: str
    name: str
    attendee_pw: str
    moderator_pw: str
    create_time: str
    params: dict[str, str]
    joins: list[Join] = field(default_factory=list)
    ended_at: float | None = None

    @property
    def running(self) -> bool:
        return self.ended_at is None and any(j.status == "ALLOW" for j in self.joins)


@dataclass
class Seen:
    call: str
    raw_query: str
    accepted: bool
    message_key: str = ""
    algorithm: str = ""


def strip_checksum(raw: str, checksum: str) -> str:
    """What BBB signs: the query string as received, without the checksum parameter."""
    return (
        raw.replace("&checksum=" + checksum, "")
        .replace("checksum=" + checksum + "&", "")
        .replace("checksum=" + checksum, "")
    )


class FakeBBB:
    def __init__(self, secret: str, *, algorithms: tuple[str, ...] = ("sha1", "sha256", "sha384", "sha512")) -> None:
        self.secret = secret
        self.algorithms = algorithms
        self.meetings: dict[str, FakeMeeting] = {}
        self.seen: list[Seen] = []
        self.mode = "normal"  # "normal", "hang", "http500", "garbage", "doctype", "failed"
        self.hang_seconds = 8.0
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeBBB:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.handle(self)

            def do_POST(self) -> None:
                owner.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/bigbluebutton/api"

    # --- what tests look at ------------------------------------------------------------------

    def calls(self, name: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.call == name]

    def admit(self, meeting_id: str, user_id: str) -> None:
        """The moderator lets a guest in from the waiting room."""
        with self.lock:
            meeting = self.meetings[meeting_id]
            if not any(j.role == "MODERATOR" and j.status == "ALLOW" for j in meeting.joins):
                raise RuntimeError("only a moderator in the meeting can admit guests")
            for join in meeting.joins:
                if join.user_id == user_id and join.status == "WAIT":
                    join.status = "ALLOW"

    def end_meeting(self, meeting_id: str) -> None:
        """The moderator ends the meeting in the client (as BBB does when the last moderator leaves)."""
        with self.lock:
            self.meetings[meeting_id].ended_at = time.time()

    # --- HTTP --------------------------------------------------------------------------------

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        if not parts.path.startswith(API_PREFIX):
            self._send(request, 404, b"not found", "text/plain")
            return
        call = parts.path[len(API_PREFIX) :]
        raw = parts.query
        if self.mode == "hang":
            time.sleep(self.hang_seconds)
        if self.mode == "http500":
            self._send(request, 500, b"<html>Internal Server Error</html>", "text/html")
            return
        if self.mode == "garbage":
            self._send(request, 200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            return
        if self.mode == "doctype":
            body = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><response><returncode>SUCCESS</returncode></response>'
            self._send(request, 200, body, "text/xml")
            return
        status, xml = self.answer(call, raw)
        self._send(request, status, xml.encode("utf-8"), "text/xml;charset=utf-8")

    def _send(self, request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            request.wfile.write(body)

    # --- the API -----------------------------------------------------------------------------

    def verify(self, call: str, raw: str) -> tuple[bool, str]:
        params = dict(parse_qsl(raw, keep_blank_values=True))
        checksum = params.get("checksum", "")
        algorithm = BY_LENGTH.get(len(checksum), "")
        if not algorithm or algorithm not in self.algorithms:
            return False, algorithm
        expected = hashlib.new(
            algorithm, (call + strip_checksum(raw, checksum) + self.secret).encode("utf-8")
        ).hexdigest()
        return expected == checksum, algorithm

    def answer(self, call: str, raw: str) -> tuple[int, str]:
        ok, algorithm = self.verify(call, raw)
        if not ok:
            self.seen.append(Seen(call, raw, False, "checksumError", algorithm))
            return 200, failed("checksumError", "You did not pass the checksum security check")
        if self.mode == "failed":
            self.seen.append(Seen(call, raw, False, "internalError", algorithm))
            return 200, failed("internalError", "Something went wrong")
        params = dict(parse_qsl(raw, keep_blank_values=True))
        handler = getattr(self, f"api_{call}", None)
        if handler is None:
            self.seen.append(Seen(call, raw, False, "unsupportedRequest", algorithm))
            return 200, failed("unsupportedRequest", "This request is not supported.")
        with self.lock:
            xml = handler(params)
        key = _key(xml)
        self.seen.append(Seen(call, raw, "<returncode>SUCCESS</returncode>" in xml, key, algorithm))
        return 200, xml

    def api_getMeetings(self, params: dict[str, str]) -> str:
        meetings = "".join(
            f"<meeting><meetingID>{escape(m.meeting_id)}</meetingID><running>{_b(m.running)}</running></meeting>"
            for m in self.meetings.values()
            if m.ended_at is None
        )
        return success(f"<meetings>{meetings}</meetings>")

    def api_create(self, params: dict[str, str]) -> str:
        meeting_id = params.get("meetingID", "")
        name = params.get("name", "")
        if not (2 <= len(meeting_id) <= 256) or "," in meeting_id:
            return failed("invalidMeetingIdentifier", "Meeting id must be between 2 and 256 characters")
        if not (2 <= len(name) <= 64):
            return failed("invalidMeetingName", "Meeting name must be between 2 and 64 characters")
        existing = self.meetings.get(meeting_id)
        if existing is not None and existing.ended_at is not None:
            return failed("meetingForciblyEnded", "This meeting was ended forcibly; wait before creating it again")
        if existing is not None:
            if existing.attendee_pw != params.get("attendeePW") or existing.moderator_pw != params.get("moderatorPW"):
                return failed("idNotUnique", "A meeting already exists with that meeting ID.")
            return success(_created(existing), "duplicateWarning", "This conference was already in existence")
        meeting = FakeMeeting(
            meeting_id=meeting_id,
            name=name,
            attendee_pw=params.get("attendeePW", "ap"),
            moderator_pw=params.get("moderatorPW", "mp"),
            create_time=str(int(time.time() * 1000)),
            params=params,
        )
        self.meetings[meeting_id] = meeting
        return success(_created(meeting))

    def api_join(self, params: dict[str, str]) -> str:
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or meeting.ended_at is not None:
            return failed("notFound", "We could not find a meeting with that meeting ID")
        if params.get("createTime") and params["createTime"] != meeting.create_time:
            return failed("mismatchCreateTimeParam", "The createTime parameter submitted mismatches")
        if not params.get("fullName"):
            return failed("missingParamFullName", "You must specify a name for the attendee")
        role = params.get("role", "").upper()
        password = params.get("password")
        if role not in ("MODERATOR", "VIEWER"):
            if password == meeting.moderator_pw:
                role = "MODERATOR"
            elif password == meeting.attendee_pw:
                role = "VIEWER"
            else:
                return failed("invalidPassword", "You either did not supply a password or the password is wrong")
        guest = params.get("guest") == "true"
        waiting = guest and meeting.params.get("guestPolicy") == "ASK_MODERATOR"
        join = Join(
            full_name=params["fullName"],
            user_id=params.get("userID", ""),
            role=role,
            guest=guest,
            status="WAIT" if waiting else "ALLOW",
            create_time=params.get("createTime", ""),
        )
        meeting.joins.append(join)
        return success(
            f"<meetingID>{escape(meeting.meeting_id)}</meetingID><userID>{escape(join.user_id)}</userID>"
            f"<guestStatus>{join.status}</guestStatus>",
            "successfullyJoined",
            "You have joined successfully.",
        )

    def api_end(self, params: dict[str, str]) -> str:
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or meeting.ended_at is not None:
            return failed("notFound", "We could not find a meeting with that meeting ID")
        if "password" in params and params["password"] != meeting.moderator_pw:
            return failed("invalidPassword", "You must supply the moderator password for this call.")
        meeting.ended_at = time.time()
        return success("", "sentEndMeetingRequest", "A request to end the meeting was sent.")

    def api_isMeetingRunning(self, params: dict[str, str]) -> str:
        meeting = self.meetings.get(params.get("meetingID", ""))
        return success(f"<running>{_b(meeting is not None and meeting.running)}</running>")

    def api_getMeetingInfo(self, params: dict[str, str]) -> str:
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or meeting.ended_at is not None:
            return failed("notFound", "We could not find a meeting with that meeting ID")
        inside = [j for j in meeting.joins if j.status == "ALLOW"]
        attendees = "".join(
            f"<attendee><userID>{escape(j.user_id)}</userID><fullName>{escape(j.full_name)}</fullName>"
            f"<role>{j.role}</role><isGuest>{_b(j.guest)}</isGuest></attendee>"
            for j in inside
        )
        return success(
            f"<meetingName>{escape(meeting.name)}</meetingName><meetingID>{escape(meeting.meeting_id)}</meetingID>"
            f"<createTime>{meeting.create_time}</createTime><running>{_b(meeting.running)}</running>"
            f"<participantCount>{len(inside)}</participantCount>"
            f"<moderatorCount>{sum(j.role == 'MODERATOR' for j in inside)}</moderatorCount>"
            f"<attendees>{attendees}</attendees>"
        )


def _b(value: bool) -> str:
    return "true" if value else "false"


def _created(meeting: FakeMeeting) -> str:
    return (
        f"<meetingID>{escape(meeting.meeting_id)}</meetingID><createTime>{meeting.create_time}</createTime>"
        f"<attendeePW>{escape(meeting.attendee_pw)}</attendeePW><moderatorPW>{escape(meeting.moderator_pw)}</moderatorPW>"
        "<hasBeenForciblyEnded>false</hasBeenForciblyEnded>"
    )


def success(inner: str, key: str = "", message: str = "") -> str:
    extra = f"<messageKey>{key}</messageKey><message>{escape(message)}</message>" if key else ""
    return f"<response><returncode>SUCCESS</returncode>{inner}{extra}</response>"


def failed(key: str, message: str) -> str:
    return f"<response><returncode>FAILED</returncode><messageKey>{key}</messageKey><message>{escape(message)}</message></response>"


def _key(xml: str) -> str:
    start = xml.find("<messageKey>")
    return xml[start + 12 : xml.find("</messageKey>")] if start >= 0 else ""

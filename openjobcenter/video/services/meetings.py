"""Video appointments: who may join, when the room is open, the meeting created just in time, the end.

The meeting is created on the video server at the first join, not at booking: BBB drops a meeting
nobody joined within minutes. Its ID is random and stored per appointment; while it is open every
join reuses it (BBB answers a repeated ``create`` with ``duplicateWarning`` when the passwords are
the same, so we always send the stored ones); once it ended, the next join gets a fresh ID.

The end callback (``meta_endCallbackUrl``) is not signed by BBB: its path carries a token, an HMAC
of the random meeting ID under the secret key (not stored, the same for every re-``create``), and the end is confirmed with ``isMeetingRunning`` before anything is
recorded. Then the appointment is marked attended through the appointments service — if both the
advisor and the client opened the room; staff can correct it like any outcome.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from openjobcenter.appointments.models import Booking, BookingStatus, Channel
from openjobcenter.appointments.services import booking as booking_service
from openjobcenter.audit.services import log_change
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.notifications.services import notify
from openjobcenter.video.models import Meeting, MeetingStatus, VideoSettings
from openjobcenter.video.services.config import provider_of, settings_for
from openjobcenter.video.services.providers import (
    IdNotUnique,
    MeetingEnded,
    MeetingSpec,
    NotFound,
    Participant,
    ProviderError,
    VideoProvider,
)

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User

FAILURE_NOTICE_SECONDS = 600  # the advisor hears of repeated failures of one appointment once per 10 minutes
FAILED_TEMPLATE = "video_join_failed"
_CALLBACK_SALT = "openjobcenter.video.end-callback"


class NotJoinable(Exception):
    """The room is not open (yet, or any more), or the appointment was cancelled."""

    def __init__(self, reason: str, *, opens_at: dt.datetime | None = None, closes_at: dt.datetime | None = None):
        super().__init__(reason)
        self.reason = reason  # "too_early", "over", "cancelled"
        self.opens_at = opens_at
        self.closes_at = closes_at


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime
    closes_at: dt.datetime

    def state(self, now: dt.datetime) -> str:
        if now < self.opens_at:
            return "too_early"
        if now > self.closes_at:
            return "over"
        return "open"


def window(booking: Booking, video: VideoSettings | None = None) -> Window:
    video = video or settings_for(booking.jobcenter)
    return Window(
        opens_at=booking.start - dt.timedelta(minutes=video.opens_minutes_before),
        closes_at=booking.end + dt.timedelta(minutes=video.grace_minutes),
    )


def callback_token(meeting_id: str) -> str:
    return salted_hmac(_CALLBACK_SALT, meeting_id, algorithm="sha256").hexdigest()


def _new_meeting(booking: Booking, provider: str) -> Meeting:
    return Meeting.all_tenants.create(
        jobcenter_id=booking.jobcenter_id,
        booking=booking,
        provider=provider,
        meeting_id=f"ojc-{secrets.token_urlsafe(24)}",
        attendee_pw=secrets.token_urlsafe(18),
        moderator_pw=secrets.token_urlsafe(18),
    )


def _open_meeting(booking: Booking, provider: str) -> tuple[Meeting, bool]:
    """The appointment's open meeting, or a new one (and whether it is new)."""
    for _attempt in range(2):
        existing = (
            Meeting.objects.for_tenant(booking.jobcenter_id).filter(booking=booking, status=MeetingStatus.OPEN).first()
        )
        if existing is not None and existing.provider == provider:
            return existing, False
        try:
            with transaction.atomic():
                if existing is not None:  # the Jobcenter switched provider: that meeting is over for us
                    _close(existing)
                return _new_meeting(booking, provider), True
        except IntegrityError:
            continue  # someone else opened it a moment ago: use theirs
    raise ProviderError("could not open a meeting", key="race")


def _close(meeting: Meeting, *, now: dt.datetime | None = None) -> None:
    Meeting.objects.for_tenant(meeting.jobcenter_id).filter(pk=meeting.pk, status=MeetingStatus.OPEN).update(
        status=MeetingStatus.ENDED, ended_at=now or timezone.now()
    )
    meeting.status = MeetingStatus.ENDED


def _callback_url(meeting: Meeting, request: HttpRequest | None) -> str:
    path = reverse(
        "video:ended",
        kwargs={
            "jobcenter": meeting.booking.jobcenter.slug,
            "meeting": meeting.pk,
            "token": callback_token(meeting.meeting_id),
        },
    )
    url = absolute_url(path)
    if url == path and request is not None:
        url = request.build_absolute_uri(path)
    return url


def _spec(meeting: Meeting, *, callback_url: str = "", logout_url: str = "") -> MeetingSpec:
    booking = meeting.booking
    # The name is what the server shows and logs: the concern, not the citizen's name.
    name = f"{booking.jobcenter.name}: {booking.concern.display_name()}"
    return MeetingSpec(
        meeting_id=meeting.meeting_id,
        name=name,
        attendee_pw=meeting.attendee_pw,
        moderator_pw=meeting.moderator_pw,
        logout_url=logout_url,
        end_callback_url=callback_url,
        duration_minutes=0,
    )


def _logout_url(booking: Booking, request: HttpRequest | None) -> str:
    path = reverse("video:left", kwargs={"jobcenter": booking.jobcenter.slug})
    url = absolute_url(path)
    return request.build_absolute_uri(path) if url == path and request is not None else url


def _ensure_on_server(
    provider: VideoProvider, booking: Booking, request: HttpRequest | None, *, actor: User | None
) -> Meeting:
    """Create (or re-create, same ID and passwords) the meeting on the server, just in time."""
    for _attempt in range(2):
        meeting, new = _open_meeting(booking, provider.name)
        meeting.booking = booking
        # The same parameters every time: a repeated create is then a harmless duplicateWarning, and a
        # meeting the server dropped (nobody joined in time) comes back with the same callback.
        spec = _spec(meeting, callback_url=_callback_url(meeting, request), logout_url=_logout_url(booking, request))
        try:
            created = provider.create(spec)
        except (MeetingEnded, IdNotUnique):
            _close(meeting)  # ended on the server a moment ago: the next attempt gets a fresh ID
            continue
        if new or (created.create_time and created.create_time != meeting.create_time):
            with transaction.atomic():
                Meeting.objects.for_tenant(meeting.jobcenter_id).filter(pk=meeting.pk).update(
                    create_time=created.create_time[:20], server_created_at=timezone.now()
                )
                meeting.create_time = created.create_time[:20]
                if new:
                    log_change(
                        actor=actor,
                        jobcenter=booking.jobcenter,
                        action="video.meeting_created",
                        target=booking,
                        subject=booking.client,
                        details={"code": booking.code, "provider": provider.name},
                        request=request,
                    )
        return meeting
    raise ProviderError("the meeting ended and could not be opened again", key="meetingForciblyEnded")


def join_url(
    booking: Booking,
    *,
    as_host: bool,
    user: User | None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The provider's address that lets this person into the appointment's meeting.

    Raises ``NotJoinable`` outside the window and ``ProviderError`` when the server fails.
    """
    now = now or timezone.now()
    if booking.channel != Channel.VIDEO:
        raise NotJoinable("not_video")
    if booking.status == BookingStatus.CANCELLED:
        raise NotJoinable("cancelled")
    video = settings_for(booking.jobcenter)
    span = window(booking, video)
    state = span.state(now)
    if state != "open":
        raise NotJoinable(state, opens_at=span.opens_at, closes_at=span.closes_at)
    provider = provider_of(video)
    meeting = _ensure_on_server(provider, booking, request, actor=user)
    participant = _participant(booking, as_host=as_host, user=user)
    url = provider.join_url(_spec(meeting), participant, create_time=meeting.create_time)
    with transaction.atomic():
        field = "host_joined_at" if as_host else "client_joined_at"
        Meeting.objects.for_tenant(meeting.jobcenter_id).filter(pk=meeting.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        log_change(
            actor=user,
            jobcenter=booking.jobcenter,
            action="video.joined",
            target=booking,
            subject=booking.client,
            details={"code": booking.code, "role": "host" if as_host else "client"},
            request=request,
        )
    return url


def _participant(booking: Booking, *, as_host: bool, user: User | None) -> Participant:
    if as_host and user is not None:
        return Participant(
            full_name=user.get_full_name() or user.email, user_id=f"staff-{user.pk}", moderator=True, email=user.email
        )
    return Participant(full_name=booking.name, user_id=f"client-{booking.pk}", moderator=False)


def report_failure(
    booking: Booking, error: ProviderError, *, as_host: bool, user: User | None, request: HttpRequest | None = None
) -> None:
    """Record a failed join; when the client could not get in, tell the advisor (once per 10 minutes)."""
    with transaction.atomic():
        log_change(
            actor=user,
            jobcenter=booking.jobcenter,
            action="video.join_failed",
            target=booking,
            subject=booking.client,
            details={"code": booking.code, "reason": error.key, "role": "host" if as_host else "client"},
            request=request,
        )
        if as_host or not cache.add(f"video-failure-notice:{booking.pk}", 1, FAILURE_NOTICE_SECONDS):
            return
        link = reverse("appointments:staff_booking", kwargs={"jobcenter": booking.jobcenter.slug, "code": booking.code})
        notify(
            booking.staff,
            FAILED_TEMPLATE,
            {"booking": booking, "reason": error.key},
            jobcenter=booking.jobcenter,
            link=link,
        )


# --- The end of a meeting ------------------------------------------------------------------------


class BadCallback(Exception):
    """Unknown meeting or wrong token: answered like any unknown address (404)."""


def meeting_for_callback(jobcenter_id: int, meeting_pk: int, token: str) -> Meeting:
    meeting = (
        Meeting.objects.for_tenant(jobcenter_id)
        .select_related("booking", "booking__jobcenter", "booking__concern")
        .filter(pk=meeting_pk)
        .first()
    )
    # Compare even without a meeting, so timing does not tell which part was wrong.
    expected = callback_token(meeting.meeting_id if meeting is not None else "-")
    if not constant_time_compare(expected, token) or meeting is None:
        raise BadCallback
    return meeting


def _server_state(provider: VideoProvider, meeting_id: str) -> str:
    """ "ended" only when the server confirms it: not running, and unknown to it or marked as ended.
    A meeting that was created but nobody joined yet is also "not running" — that is not an end."""
    if provider.is_running(meeting_id):
        return "running"
    try:
        info = provider.info(meeting_id)
    except NotFound:
        return "ended"
    if info.running:
        return "running"
    return "ended" if info.ended else "not_started"


def meeting_ended(meeting: Meeting, *, request: HttpRequest | None = None, now: dt.datetime | None = None) -> str:
    """Handle the end callback of ``meeting``; what happened, as a short word for the log.

    "already" (a replay: nothing changes), "running" or "not_started" (the server says it is not
    over: ignored),
    "unconfirmed" (the server could not be asked: nothing recorded), "ended" (recorded).
    """
    now = now or timezone.now()
    if meeting.status == MeetingStatus.ENDED:
        return "already"
    try:
        state = _server_state(provider_of(settings_for(meeting.booking.jobcenter)), meeting.meeting_id)
    except ProviderError:
        return "unconfirmed"
    if state != "ended":
        return state
    with transaction.atomic():
        locked = Meeting.objects.for_tenant(meeting.jobcenter_id).select_for_update().get(pk=meeting.pk)
        if locked.status == MeetingStatus.ENDED:
            return "already"
        locked.status = MeetingStatus.ENDED
        locked.ended_at = now
        locked.save(update_fields=["status", "ended_at"])
        log_change(
            actor=None,
            jobcenter=meeting.booking.jobcenter,
            action="video.meeting_ended",
            target=meeting.booking,
            subject=meeting.booking.client,
            details={"code": meeting.booking.code},
            request=request,
        )
        if locked.host_joined_at and locked.client_joined_at and meeting.booking.status == BookingStatus.BOOKED:
            # A meeting that ended before the appointment's start is not recorded: staff decide.
            with contextlib.suppress(booking_service.BookingError):
                booking_service.record_outcome(meeting.booking, BookingStatus.ATTENDED, actor=None, now=now)
    return "ended"

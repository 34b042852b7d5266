"""Ad-hoc video calls from the case file: the advisor starts a call now and invites by secure message.

Rules:
- Only staff of the case's responsible team who may host meetings start a call (need to know: a
  colleague of another team does not ring a citizen from a case they opened by breaking the glass).
- The call is for one member of the household; the invitation goes into that person's secure
  messages (Postfach) with the join link, and the e-mail notice of the Postfach says only that a
  message is waiting. The link works for that person, signed in, until ``expires_at``.
- The meeting is created on the video server at the first join with the same privacy settings as
  appointments (no recording, the citizen waits until the advisor lets them in). The end callback
  carries an HMAC token like appointments' and is confirmed against the server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from openjobcenter.appointments.services.codes import new_code
from openjobcenter.audit.services import log_change
from openjobcenter.casefile.models import Case, Membership
from openjobcenter.casefile.services.access import Access, staff_access
from openjobcenter.messaging.models import Topic
from openjobcenter.messaging.services import threads
from openjobcenter.notifications.rendering import absolute_url
from openjobcenter.video.models import AdHocCall, MeetingStatus
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

HOST_PERMISSION = "video.host_meeting"
VALID_MINUTES = 60
_CALLBACK_SALT = "openjobcenter.video.adhoc-end-callback"


class CannotStart(Exception):
    """The call cannot be started; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CallClosed(Exception):
    """The link is no longer valid: the call ended or expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "ended" or "expired"


def may_start(user: User, case: Case) -> bool:
    return user.has_perm(HOST_PERMISSION) and staff_access(user, case) == Access.TEAM


def household(case: Case) -> list[User]:
    return [m.person for m in Membership.objects.filter(case=case).select_related("person").order_by("pk")]


def start_call(
    case: Case, *, host: User, client: User, note: str = "", request: HttpRequest | None = None
) -> AdHocCall:
    """Create the call and invite ``client`` by secure message. Raises ``CannotStart``."""
    if not may_start(host, case):
        raise CannotStart(_("Nur das zuständige Team kann aus dieser Akte ein Videogespräch starten."))
    if not Membership.objects.filter(case=case, person=client).exists():
        raise CannotStart(_("Die Person gehört nicht zu dieser Bedarfsgemeinschaft."))
    video = settings_for(case.jobcenter)
    try:
        provider = provider_of(video)
    except ProviderError:
        raise CannotStart(
            _(
                "Für dieses Jobcenter ist noch kein Videoserver eingerichtet. Bitte wenden Sie sich an die Administration."
            )
        ) from None
    now = timezone.now()
    with transaction.atomic():
        call = AdHocCall.objects.create_for_tenant(
            case.jobcenter,
            case=case,
            client=client,
            host=host,
            code=new_code(),
            provider=provider.name,
            meeting_id=f"ojc-{secrets.token_urlsafe(24)}",
            attendee_pw=secrets.token_urlsafe(18),
            moderator_pw=secrets.token_urlsafe(18),
            expires_at=now + dt.timedelta(minutes=VALID_MINUTES),
        )
        log_change(
            actor=host,
            jobcenter=case.jobcenter,
            action="video.adhoc_started",
            target=call,
            subject=client,
            details={"case": case.customer_number, "code": call.code},
            request=request,
        )
        _invite(call, note=note, request=request)
    return call


def join_path(call: AdHocCall) -> str:
    return reverse("video:adhoc_join", kwargs={"jobcenter": call.jobcenter.slug, "code": call.code})


def _invite(call: AdHocCall, *, note: str, request: HttpRequest | None) -> None:
    """Send the invitation into the citizen's secure messages, in the citizen's language."""

    link = absolute_url(join_path(call))
    if link.startswith("/") and request is not None:
        link = request.build_absolute_uri(link)
    with override(call.client.language or "de"):
        until = timezone.localtime(call.expires_at)
        body = _(
            "Ihre Beraterin oder Ihr Berater möchte jetzt mit Ihnen per Video sprechen. "
            "Öffnen Sie dazu diesen Link (er gilt bis %(time)s Uhr):\n%(link)s\n\n"
            "Sie brauchen nur einen Browser, nichts zu installieren. Das Gespräch wird nicht aufgezeichnet."
        ) % {"time": until.strftime("%H:%M"), "link": link}
        if note.strip():
            body = f"{note.strip()[:1000]}\n\n{body}"
        subject = _("Einladung zum Videogespräch")
    threads.start_thread(
        actor=call.host,
        case=call.case,
        citizen=call.client,
        topic=Topic.APPOINTMENT,
        subject=subject,
        body=body,
        request=request,
    )


def authorise(call: AdHocCall, user: User) -> bool | None:
    """``True`` for the host, ``False`` for the invited citizen, ``None`` for everybody else."""
    if not user.is_authenticated or user.jobcenter_id != call.jobcenter_id:
        return None
    if user.pk == call.host_id and user.has_perm(HOST_PERMISSION):
        return True
    if user.pk == call.client_id and not user.is_jobcenter_staff:
        return False
    return None


def callback_token(meeting_id: str) -> str:
    return salted_hmac(_CALLBACK_SALT, meeting_id, algorithm="sha256").hexdigest()


def _spec(call: AdHocCall, request: HttpRequest | None) -> MeetingSpec:
    def absolute(path: str) -> str:
        url = absolute_url(path)
        return request.build_absolute_uri(path) if url == path and request is not None else url

    slug = call.jobcenter.slug
    callback = reverse(
        "video:adhoc_ended", kwargs={"jobcenter": slug, "call": call.pk, "token": callback_token(call.meeting_id)}
    )
    return MeetingSpec(
        meeting_id=call.meeting_id,
        # What the server shows and logs: never the citizen's name.
        name=f"{call.jobcenter.name}: {_('Videoberatung')}",
        attendee_pw=call.attendee_pw,
        moderator_pw=call.moderator_pw,
        logout_url=absolute(reverse("video:left", kwargs={"jobcenter": slug})),
        end_callback_url=absolute(callback),
        duration_minutes=0,
    )


def join_url(call: AdHocCall, *, as_host: bool, user: User, request: HttpRequest | None = None) -> str:
    """The provider's address for this person; raises ``CallClosed`` or ``ProviderError``."""
    now = timezone.now()
    if call.status == MeetingStatus.ENDED:
        raise CallClosed("ended")
    if now > call.expires_at and not (as_host and call.host_joined_at):
        raise CallClosed("expired")
    provider = provider_of(settings_for(call.jobcenter))
    spec = _spec(call, request)
    try:
        created = provider.create(spec)  # the same parameters every time: a repeat is harmless
    except (MeetingEnded, IdNotUnique):
        _close(call, now=now)
        raise CallClosed("ended") from None
    if created.create_time and created.create_time != call.create_time:
        AdHocCall.objects.for_tenant(call.jobcenter_id).filter(pk=call.pk).update(create_time=created.create_time[:20])
        call.create_time = created.create_time[:20]
    if as_host:
        participant = Participant(
            full_name=user.get_full_name() or user.email, user_id=f"staff-{user.pk}", moderator=True, email=user.email
        )
    else:
        participant = Participant(
            full_name=call.client.get_full_name() or _("Kundin/Kunde"),
            user_id=f"client-{call.client_id}",
            moderator=False,
        )
    url = provider.join_url(spec, participant, create_time=call.create_time)
    field = "host_joined_at" if as_host else "client_joined_at"
    with transaction.atomic():
        AdHocCall.objects.for_tenant(call.jobcenter_id).filter(pk=call.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        log_change(
            actor=user,
            jobcenter=call.jobcenter,
            action="video.adhoc_joined",
            target=call,
            subject=call.client,
            details={"code": call.code, "role": "host" if as_host else "client"},
            request=request,
        )
    return url


def _close(call: AdHocCall, *, now: dt.datetime) -> None:
    AdHocCall.objects.for_tenant(call.jobcenter_id).filter(pk=call.pk, status=MeetingStatus.OPEN).update(
        status=MeetingStatus.ENDED, ended_at=now
    )
    call.status = MeetingStatus.ENDED


def end_call(call: AdHocCall, *, user: User, request: HttpRequest | None = None) -> None:
    """The host ends the call: on the server (if it runs) and here; the link stops working."""
    now = timezone.now()
    try:
        provider: VideoProvider | None = provider_of(settings_for(call.jobcenter))
    except ProviderError:
        provider = None
    if provider is not None and call.create_time:
        with contextlib.suppress(ProviderError):  # not running (any more): ending it here is what counts
            provider.end(call.meeting_id, call.moderator_pw)
    with transaction.atomic():
        _close(call, now=now)
        log_change(
            actor=user,
            jobcenter=call.jobcenter,
            action="video.adhoc_ended",
            target=call,
            subject=call.client,
            details={"code": call.code, "by": "host"},
            request=request,
        )


def call_for_callback(jobcenter_id: int, call_pk: int, token: str) -> AdHocCall | None:
    call = AdHocCall.objects.for_tenant(jobcenter_id).select_related("jobcenter").filter(pk=call_pk).first()
    expected = callback_token(call.meeting_id if call is not None else "-")
    if not constant_time_compare(expected, token) or call is None:
        return None
    return call


def server_ended(call: AdHocCall, *, request: HttpRequest | None = None) -> str:
    """The end callback: recorded only when the server confirms the meeting is over."""
    if call.status == MeetingStatus.ENDED:
        return "already"
    try:
        provider = provider_of(settings_for(call.jobcenter))
        if provider.is_running(call.meeting_id):
            return "running"
        try:
            info = provider.info(call.meeting_id)
        except NotFound:
            info = None
    except ProviderError:
        return "unconfirmed"
    if info is not None and (info.running or not info.ended):
        return "running" if info.running else "not_started"
    with transaction.atomic():
        _close(call, now=timezone.now())
        log_change(
            actor=None,
            jobcenter=call.jobcenter,
            action="video.adhoc_ended",
            target=call,
            subject=call.client,
            details={"code": call.code, "by": "server"},
            request=request,
        )
    return "ended"

"""Demo data for video consultation: a BBB configuration for Jobcenter "demo" and a video appointment
of Aylin (kundin@demo.example) with her advisor Bernd that starts within the next quarter of an hour,
so its room is open right after ``load_demo``.

Without ``BBB_API_URL`` the demo points at 127.0.0.1:9, where nothing listens: pressing "Zum
Videogespräch" then shows the failure page with the Jobcenter's phone number and notifies Bernd.
With ``BBB_API_URL`` and ``BBB_SECRET`` set, the demo uses that server.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.appointments import demo as appointments_demo
from openjobcenter.appointments.models import Booking, Channel, Concern, Slot
from openjobcenter.appointments.services.booking import BookingRequest, book
from openjobcenter.core.models import Jobcenter, Location
from openjobcenter.video.models import VideoSettings

NOWHERE = "http://127.0.0.1:9/bigbluebutton/api"  # the discard port: connection refused
DEMO_SECRET = "demo-secret-not-for-production-0000"
REQUEST_KEY = "demo-aylin-video-today"


@transaction.atomic
def load_demo_video() -> dict[str, int]:
    jobcenter = Jobcenter.objects.filter(slug="demo").first()
    if jobcenter is None:
        return {"video_settings": 0, "video_bookings": 0}
    _video, created = VideoSettings.all_tenants.get_or_create(
        jobcenter=jobcenter,
        defaults={
            "bbb_url": "" if settings.BBB_API_URL else NOWHERE,
            "bbb_secret": "" if settings.BBB_SECRET else DEMO_SECRET,
        },
    )
    return {"video_settings": int(created), "video_bookings": _todays_call(jobcenter)}


def _start(advisor: User, now: dt.datetime) -> dt.datetime:
    """The next quarter hour (at most 15 minutes away, the room is open), avoiding Bernd's own slots."""
    start = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - now.minute % 15)
    taken = set(
        Slot.all_tenants.filter(
            staff=advisor, start__gte=start, start__lt=start + dt.timedelta(minutes=15)
        ).values_list("start", flat=True)
    )
    return next(start + dt.timedelta(minutes=m) for m in range(15) if start + dt.timedelta(minutes=m) not in taken)


def _todays_call(jobcenter: Jobcenter) -> int:
    if Booking.objects.for_tenant(jobcenter).filter(request_key=REQUEST_KEY).exists():
        return 0
    advisor = User.objects.filter(email=appointments_demo.BERND, jobcenter=jobcenter).first()
    client = User.objects.filter(email=appointments_demo.AYLIN, jobcenter=jobcenter).first()
    location = Location.objects.for_tenant(jobcenter).filter(name=appointments_demo.MAIN).first()
    concern = Concern.objects.for_tenant(jobcenter).filter(name__de=appointments_demo.JOB_SEARCH.key).first()
    if advisor is None or client is None or location is None or concern is None:
        return 0
    start = _start(advisor, timezone.now())
    # A slot of its own, outside Bernd's usual hours (the slot horizon keeps it, blocked, for the booking).
    slot = Slot.all_tenants.create(
        jobcenter=jobcenter,
        location=location,
        staff=advisor,
        start=start,
        end=start + dt.timedelta(minutes=concern.duration_minutes),
        minutes=concern.duration_minutes,
        video=True,
    )
    request = BookingRequest(
        slot_id=slot.pk,
        concern=concern,
        channel=Channel.VIDEO,
        name=client.get_full_name(),
        email=client.email,
        language=client.language,
        client=client,
        booked_by=advisor,
        request_key=REQUEST_KEY,
    )
    _booking, created = book(jobcenter, request)
    return int(created)

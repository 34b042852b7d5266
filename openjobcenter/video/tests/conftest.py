"""Video fixtures: a BigBlueButton-compatible server on a free port, the demo Jobcenter pointed at
it, and video appointments of Aylin with her advisor Bernd that are about to start."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Booking, Concern, Slot
from openjobcenter.appointments.services import codes
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.tests.bbb_server import FakeBBB

SECRET = "8cd8ef52e8e101574e400365b55e11a6"


@pytest.fixture
def bbb() -> Iterator[FakeBBB]:
    server = FakeBBB(SECRET).start()
    yield server
    server.stop()


@pytest.fixture
def video_settings(demo, bbb) -> VideoSettings:
    return VideoSettings.all_tenants.create(
        jobcenter=demo, provider="bbb", bbb_url=bbb.api_url, bbb_secret=SECRET, bbb_checksum_algorithm="sha256"
    )


@pytest.fixture
def video_concern(demo, demo_team) -> Concern:
    concern = Concern.all_tenants.create(
        jobcenter=demo,
        name={"de": "Beratung zur Arbeitsuche", "ar": "استشارة البحث عن عمل"},
        duration_minutes=30,
        channels=["in_person", "video"],
    )
    concern.teams.add(demo_team)
    return concern


@pytest.fixture
def make_video_booking(demo, bernd, demo_location, video_concern) -> Callable[..., Booking]:
    """A booking straight in the database (the booking rules are tested in appointments)."""
    offsets = itertools.count()

    def make(
        *,
        starts_in: dt.timedelta = dt.timedelta(minutes=5),
        client=None,
        name: str = "Aylin Kaya",
        email: str = "aylin@example.org",
        channel: str = "video",
        staff=None,
        jobcenter=None,
        location=None,
        concern=None,
    ) -> Booking:
        jobcenter = jobcenter or demo
        staff = staff or bernd
        # One minute apart, so several bookings never share a slot.
        start = (timezone.now() + starts_in + dt.timedelta(minutes=next(offsets))).replace(microsecond=0)
        slot = Slot.all_tenants.create(
            jobcenter=jobcenter, location=location or demo_location, staff=staff, start=start,
            end=start + dt.timedelta(minutes=30), minutes=30, video=True, in_person=True, booked=1,
        )  # fmt: skip
        return Booking.all_tenants.create(
            jobcenter=jobcenter, code=codes.new_code(), slot=slot, concern=concern or video_concern, channel=channel,
            location=location or demo_location, staff=staff, start=start, end=start + dt.timedelta(minutes=30),
            client=client, name=name, email=email, language="de",
        )  # fmt: skip

    return make


@pytest.fixture
def aylins_call(make_video_booking, aylin) -> Booking:
    """Aylin's video appointment with Bernd, starting in five minutes: the room is open."""
    return make_video_booking(client=aylin)


def join_path(booking: Booking) -> str:
    return f"/{booking.jobcenter.slug}/video/{booking.code}/join"

"""The demo: Aylin has a video appointment with Bernd whose room is open, and without a real video
server the join shows the phone alternative."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.accounts.models import User
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking
from openjobcenter.core.demo import load_demo
from openjobcenter.video.demo import NOWHERE, REQUEST_KEY
from openjobcenter.video.models import VideoSettings

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_video_call_for_aylin_with_bernd(client, settings):
    settings.BBB_API_URL = settings.BBB_SECRET = ""
    load_demo()
    assert load_demo()["video_bookings"] == 0  # loading again changes nothing
    demo = VideoSettings.all_tenants.get(jobcenter__slug="demo")
    assert demo.bbb_url == NOWHERE
    booking = Booking.all_tenants.get(request_key=REQUEST_KEY)
    assert booking.channel == "video" and booking.client is not None and booking.client.email == "kundin@demo.example"
    assert booking.staff.email == "beratung@demo.example"
    assert dt.timedelta(0) < booking.start - timezone.now() <= dt.timedelta(minutes=30)
    sign_in(client, User.objects.get(email="kundin@demo.example"))
    response = client.get(f"/demo/video/{booking.code}/join")
    assert response.status_code == 503 and booking.jobcenter.phone in response.text

"""The appointment demo data: realistic, in every language, bookable, and loaded only once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.demo import DEMO, JOB_SEARCH, NORD
from openjobcenter.appointments.models import Absence, Booking, BookingPolicy, Concern, Slot, WorkingHours
from openjobcenter.appointments.services.slots import bookable_slots, public_holiday
from openjobcenter.core.demo import load_demo
from openjobcenter.core.i18n import language_codes
from openjobcenter.core.models import Jobcenter
from openjobcenter.video.demo import REQUEST_KEY as VIDEO_REQUEST_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    load_demo()
    return Jobcenter.objects.get(slug="demo"), Jobcenter.objects.get(slug="nord")


def _state():
    # The video demo adds a call at the next quarter hour on a slot of its own, which the slot horizon
    # later blocks; it is the video app's (openjobcenter/video/tests/test_demo.py), not part of this state.
    video_slots = Booking.all_tenants.filter(request_key=VIDEO_REQUEST_KEY).values_list("slot", flat=True)
    return {
        "concerns": sorted(Concern.all_tenants.values_list("pk", "name", "duration_minutes", "channels")),
        "hours": sorted(WorkingHours.all_tenants.values_list("pk", "staff", "weekday", "starts", "desks")),
        "absences": sorted(Absence.all_tenants.values_list("pk", "starts_at", "ends_at")),
        "slots": sorted(
            Slot.all_tenants.exclude(pk__in=list(video_slots)).values_list(
                "pk", "start", "capacity", "booked", "blocked"
            )
        ),
        "bookings": sorted(
            Booking.all_tenants.exclude(request_key=VIDEO_REQUEST_KEY).values_list(
                "pk", "slot", "status", "request_key"
            )
        ),
        "policies": sorted(BookingPolicy.all_tenants.values_list("pk", "challenge")),
    }


def test_loading_twice_changes_nothing(demo_data):
    before = _state()
    assert all(before.values())
    assert load_demo()["bookings"] == 0
    assert _state() == before


def test_every_concern_speaks_all_six_languages(demo_data):
    languages = set(language_codes())
    assert languages == {"de", "en", "tr", "ar", "uk", "ru"}
    for spec in (*DEMO.concerns, *NORD.concerns):
        for texts in (spec.name, spec.description, spec.what_to_bring):
            assert set(texts) == languages and all(text.strip() for text in texts.values()), spec.key
    assert Concern.all_tenants.filter(jobcenter__slug="demo").count() == len(DEMO.concerns)


def test_the_demo_has_bookings_for_today_an_account_and_an_anonymous_person(demo_data):
    demo, _nord = demo_data
    bookings = Booking.objects.for_tenant(demo).exclude(request_key=VIDEO_REQUEST_KEY).select_related("client", "staff")
    assert bookings.count() == len(DEMO.bookings)
    assert bookings.filter(client__email="kundin@demo.example").count() == 2
    assert bookings.filter(client__isnull=True).exists()
    # Today, or the next working day when today is none or its hours are over.
    working_days: list[dt.date] = []
    day = timezone.localdate()
    while len(working_days) < 2:
        if day.weekday() < 5 and not public_holiday(demo, day):
            working_days.append(day)
        day += dt.timedelta(days=1)
    assert min(timezone.localdate(booking.start) for booking in bookings) <= working_days[-1]
    assert all(booking.slot.booked >= 1 for booking in bookings)


def test_demo_books_without_challenge_and_nord_with_it(demo_data):
    demo, nord = demo_data
    assert not BookingPolicy.all_tenants.get(jobcenter=demo).challenge_enabled()
    assert BookingPolicy.all_tenants.get(jobcenter=nord).challenge_enabled()
    nord_concern = Concern.objects.for_tenant(nord).get()
    assert not nord_concern.requires_sign_in
    assert bookable_slots(nord, nord_concern, "in_person").exists()


def test_the_working_hours_give_a_mix_of_channels_desks_and_an_absence(demo_data):
    demo, _nord = demo_data
    slots = Slot.objects.for_tenant(demo)
    for channel in ("in_person", "phone", "video"):
        assert slots.filter(**{channel: True}).exists(), channel
    assert slots.filter(capacity=2).exists()
    absence = Absence.objects.for_tenant(demo).get()
    assert slots.filter(staff=absence.staff, start__gte=absence.starts_at, start__lt=absence.ends_at, blocked=True)
    job_search = Concern.objects.for_tenant(demo).get(name__de=JOB_SEARCH.key)
    assert job_search.requires_sign_in and set(job_search.channels) == {"in_person", "phone", "video"}
    assert bookable_slots(demo, job_search, "video").exists()

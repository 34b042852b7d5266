"""Appointment fixtures on top of the personas: a concern served by Bernd's team, his working
hours at the main location (Monday to Friday, 9–12, 30-minute slots) and the slots made from them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.appointments.models import BookingPolicy, Concern, Slot, WorkingHours
from openjobcenter.appointments.services.booking import BookingRequest, book
from openjobcenter.appointments.services.slots import reconcile_slots

ALL_CHANNELS = ["in_person", "phone", "video"]


@pytest.fixture
def concern(demo, demo_team) -> Concern:
    concern = Concern.all_tenants.create(
        jobcenter=demo,
        name={"de": "Beratung zur Arbeitsuche", "en": "Job search advice", "ar": "استشارة البحث عن عمل"},
        description={"de": "Gespräch mit Ihrer Integrationsfachkraft."},
        what_to_bring={"de": "Lebenslauf"},
        duration_minutes=30,
        channels=ALL_CHANNELS,
        min_lead_minutes=60,
        booking_horizon_days=42,
    )
    concern.teams.add(demo_team)
    return concern


@pytest.fixture
def policy(demo) -> BookingPolicy:
    return BookingPolicy.all_tenants.create(jobcenter=demo, challenge=BookingPolicy.Challenge.OFF)


@pytest.fixture
def bernd_hours(demo, bernd, demo_location) -> list[WorkingHours]:
    return [
        WorkingHours.all_tenants.create(
            jobcenter=demo, staff=bernd, location=demo_location, weekday=weekday,
            starts=dt.time(9), ends=dt.time(12), channels=ALL_CHANNELS,
            valid_from=timezone.localdate() - dt.timedelta(days=7),
        )
        for weekday in range(5)
    ]  # fmt: skip


@pytest.fixture
def slots(demo, bernd_hours, policy) -> list[Slot]:
    reconcile_slots(demo)
    return list(Slot.objects.for_tenant(demo).order_by("start"))


@pytest.fixture
def free_slot(slots) -> Slot:
    """A slot at least two days ahead (outside every lead time)."""
    later = timezone.now() + dt.timedelta(days=2)
    return next(slot for slot in slots if slot.start > later and not slot.blocked)


@pytest.fixture
def make_booking(demo, concern):
    def _make(slot: Slot, email: str = "gast@example.org", **fields):
        request = BookingRequest(
            slot_id=slot.pk, concern=concern, channel=fields.pop("channel", "in_person"), name=fields.pop("name", "Gast Person"),
            email=email, **fields,
        )  # fmt: skip
        booking, _created = book(demo, request)
        return booking

    return _make

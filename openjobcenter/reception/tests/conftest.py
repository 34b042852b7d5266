"""Reception fixtures: zone A at the demo location with two counters; Emre works at reception."""

from __future__ import annotations

import pytest

# The appointment fixtures, for check-in tests.
from openjobcenter.appointments.tests.conftest import (  # noqa: F401
    bernd_hours,
    concern,
    free_slot,
    make_booking,
    policy,
    slots,
)
from openjobcenter.core.models import ReceptionZone
from openjobcenter.reception.models import Counter, ZoneSettings


@pytest.fixture
def zone(demo, demo_location) -> ReceptionZone:
    zone = ReceptionZone.all_tenants.create(
        jobcenter=demo, location=demo_location, code="A", name={"de": "Anmeldung", "ar": "التسجيل"}
    )
    ZoneSettings.all_tenants.create(jobcenter=demo, zone=zone, remote_join=True)
    return zone


@pytest.fixture
def counter(demo, demo_location, zone) -> Counter:
    return Counter.all_tenants.create(jobcenter=demo, location=demo_location, zone=zone, name="1")


@pytest.fixture
def counter2(demo, demo_location, zone) -> Counter:
    return Counter.all_tenants.create(jobcenter=demo, location=demo_location, zone=zone, name="2")

"""Moving a Jobcenter to another state changes its public holidays, and the slots follow at once."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.utils import timezone

from openjobcenter.appointments.models import Slot, WorkingHours
from openjobcenter.core.models import State
from openjobcenter.core.services.tenants import update_jobcenter_settings

pytestmark = pytest.mark.django_db(transaction=True)


def _holiday_elsewhere() -> tuple[dt.date, str] | None:
    """A day in the coming weeks that is a public holiday in some state but not in NRW (the default)."""
    today = timezone.localdate()
    for offset in range(2, 85):
        day = today + dt.timedelta(days=offset)
        if public_holiday_in("NW", day):
            continue
        for state in State.values:
            if public_holiday_in(state, day):
                return day, state
    return None


def public_holiday_in(state: str, day: dt.date) -> bool:
    return day in holidays.country_holidays("DE", subdiv=state, years=day.year)


def test_changing_the_state_blocks_its_holidays(demo, bernd, demo_location, anja):
    found = _holiday_elsewhere()
    if found is None:
        pytest.skip("no state has a holiday of its own in the coming weeks")
    day, state = found
    WorkingHours.all_tenants.create(
        jobcenter=demo, staff=bernd, location=demo_location, weekday=day.weekday(),
        starts=dt.time(9), ends=dt.time(10), channels=["in_person"], valid_from=timezone.localdate(),
    )  # fmt: skip
    from openjobcenter.appointments.services.slots import reconcile_slots

    reconcile_slots(demo)
    on_day = Slot.objects.for_tenant(demo).filter(start__date=day)
    assert on_day.exists() and not on_day.filter(blocked=True).exists()

    update_jobcenter_settings(demo, {"state": state}, actor=anja)

    assert on_day.exists() and not on_day.filter(blocked=False).exists()

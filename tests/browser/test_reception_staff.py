"""The walk-in queue end to end in a real browser, in German and in Arabic: a person with an
appointment checks in at the kiosk with the booking code, reception staff call at their counter,
and the call display in the waiting room shows the call live, with the new waiting estimate.

Runs against uvicorn in a thread (the ``asgi_url`` fixture of ``test_reception_public.py``): the
test live server speaks WSGI and cannot hold an event stream open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from playwright.sync_api import BrowserContext, expect

from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import Booking
from openjobcenter.appointments.tests.conftest import (  # noqa: F401 - fixtures
    bernd_hours,
    concern,
    make_booking,
    policy,
    slots,
)
from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import Counter, Priority, Ticket, TicketStatus
from openjobcenter.reception.services import queue
from tests.browser.conftest import BACKEND, DESKTOP, confirmed_totp_device
from tests.browser.test_reception_public import (  # noqa: F401 - fixtures
    LIVE_TIMEOUT_MS,
    asgi_url,
    counter,
    open_context,
    retrying,
    watch_problems,
    zone,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context: BrowserContext, base_url: str, user: User) -> None:
    """A verified staff session (password and second factor) in the browser context."""
    client = Client()
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
    session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


@pytest.fixture
def booking_soon(demo_location: Location, slots, make_booking) -> Booking:
    """An in-person appointment at the demo location that starts in three minutes: callable now."""
    slot = next(s for s in slots if s.start > timezone.now() + dt.timedelta(days=1))
    booking = make_booking(slot)
    start = timezone.now() + dt.timedelta(minutes=3)
    Booking.all_tenants.filter(pk=booking.pk).update(start=start, end=start + dt.timedelta(minutes=30))
    booking.refresh_from_db()
    return booking


@pytest.mark.parametrize("language", ["de", "ar"])
def test_check_in_call_at_the_counter_and_the_display_updates_live(
    open_context: Callable[..., BrowserContext],
    asgi_url: str,
    demo_location: Location,
    zone: ReceptionZone,
    counter: Counter,
    emre: User,
    booking_soon: Booking,
    language: str,
) -> None:
    walk_in = retrying(queue.issue_ticket, demo_location, zone=zone)  # waits already: A001

    # The call display in the waiting room.
    screen = open_context(DESKTOP)
    screen.add_cookies([{"name": "ojc_language", "value": language, "url": asgi_url}])
    display = screen.new_page()
    display_problems = watch_problems(display)
    display.goto(f"/demo/reception/{demo_location.pk}/display/{zone.pk}/")
    expect(display.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(display.locator("#neuester .ojc-display__call")).to_have_count(0)

    # A person with an appointment checks in at the kiosk with the booking code.
    kiosk = open_context(DESKTOP).new_page()
    kiosk_problems = watch_problems(kiosk)
    kiosk.goto(f"/demo/reception/{demo_location.pk}/kiosk/")
    kiosk.locator(f"a[hreflang='{language}']").click()
    kiosk.locator("a[href*='termin=1']").click()
    kiosk.locator("input[name='code']").fill(booking_soon.display_code)
    kiosk.locator("form.ojc-kiosk__form button[type='submit']").click()
    checked_in = Ticket.all_tenants.get(booking=booking_soon)
    assert checked_in.priority == Priority.APPOINTMENT
    expect(kiosk.locator(".ojc-kiosk-ticket__number")).to_have_text(checked_in.number)

    # Emre opens counter 7 and calls the next number: the appointment goes first.
    desk = open_context(DESKTOP)
    sign_in(desk, asgi_url, emre)
    desk.add_cookies([{"name": "ojc_language", "value": language, "url": asgi_url}])
    page = desk.new_page()
    staff_problems = watch_problems(page)
    page.goto("/demo/staff/reception/counter/")
    page.locator("form[action$='/counter/open/'] button[type='submit']").click()
    page.locator(".ojc-rcp-call-next").click()
    expect(page.locator(".ojc-rcp-current__number")).to_contain_text(checked_in.number)
    checked_in.refresh_from_db()
    assert checked_in.status == TicketStatus.CALLED and checked_in.counter_id == counter.pk

    newest = display.locator("#neuester .ojc-display__call")
    expect(newest.locator(".ojc-display__number")).to_have_text(checked_in.number, timeout=LIVE_TIMEOUT_MS)
    expect(newest.locator(".ojc-display__counter")).to_contain_text("7")
    # One person (the walk-in) still waits, and a counter is open now: an estimate in minutes.
    expect(display.locator("#wartezeit-wert")).not_to_have_text("")
    walk_in.refresh_from_db()
    assert walk_in.status == TicketStatus.WAITING
    assert not (display_problems or kiosk_problems or staff_problems), (
        display_problems + kiosk_problems + staff_problems
    )

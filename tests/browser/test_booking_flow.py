"""A person books an appointment in a real browser, in German and in Arabic, on a phone: the
proof-of-work check runs in Chromium, the link from the confirmation mail opens the booking,
which is then moved and cancelled. No script or style is blocked by the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.models import User
from openjobcenter.appointments.models import Booking, BookingPolicy, BookingStatus, Concern, WorkingHours
from openjobcenter.appointments.services import challenge
from openjobcenter.appointments.services.slots import reconcile_slots
from openjobcenter.core.models import Jobcenter, Location, Team
from openjobcenter.notifications.models import OutboxMessage
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bookable(
    demo: Jobcenter, demo_location: Location, demo_team: Team, bernd: User, monkeypatch: pytest.MonkeyPatch
) -> Concern:
    """A concern served by Bernd's team, his hours on weekdays, and the challenge switched on.

    The proof of work is made lighter: the test shows that it runs in the browser and is verified,
    not how long it takes — two test workers share two cores, and the full cost once took a minute.
    """
    monkeypatch.setattr(challenge, "COST", 500)
    concern = Concern.all_tenants.create(
        jobcenter=demo,
        name={"de": "Beratung zur Arbeitsuche", "ar": "استشارة البحث عن عمل"},
        what_to_bring={"de": "Lebenslauf", "ar": "السيرة الذاتية"},
        duration_minutes=30,
        channels=["in_person", "phone"],
        min_lead_minutes=60,
    )
    concern.teams.add(demo_team)
    for weekday in range(5):
        WorkingHours.all_tenants.create(
            jobcenter=demo, staff=bernd, location=demo_location, weekday=weekday, starts=dt.time(9),
            ends=dt.time(12), channels=["in_person", "phone"], valid_from=timezone.localdate(),
        )  # fmt: skip
    BookingPolicy.all_tenants.create(jobcenter=demo, challenge=BookingPolicy.Challenge.ON)
    reconcile_slots(demo)
    return concern


def watch_csp(page: Page) -> list[str]:
    """Collect Content-Security-Policy violations the page reports (blocked scripts, styles, workers)."""
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def click_and_wait(page: Page, locator: Any) -> int:
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    return response.status if response else 0


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_person_books_moves_and_cancels_an_appointment(
    new_context: Callable[..., BrowserContext], bookable: Concern, language: str
) -> None:
    page = new_context(language=language, viewport=PHONE).new_page()
    csp = watch_csp(page)

    page.goto("/demo/appointments/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    click_and_wait(page, page.locator(f"a[href='/demo/appointments/{bookable.pk}/']"))
    first_time = page.locator("a.ojc-time").first
    expect(first_time).to_be_visible()
    click_and_wait(page, first_time)

    form = page.locator("form#buchung")
    form.locator("input[name='name']").fill("Samira Haddad")
    form.locator("input[name='email']").fill("samira@example.org")
    widget = form.locator("altcha-widget")
    expect(widget).to_be_visible()
    # The proof of work runs by itself after loading; the hidden field holds the solution when done.
    page.wait_for_function(
        "() => (document.querySelector(\"form#buchung input[name='altcha']\") || {}).value", timeout=60_000
    )
    assert click_and_wait(page, form.locator("button.kern-btn--primary[type='submit']")) == 200
    booking = Booking.all_tenants.get(email="samira@example.org")
    assert booking.language == language
    assert page.url.endswith(f"/demo/appointments/booked/{booking.code}/")
    expect(page.locator(".ojc-booking__code")).to_contain_text(booking.display_code)

    # Later, on another device: the link from the confirmation mail.
    mail = OutboxMessage.objects.get(template="appointments_booked", to_address="samira@example.org")
    link = re.search(r"(/demo/appointments/manage/[A-Z0-9]+/\?token=[0-9a-f]+)", mail.text_body)
    assert link, mail.text_body
    other_device = new_context(language=language, viewport=PHONE).new_page()
    csp += watch_csp(other_device)
    other_device.goto(link.group(1))
    assert other_device.url.endswith(f"/demo/appointments/manage/{booking.code}/"), "token removed from the URL"

    click_and_wait(other_device, other_device.locator(f"a[href$='/manage/{booking.code}/reschedule/']"))
    times = other_device.locator("a.ojc-time")
    new_time = times.nth(1) if times.count() > 1 else times.first
    click_and_wait(other_device, new_time)
    assert click_and_wait(other_device, other_device.locator("main form button[type='submit']")) == 200
    booking.refresh_from_db()
    assert booking.reschedule_count == 1 and booking.status == BookingStatus.BOOKED
    expect(other_device.locator(".ojc-messages")).to_be_visible()

    click_and_wait(other_device, other_device.locator(f"a[href$='/manage/{booking.code}/cancel/']"))
    assert click_and_wait(other_device, other_device.locator("main form button[type='submit']")) == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    expect(other_device.locator(f"a[href$='/manage/{booking.code}/cancel/']")).to_have_count(0)
    assert not csp, csp

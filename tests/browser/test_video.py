"""Video appointments in a real browser: the citizen (German) and her advisor (Arabic interface)
click the join button and the browser goes top-level to the video server's signed ``join``, which
the BigBlueButton-compatible test server accepts. The test stops there (no BBB client to load)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from openjobcenter.accounts.roles import Role
from openjobcenter.appointments.models import Booking
from openjobcenter.video.demo import REQUEST_KEY
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.tests.bbb_server import FakeBBB
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "browser-test-secret-0123456789"


@pytest.fixture
def bbb() -> Iterator[FakeBBB]:
    server = FakeBBB(SECRET).start()
    yield server
    server.stop()


@pytest.fixture
def portal(bbb: FakeBBB) -> DemoPortal:
    portal = demo_portal()
    VideoSettings.all_tenants.filter(jobcenter=portal.jobcenter).update(
        bbb_url=bbb.api_url, bbb_secret=SECRET, bbb_checksum_algorithm="sha512"
    )
    return portal


def todays_call() -> Booking:
    return Booking.all_tenants.get(request_key=REQUEST_KEY)


def reached_join(page, bbb: FakeBBB) -> dict[str, str]:
    page.wait_for_url(f"{bbb.api_url}/join?**")
    seen = bbb.calls("join")[-1]
    assert seen.accepted and seen.algorithm == "sha512", seen
    assert page.url.endswith(seen.raw_query)  # the very string that was signed reached the server
    expect(page.locator("body")).to_contain_text("SUCCESS")
    return dict(parse_qsl(urlsplit(page.url).query))


def test_the_citizen_joins_from_my_appointments(new_context, signed_in, portal, bbb):
    context = new_context(viewport=PHONE)
    signed_in(context, portal.persona(Role.CLIENT, language="de"))
    page = context.new_page()
    page.goto("/demo/my/appointments/")
    call = todays_call()
    page.locator(f'a[href="/demo/video/{call.code}/join"]').click()
    params = reached_join(page, bbb)
    assert params["role"] == "VIEWER" and params["guest"] == "true" and params["fullName"] == call.name
    created = bbb.meetings[params["meetingID"]].params
    assert created["guestPolicy"] == "ASK_MODERATOR" and created["record"] == "false"


def test_the_advisor_joins_from_the_booking_in_arabic(new_context, signed_in, portal, bbb):
    context = new_context(language="ar")
    advisor = portal.persona(Role.ADVISOR, language="ar")
    signed_in(context, advisor)
    page = context.new_page()
    call = todays_call()
    page.goto(f"/demo/staff/appointments/{call.code}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(f'a[href="/demo/video/{call.code}/join"]').click()
    params = reached_join(page, bbb)
    assert params["role"] == "MODERATOR" and "guest" not in params
    assert params["fullName"] == advisor.get_full_name()


def test_the_check_page_explains_a_refused_or_missing_camera(new_context, portal):
    context = new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/demo/video/check/")
    expect(page.locator("[data-video-nojs]")).to_be_hidden()
    page.get_by_role("button", name="Test starten").click()
    status = page.locator("[data-video-status]")
    # Headless Chromium without devices: permission refused or no device, each with its own advice.
    expect(status).to_have_attribute("data-state", re.compile(r"^(denied|not-found)$"))
    assert status.inner_text().strip() and not errors

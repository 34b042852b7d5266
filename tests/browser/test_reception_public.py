"""The walk-in queue in a real browser: a person draws a number at the kiosk (in German and in
Arabic), opens the ticket page on the phone, and sees it switch to "jetzt dran" live when the
ticket is called; the public waiting times update live too.

Server-Sent Events need an ASGI server (the test live server speaks WSGI and would buffer the
endless stream), so these tests run uvicorn in a thread of the test process: the queue services
called here publish through the same in-process broker the streams listen to.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from django.db import DatabaseError, OperationalError, connection
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import Counter, Ticket, ZoneSettings
from openjobcenter.reception.services import queue
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_TIMEOUT_MS = 5_000  # the issue asks for "within a second"; generous for a loaded test machine


def retrying[T](action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a queue service from the test thread. The test database is SQLite's shared in-memory
    database, which locks a whole table while the server's threads read it (no busy timeout);
    each service is one transaction, so trying again is safe. PostgreSQL never needs this."""
    for _attempt in range(50):
        _back_to_autocommit()
        try:
            return action(*args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            _back_to_autocommit()
            time.sleep(0.05)
    return action(*args, **kwargs)


def _back_to_autocommit() -> None:
    """A lock error at COMMIT (here or in an earlier test's flush) can leave the connection out of
    autocommit with no atomic block open, where a service's ``on_commit`` refuses to run: roll back
    and return to autocommit."""
    if connection.in_atomic_block or connection.get_autocommit():
        return
    with contextlib.suppress(DatabaseError):
        connection.rollback()
    with contextlib.suppress(DatabaseError):
        connection.set_autocommit(True)


@pytest.fixture
def asgi_url(transactional_db: None) -> Iterator[str]:
    from openjobcenter.asgi import application

    _back_to_autocommit()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    server.force_exit = True  # open event streams would otherwise keep it running
    thread.join(timeout=5)
    sock.close()


@pytest.fixture
def open_context(browser: Browser, asgi_url: str) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make(viewport: ViewportSize) -> BrowserContext:
        context = browser.new_context(base_url=asgi_url, viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def zone(demo, demo_location: Location) -> ReceptionZone:
    zone = ReceptionZone.all_tenants.create(
        jobcenter=demo, location=demo_location, code="A", name={"de": "Anmeldung", "ar": "التسجيل"}
    )
    ZoneSettings.all_tenants.create(jobcenter=demo, zone=zone)
    return zone


@pytest.fixture
def counter(demo, demo_location: Location, zone: ReceptionZone) -> Counter:
    return Counter.all_tenants.create(jobcenter=demo, location=demo_location, zone=zone, name="7")


def watch_problems(page: Page) -> list[str]:
    """Script errors and Content-Security-Policy violations on the page."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    return problems


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_kiosk_ticket_turns_to_now_on_the_phone_when_called(
    open_context: Callable[..., BrowserContext],
    asgi_url: str,
    demo_location: Location,
    zone: ReceptionZone,
    counter: Counter,
    emre: User,
    language: str,
) -> None:
    kiosk = open_context(DESKTOP).new_page()
    kiosk_problems = watch_problems(kiosk)
    kiosk.goto(f"/demo/reception/{demo_location.pk}/kiosk/")
    expect(kiosk.locator("html")).to_have_attribute("lang", "de")
    # The language is chosen on the kiosk itself, without signing in.
    kiosk.locator(f"a[hreflang='{language}']").click()
    expect(kiosk.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    kiosk.locator(f"button[name='choice'][value='{zone.pk}']").click()
    expect(kiosk.locator(".ojc-kiosk-ticket__number")).to_have_text("A001")
    expect(kiosk.locator("svg.ojc-qr")).to_be_visible()
    expect(kiosk.locator("[data-countdown]")).to_be_visible()  # back to the start by itself
    ticket = Ticket.all_tenants.get()
    assert ticket.language == language

    phone = open_context(PHONE)
    phone.add_cookies([{"name": "ojc_language", "value": language, "url": asgi_url}])
    page = phone.new_page()
    problems = watch_problems(page)
    page.goto(f"/demo/reception/ticket/{ticket.token}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    live = page.locator("[data-live-ticket]")
    expect(live).to_have_attribute("data-live-state", "live")
    # Nobody before them: "als Nächstes dran", not yet "jetzt dran".
    expect(page.locator(".ojc-ticket-alert--soon")).to_be_visible()
    expect(page.locator(".ojc-ticket-alert--called")).to_have_count(0)

    retrying(queue.open_counter, counter, emre)
    called = retrying(queue.call_next, counter, emre)
    assert called is not None and called.pk == ticket.pk

    alert = page.locator("[role='alert'] .ojc-ticket-alert--called")
    expect(alert).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(alert).to_contain_text("7")
    if language == "de":
        expect(alert).to_have_text("Sie sind jetzt dran – bitte gehen Sie zu Schalter 7.")
    expect(page.locator("[data-field='counter']")).to_have_text("7")
    expect(page.locator("[data-live-notice]")).to_be_hidden()
    assert not problems and not kiosk_problems, problems + kiosk_problems


def test_the_public_waiting_times_update_live(
    open_context: Callable[..., BrowserContext],
    demo_location: Location,
    zone: ReceptionZone,
    counter: Counter,
    emre: User,
) -> None:
    page = open_context(PHONE).new_page()
    problems = watch_problems(page)
    page.goto(f"/demo/reception/{demo_location.pk}/")
    row = page.locator("[data-zone='A']")
    expect(row.locator("[data-field='waiting']")).to_have_text("0")
    expect(page.locator("[data-live-place]")).to_have_attribute("data-live-state", "live")
    retrying(queue.open_counter, counter, emre)
    retrying(queue.issue_ticket, demo_location, zone=zone)
    retrying(queue.issue_ticket, demo_location, zone=zone)
    expect(row.locator("[data-field='waiting']")).to_have_text("2", timeout=LIVE_TIMEOUT_MS)
    expect(row.locator("[data-field='open_counters']")).to_have_text("1")
    expect(row.locator("[data-field='wait']")).to_contain_text("Minuten")
    assert not problems, problems

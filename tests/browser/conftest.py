"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session, a fresh browser context (cookies, storage) per test. Tests sign
in through the real form only where sign-in is what they test; everywhere else they copy a
session cookie made by Django's test client (``signed_in``), which is much faster.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from openjobcenter.accounts.models import User

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(settings.BASE_DIR) / "var" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
BACKEND = "openjobcenter.accounts.backends.RoleBackend"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop in the main thread between calls; Django would take
    # that for an async context and refuse the ORM calls the tests make themselves.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and sign-in throttling count in the cache; every test starts with none."""
    cache.clear()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for browser contexts (a test may need two, e.g. to start "on another device")."""
    contexts: list[BrowserContext] = []

    def make(
        *, language: str | None = None, viewport: ViewportSize | None = None, service_workers: bool = False
    ) -> BrowserContext:
        # The app's service worker is tested on its own (test_app.py); elsewhere it would only make
        # requests invisible to Playwright's network events.
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            locale="de-DE",
            timezone_id="Europe/Berlin",
            service_workers="allow" if service_workers else "block",
        )
        context.set_default_timeout(10_000)
        if language:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


def confirmed_totp_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def current_totp(device: TOTPDevice) -> str:
    """The code an authenticator app would show right now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)


@pytest.fixture
def signed_in(live_server: Any) -> Callable[..., None]:
    """Put a session for ``user`` into a browser context, as if they had signed in.

    Staff (and anyone else with an authenticator app) count as two-factor verified unless
    ``verified=False``, which leaves them at the second step of sign-in.
    """

    def sign_in(context: BrowserContext, user: User, *, verified: bool = True) -> None:
        client = Client()
        client.force_login(user, backend=BACKEND)
        has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if user.is_jobcenter_staff or has_app:
            device = confirmed_totp_device(user)
            if verified:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    return sign_in


def sign_in_with_form(page: Page, email: str, password: str) -> None:
    """Fill and send the sign-in form on the current page (by field names: works in every language)."""
    form = page.locator("main form:has(input[name='password'])")
    form.locator("input[name='username']").fill(email)
    form.locator("input[name='password']").fill(password)
    form.locator("[type='submit']").click()
    page.wait_for_load_state()


def with_axe(context: BrowserContext) -> BrowserContext:
    """Load axe-core into every page of ``context`` before the page's own scripts run.

    Init scripts are added through the DevTools protocol, which the page's Content-Security-Policy
    (no inline script) does not restrict, so pages are tested with their real policy in force.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make assets` first.")
    context.add_init_script(path=AXE_JS)
    return context


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the current page; returns the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))  # a context made without with_axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"], "iframes": False}
    result = page.evaluate("options => window.axe.run(document, options)", options)
    return list(result["violations"])


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, what it means, the offending elements and why."""
    lines: list[str] = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} – {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(json.dumps(part) if not isinstance(part, str) else part for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, f"axe found WCAG 2.1 AA violations on {page.url}:\n{format_violations(violations)}"

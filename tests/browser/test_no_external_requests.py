"""No request leaves the Jobcenter's own server: no CDN, no web fonts, no trackers.

The Content-Security-Policy would block such a request anyway, so the test also fails on any
resource the policy had to refuse: a page that asks for one is broken for its visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Request, Response

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Location

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_load_everything_from_the_portals_own_origin(
    live_server: Any,
    new_context: Callable[..., BrowserContext],
    signed_in: Callable[..., None],
    demo_location: Location,
    aylin: User,
    bernd: User,
) -> None:
    seen: list[str] = []
    refused: list[str] = []
    static: dict[str, int] = {}
    visits = [
        (None, "de", ["/", "/demo/", "/demo/login/", "/demo/register/", "/demo/accessibility/"]),
        (None, "ar", ["/demo/", "/demo/easy-language/"]),
        (aylin, "de", ["/demo/my/", "/demo/account/"]),
        (bernd, "ar", ["/demo/staff/"]),
    ]
    for user, language, paths in visits:
        context = new_context(language=language)
        if user is not None:
            signed_in(context, user)
        page = context.new_page()
        page.on("request", lambda request: _record(request, seen))
        page.on("console", lambda message: _record_refusal(message, refused))
        page.on("response", lambda response: _record_static(response, static))
        for path in paths:
            page.goto(path)
            page.evaluate("() => document.fonts.ready.then(() => true)")  # web fonts asked for, too

    # Style sheets, scripts and KERN's fonts really were loaded, from the portal itself.
    assert any(url.endswith("kern.min.css") for url in static) and any(url.endswith(".woff2") for url in static)
    assert all(status < 400 for status in static.values()), static
    foreign = sorted({url for url in seen if not url.startswith(live_server.url + "/")})
    assert not foreign, f"requests to other origins: {foreign}"
    assert not refused, f"resources refused by the Content-Security-Policy: {refused}"


def _record(request: Request, seen: list[str]) -> None:
    if not request.url.startswith(("data:", "blob:")):
        seen.append(request.url)


def _record_refusal(message: ConsoleMessage, refused: list[str]) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        refused.append(message.text)


def _record_static(response: Response, static: dict[str, int]) -> None:
    if "/static/" in response.url:
        static[response.url] = response.status

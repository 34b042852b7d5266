"""No request leaves the Jobcenter's own server: no CDN, no web fonts, no trackers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Request

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
        for path in paths:
            page.goto(path, wait_until="networkidle")

    assert len(seen) > 20  # pages, style sheets, scripts, fonts really were loaded
    foreign = sorted({url for url in seen if not url.startswith(live_server.url + "/")})
    assert not foreign, f"requests to other origins: {foreign}"


def _record(request: Request, seen: list[str]) -> None:
    if not request.url.startswith(("data:", "blob:")):
        seen.append(request.url)

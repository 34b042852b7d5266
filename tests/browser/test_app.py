"""The installable app in a phone-sized Chromium: installable, and without network the offline page
(in the language the person reads) instead of a browser error."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.conftest import PHONE
from tests.browser.scenario import demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_app_installs_and_shows_the_offline_page_without_network(
    language: str, new_context: Callable[..., BrowserContext]
) -> None:
    portal = demo_portal()
    context = new_context(language=language, viewport=PHONE, service_workers=True)
    page = context.new_page()
    page.goto("/demo/")
    page.wait_for_function(READY)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")

    context.set_offline(True)
    page.goto("/demo/appointments/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert portal.jobcenter.phone in page.locator("main").inner_text()
    context.set_offline(False)
    page.goto("/demo/")
    assert page.locator("h1").count() == 1 and "offline" not in page.url


def test_a_push_message_shows_a_notification_that_opens_the_ticket(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    demo_portal()
    context = new_context(viewport=PHONE, service_workers=True)
    context.grant_permissions(["notifications"])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.goto("/demo/")
    page.wait_for_function(READY)
    page.wait_for_timeout(200)
    registration = next(r for r in registrations if r["scopeURL"].endswith("/demo/"))
    payload = {
        "title": "Sie sind gleich dran",
        "body": "Bitte kommen Sie jetzt zur Eingangszone zurück.",
        "url": "/demo/reception/",
        "tag": "ticket-1",
    }
    shown: Any = None
    # A push delivered while the worker is still starting up can be dropped by
    # Chromium on a loaded machine; the same tag replaces the notification, so
    # delivering again is harmless.
    for _delivery in range(5):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": registration["registrationId"], "data": json.dumps(payload)},
        )
        for _attempt in range(30):
            shown = page.evaluate(
                "() => navigator.serviceWorker.ready.then(r => r.getNotifications())"
                ".then(list => list.map(n => [n.title, n.body, n.tag]))"
            )
            if shown:
                break
            page.wait_for_timeout(100)
        if shown:
            break
    assert shown == [["Sie sind gleich dran", "Bitte kommen Sie jetzt zur Eingangszone zurück.", "ticket-1"]]

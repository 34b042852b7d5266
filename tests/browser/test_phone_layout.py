"""On a phone (390 px wide) no page scrolls sideways, and the navigation folds into a menu."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from openjobcenter.accounts.roles import Role
from tests.browser.conftest import PHONE
from tests.browser.pages import ANONYMOUS, pages_for
from tests.browser.scenario import demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pages people use most, and the widest ones (tables, long forms).
MAIN_PAGES = {
    ANONYMOUS: {"core:home", "accounts:login", "accounts:register", "core:accessibility", "core:easy_language"},
    Role.CLIENT: {"core:citizen_area", "audit:my_access_log", "accounts:settings", "notifications:inbox"},
    Role.JOBCENTER_ADMIN: {
        "core:staff_workspace",
        "accounts:staff_people",
        "accounts:staff_person_edit",
        "audit:search",
        "core:location_list",
        "core:location_hours",
    },
}
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("audience", list(MAIN_PAGES))
def test_main_pages_do_not_scroll_sideways_on_a_phone(
    audience: str, language: str, new_context: Callable[..., BrowserContext], signed_in: Callable[..., None]
) -> None:
    portal = demo_portal()
    context = new_context(language=language, viewport=PHONE)
    if audience != ANONYMOUS:
        signed_in(context, portal.persona(audience))
    page = context.new_page()
    too_wide = {}
    for spec in pages_for(audience):
        path = spec.url(portal.jobcenter)
        if spec.name in MAIN_PAGES[audience] and path:
            page.goto(path)
            if (overflow := page.evaluate(OVERFLOW)) > 0:
                too_wide[path] = overflow
    assert not too_wide, f"pages wider than the phone (px too wide): {too_wide}"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_phone_menu_opens_and_the_language_menu_stays_on_screen(
    language: str, new_context: Callable[..., BrowserContext]
) -> None:
    demo_portal()
    page = new_context(language=language, viewport=PHONE).new_page()
    page.goto("/demo/")
    toggle = page.locator("nav .ojc-nav__toggle")
    login_link = page.locator("nav a[href='/demo/login/']")
    expect(login_link).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(login_link).to_be_visible()

    page.locator("header details.ojc-language > summary").click()
    panel = page.locator("header .ojc-language__panel").bounding_box()
    assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"]
    assert page.evaluate(OVERFLOW) <= 0


def test_without_javascript_the_navigation_is_simply_shown(browser, live_server) -> None:
    demo_portal()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/demo/")
    expect(page.locator("nav a[href='/demo/login/']")).to_be_visible()
    expect(page.locator("nav .ojc-nav__toggle")).to_be_hidden()
    assert page.evaluate(OVERFLOW) <= 0
    context.close()

"""Keyboard: the skip link is the first Tab stop, shows itself, and moves focus to the content."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => ({cls: document.activeElement.className, id: document.activeElement.id, tag: document.activeElement.tagName})"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("path", ["/demo/", "/demo/staff/"])
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    path: str,
    language: str,
    new_context: Callable[..., BrowserContext],
    signed_in: Callable[..., None],
    demo: Jobcenter,
    bernd: User,
) -> None:
    context = new_context(language=language)
    if path == "/demo/staff/":
        signed_in(context, bernd)
    page = context.new_page()
    page.goto(path)

    page.keyboard.press("Tab")
    assert "ojc-skip-link" in page.evaluate(FOCUSED)["cls"]
    box = page.locator(".ojc-skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0  # visible while focused

    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED)
    assert (focused["tag"], focused["id"]) == ("MAIN", "main")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")

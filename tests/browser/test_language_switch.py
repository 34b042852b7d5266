"""The language switch: Arabic turns the page right to left, the choice stays, and a signed-in
person's choice is remembered in the account (it follows them to another device)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from conftest import PASSWORD
from openjobcenter.accounts.models import User
from openjobcenter.core.models import Jobcenter
from tests.browser.conftest import sign_in_with_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_language(page: Page, name: str) -> None:
    page.locator("header details.ojc-language > summary").click()
    page.locator("header details.ojc-language").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def expect_language(page: Page, code: str, direction: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def test_choosing_arabic_turns_the_page_right_to_left_and_the_choice_stays(page: Page, demo: Jobcenter) -> None:
    page.goto("/demo/privacy/")
    expect_language(page, "de", "ltr")

    choose_language(page, "العربية")

    assert page.url.endswith("/demo/privacy/")  # back on the same page
    expect_language(page, "ar", "rtl")
    page.locator("footer a[href='/demo/imprint/']").click()
    page.wait_for_load_state()
    expect_language(page, "ar", "rtl")
    choose_language(page, "Deutsch")
    expect_language(page, "de", "ltr")


def test_a_signed_in_persons_choice_is_remembered_on_the_next_sign_in(
    new_context: Callable[..., BrowserContext], aylin: User
) -> None:
    User.objects.filter(pk=aylin.pk).update(email_verified_at=timezone.now())
    page = new_context().new_page()
    page.goto("/demo/login/")
    sign_in_with_form(page, aylin.email, PASSWORD)
    choose_language(page, "العربية")
    page.locator("header form[action$='/logout/'] [type='submit']").click()
    page.wait_for_load_state()

    elsewhere = new_context().new_page()  # another device: no cookies at all
    elsewhere.goto("/demo/login/")
    expect_language(elsewhere, "de", "ltr")
    sign_in_with_form(elsewhere, aylin.email, PASSWORD)

    expect_language(elsewhere, "ar", "rtl")
    assert User.objects.get(pk=aylin.pk).language == "ar"

"""Staff sign in with password and then the code from their authenticator app (TOTP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from openjobcenter.accounts.models import User
from tests.browser.conftest import confirmed_totp_device, current_totp, sign_in_with_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE_FIELD = "main form input[autocomplete='one-time-code']"


def test_an_advisor_reaches_the_workspace_only_after_the_code_from_the_app(page: Page, bernd: User) -> None:
    device = confirmed_totp_device(bernd)
    page.goto("/demo/login/")
    sign_in_with_form(page, bernd.email, PASSWORD)
    assert "/demo/login/2fa/" in page.url

    page.goto("/demo/staff/")  # the password alone opens nothing
    assert "/demo/login/2fa/" in page.url

    page.locator(CODE_FIELD).fill(current_totp(device))
    page.locator(CODE_FIELD).press("Enter")
    page.wait_for_load_state()
    assert page.url.endswith("/demo/staff/")
    expect(page.locator("h1")).to_be_visible()


def test_a_wrong_code_is_refused_with_a_message_at_the_field(page: Page, bernd: User) -> None:
    device = confirmed_totp_device(bernd)
    page.goto("/demo/login/")
    sign_in_with_form(page, bernd.email, PASSWORD)
    wrong = str((int(current_totp(device)) + 1) % 1_000_000).zfill(6)

    page.locator(CODE_FIELD).fill(wrong)
    page.locator(CODE_FIELD).press("Enter")
    page.wait_for_load_state()

    assert "/demo/login/2fa/" in page.url
    field = page.locator(CODE_FIELD)
    expect(field).to_have_attribute("aria-invalid", "true")
    error_ids = (field.get_attribute("aria-describedby") or "").split()
    assert any(page.locator(f"#{error_id}.kern-error").is_visible() for error_id in error_ids)

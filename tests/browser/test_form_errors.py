"""Form errors: each message is tied to its field (aria-describedby), the status says so, and
nothing the person typed is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page

from openjobcenter.core.models import Jobcenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "main form:has(input[name='password'])"


def error_text_for(page: Page, field: Locator) -> str:
    """The visible error message the field's aria-describedby points to."""
    texts = []
    for element_id in (field.get_attribute("aria-describedby") or "").split():
        target = page.locator(f"[id='{element_id}']")
        if target.count() and "error" in (target.get_attribute("class") or "") and target.is_visible():
            texts.append(target.inner_text().strip())
    return " ".join(texts)


def submit(page: Page) -> int:
    with page.expect_navigation() as navigation:
        page.locator(FORM).locator("[type='submit']").click()
    response = navigation.value
    return response.status if response else 0


def test_an_empty_sign_in_form_names_the_missing_fields_at_the_fields(page: Page, demo: Jobcenter) -> None:
    page.goto("/demo/login/")
    assert submit(page) == 400

    for name in ("username", "password"):
        field = page.locator(FORM).locator(f"input[name='{name}']")
        assert field.get_attribute("aria-invalid") == "true"
        assert error_text_for(page, field), f"no error message tied to {name}"


def test_the_typed_email_is_kept_when_the_password_is_missing(page: Page, demo: Jobcenter) -> None:
    page.goto("/demo/login/")
    email = page.locator(FORM).locator("input[name='username']")
    email.fill("aylin@example.org")
    assert submit(page) == 400

    assert page.locator(FORM).locator("input[name='username']").input_value() == "aylin@example.org"
    password = page.locator(FORM).locator("input[name='password']")
    assert error_text_for(page, password)
    assert not error_text_for(page, page.locator(FORM).locator("input[name='username']"))

"""A citizen signs in through the real form and lands in her area."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from openjobcenter.accounts.models import User
from tests.browser.conftest import sign_in_with_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_signs_in_through_the_form_and_reaches_her_area(page: Page, aylin: User) -> None:
    User.objects.filter(pk=aylin.pk).update(email_verified_at=timezone.now())
    page.goto("/demo/login/")
    sign_in_with_form(page, aylin.email, PASSWORD)

    assert page.url.endswith("/demo/my/")
    expect(page.locator("nav a[href='/demo/my/']")).to_have_attribute("aria-current", "page")
    expect(page.locator("header").get_by_role("button", name="Abmelden")).to_be_visible()


def test_a_wrong_password_keeps_her_signed_out_with_a_message(page: Page, aylin: User) -> None:
    User.objects.filter(pk=aylin.pk).update(email_verified_at=timezone.now())
    page.goto("/demo/login/")
    sign_in_with_form(page, aylin.email, "falsches-Passwort-0")

    assert page.url.endswith("/demo/login/")
    expect(page.get_by_role("alert").first).to_be_visible()
    page.goto("/demo/my/")
    assert "/demo/login/" in page.url

"""In a real browser: a citizen signs in through the local OpenID provider and steps up before
changing bank details; a staff member signs in with a directory group mapped to "advisor"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from openjobcenter.accounts.models import User
from openjobcenter.accounts.oidc.models import BankDetails, Purpose
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.oidc.conftest import configure
from openjobcenter.accounts.tests.oidc.provider import PASSWORD, RunningProvider, running_provider
from openjobcenter.core.models import Jobcenter, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/oj/shots/accounts")


def _shot(page: Page, name: str) -> None:
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def provider(live_server: Any) -> Iterator[RunningProvider]:
    base = live_server.url.replace("localhost", "127.0.0.1")
    urls = [live_server.url, base]
    with running_provider([f"{u}/demo/login/oidc/callback/" for u in urls], [f"{u}/demo/" for u in urls]) as running:
        yield running


def _at_provider(page: Page, login: str, level: str) -> None:
    page.get_by_label("Benutzername").fill(login)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Vertrauensniveau").select_option(level)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_a_citizen_signs_in_with_bundid_and_steps_up_for_bank_details(
    page: Page, demo: Jobcenter, provider: RunningProvider
) -> None:
    configure(demo, provider, Purpose.CITIZEN, display_name="BundID")
    page.goto("/demo/login/", timeout=60_000)  # the first page of a fresh live server may be slow on a loaded machine
    _shot(page, "login-with-bundid")
    page.get_by_role("link", name="Mit BundID anmelden").click()
    _at_provider(page, "anna", "basis")
    assert "/demo/" in page.url and "login" not in page.url

    page.goto("/demo/account/bank-details/")
    page.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 00")
    page.get_by_role("button", name="Bankverbindung speichern").click()
    expect(page.get_by_role("heading", name="Bitte bestätigen Sie Ihre Identität")).to_be_visible()
    expect(page.get_by_text("Ihre Eingaben sind aufbewahrt")).to_be_visible()
    _shot(page, "step-up")
    anna = User.objects.get(email="anna@bund.example")
    assert not BankDetails.all_tenants.filter(user=anna).exists()

    page.get_by_role("link", name="Mit BundID bestätigen").click()
    _at_provider(page, "anna", "substanziell")
    expect(page.get_by_text("Ihre Bankverbindung ist gespeichert.")).to_be_visible()
    assert BankDetails.all_tenants.get(user=anna).iban == "DE89370400440532013000"


def test_a_staff_member_signs_in_with_a_directory_group_mapped_to_advisor(
    page: Page, demo: Jobcenter, provider: RunningProvider
) -> None:
    Team.all_tenants.create(jobcenter=demo, name="Markt und Integration 1")
    configure(
        demo, provider, Purpose.STAFF, display_name="Verzeichnisdienst", role_mapping={"jc-integration": "advisor"}
    )
    page.goto("/demo/login/")
    page.get_by_role("link", name="Für Mitarbeitende: mit Verzeichnisdienst anmelden").click()
    _at_provider(page, "berta", "hoch")
    page.goto("/demo/staff/")
    assert page.url.endswith("/demo/staff/")
    berta = User.objects.get(email="berta@demo.example")
    assert berta.role_set == {Role.ADVISOR}


def test_the_admin_configuration_page(page: Page, demo: Jobcenter, anja: User, signed_in: Any) -> None:
    signed_in(page.context, anja)
    page.goto("/demo/staff/identity/")
    expect(page.get_by_role("heading", name="Anmeldung und Identität", exact=True)).to_be_visible()
    _shot(page, "admin-configuration")

"""The case file's history and the citizen's rights in a real browser: Aylin asks for a correction,
sees it in "Verlauf meiner Akte" and downloads all her data; Tanja (team lead) answers on the case
page and sets a legal hold; the history page works right to left in Arabic; the admin sets periods.

With ``SHOTS_DIR`` set, each step leaves a screenshot there (phone and desktop, German and Arabic).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.testing import running_clamd
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR", "")
WRONG = "Mein Nachname ist in der Lohnabrechnung falsch geschrieben."


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def clamd_url(tmp_path_factory) -> Iterator[str]:
    with running_clamd(tmp_path_factory.mktemp("clamd")) as url:
        yield url


@pytest.fixture
def portal(settings, clamd_url, tmp_path) -> DemoPortal:
    settings.CLAMD_URL = clamd_url
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return demo_portal()


def test_aylin_asks_for_a_correction_tanja_answers_and_aylin_downloads_her_data(new_context, signed_in, portal):
    citizen = new_context(viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language="de"))
    page = citizen.new_page()
    page.goto("/demo/my/documents/")
    page.get_by_role("link", name="Etwas ist falsch? Berichtigung beantragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichtigung beantragen")
    page.get_by_label("Was ist falsch, und wie ist es richtig?").fill(WRONG)
    page.get_by_label("Betrifft das Dokument").select_option(
        label=page.locator("select[name=document] option").nth(1).inner_text()
    )
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.locator(".ojc-messages")).to_contain_text("Ihr Antrag auf Berichtigung ist eingegangen")
    shot(page, "correction-phone-de")

    page.goto("/demo/my/timeline/")
    expect(page.locator(".ojc-timeline")).to_contain_text("Berichtigung beantragt")
    page.goto("/demo/my/timeline/?kind=document")  # the demo's newer entries (jobs, subsidies) come first
    expect(page.locator(".ojc-timeline")).to_contain_text("Mietbescheinigung")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "timeline-phone-de")

    lead = new_context(viewport=DESKTOP)
    signed_in(lead, portal.persona(Role.TEAM_LEAD))
    staff = lead.new_page()
    staff.goto("/demo/staff/cases/")
    staff.get_by_role("link", name="12345BG0001").click()
    request = staff.locator("#berichtigung-bereich .ojc-note", has_text=WRONG)
    request.get_by_label("Antwort an die Kundin / den Kunden").fill("Danke, wir haben den Namen berichtigt.")
    request.get_by_role("button", name="Antworten und abschließen").click()
    expect(staff.locator(".ojc-messages")).to_contain_text("Ihre Antwort ist gespeichert")
    staff.locator("#hold-document").select_option(index=0)
    staff.locator("form[action$='/hold/']").get_by_label("Grund der Löschsperre").fill(
        "Klage beim Sozialgericht S 12 AS 34/26"
    )
    staff.get_by_role("button", name="Löschsperre setzen").click()
    expect(staff.locator("#loeschsperren ~ *").first).to_be_visible()
    expect(staff.get_by_text("Klage beim Sozialgericht S 12 AS 34/26")).to_be_visible()
    expect(staff.locator(".ojc-timeline")).to_contain_text("Antrag auf Berichtigung beantwortet")
    shot(staff, "case-desktop-de")

    page.goto("/demo/my/correction/")
    page.get_by_role("link", name=WRONG[:30], exact=False).first.click()
    expect(page.get_by_text("Danke, wir haben den Namen berichtigt.")).to_be_visible()

    page.goto("/demo/my/export/")
    shot(page, "export-phone-de")
    with page.expect_download() as download:
        page.get_by_role("button", name="ZIP-Datei herunterladen").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("daten.json"))
    assert data["profile"]["email"] == "kundin@demo.example"
    assert any(name.startswith("dokumente/") for name in archive.namelist())


def test_the_history_page_renders_right_to_left_in_arabic(new_context, signed_in, portal):
    context = new_context(language="ar", viewport=PHONE)
    signed_in(context, portal.persona(Role.CLIENT, language="ar"))
    page = context.new_page()
    page.goto("/demo/my/timeline/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator(".ojc-timeline")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "timeline-phone-ar")
    page.goto("/demo/my/correction/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "correction-phone-ar")


def test_the_admin_sets_a_period_and_sees_the_deletion_log(new_context, signed_in, portal):
    context = new_context(viewport=DESKTOP)
    signed_in(context, portal.persona(Role.JOBCENTER_ADMIN))
    page = context.new_page()
    page.goto("/demo/staff/retention/")
    page.get_by_label("Arbeitsunfähigkeitsbescheinigung").fill("18")
    page.get_by_role("button", name="Löschfristen speichern").click()
    expect(page.locator(".ojc-messages")).to_contain_text("Die Löschfristen sind gespeichert")
    expect(page.get_by_label("Arbeitsunfähigkeitsbescheinigung")).to_have_value("18")
    shot(page, "retention-desktop-de")
    page.goto("/demo/staff/retention/deletions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Löschprotokoll")
    shot(page, "deletions-desktop-de")
    phone = new_context(viewport=PHONE, language="ar")
    signed_in(phone, portal.persona(Role.JOBCENTER_ADMIN, language="ar"))
    rtl = phone.new_page()
    rtl.goto("/demo/staff/retention/")
    assert rtl.evaluate("document.documentElement.dir") == "rtl"
    shot(rtl, "retention-phone-ar")

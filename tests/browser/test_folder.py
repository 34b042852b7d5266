"""The application folder in a real browser: Aylin adds a job to her CV on her phone, uploads a certificate,
creates a share link for an employer; the link is opened in another, anonymous browser context (page and a
download); Aylin then sees both accesses under "Wer hat meine Mappe gesehen?". Once in German, once in
Ukrainian (asserting structure, not wording). Screenshots land in /tmp/oj/shots/folder/ when that exists.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.tests.conftest import (  # noqa: F401 – real clamd and a private storage
    _private_storage,
    clamd_url,
    pdf_bytes,
    scanner,
)
from openjobcenter.folder.models import Certificate, CvEntry, Share, ShareAccess
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOB = "Aushilfe im Verkauf XY"
CERTIFICATE = "Zertifikat Kassenschulung"
SHOTS = Path("/tmp/oj/shots/folder")


def _shot(page: Page, name: str) -> None:
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _citizen(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, language: str) -> Page:
    context = new_context(language=language, viewport=PHONE)
    signed_in(context, portal.persona(Role.CLIENT, language=language))
    return context.new_page()


def _build_cv(page: Page) -> None:
    page.goto("/demo/my/folder/cv/")
    page.locator("a[href$='/cv/work/new/']").click()
    page.locator("input[name='title']").fill(JOB)
    page.locator("input[name='organisation']").fill("Markt am Eck")
    page.locator("input[name='start']").fill("2024-01")
    page.locator("input[name='end']").fill("2024-06")
    page.locator("form.ojc-stack button[type='submit']").first.click()
    expect(page.locator("#abschnitt-work")).to_be_visible()
    expect(page.locator(".ojc-folder-item__title", has_text=JOB)).to_be_visible()


def _upload_certificate(page: Page, tmp_path: Path) -> None:
    page.goto("/demo/my/folder/certificates/")
    page.locator("input[name='title']").fill(CERTIFICATE)
    page.locator("input[name='issued_on']").fill("2024-03-15")
    file = tmp_path / "kassenschulung.pdf"
    file.write_bytes(pdf_bytes())
    page.locator("input[name='file']").set_input_files(str(file))
    page.locator("form[enctype] button[type='submit']").click()
    expect(page.locator(".ojc-folder-item__title", has_text=CERTIFICATE)).to_be_visible()


def _share(page: Page) -> str:
    page.goto("/demo/my/folder/shares/")
    page.locator("input[name='recipient']").fill("Markt am Eck GmbH")
    page.get_by_label(CERTIFICATE).check()
    page.locator("input[name='days'][value='7']").check()
    page.locator("form.ojc-stack button[type='submit']").click()
    link = page.locator("[data-share-link]")
    expect(link).to_be_visible()
    return str(link.input_value())


def _run(portal: DemoPortal, new_context, signed_in, tmp_path: Path, language: str) -> tuple[Page, Page]:
    citizen = _citizen(portal, new_context, signed_in, language)
    _build_cv(citizen)
    _upload_certificate(citizen, tmp_path)
    url = _share(citizen)
    share_page = citizen.url

    employer = new_context(language=language).new_page()  # anonymous: no session
    employer.goto(url)
    expect(employer.locator("h1")).to_contain_text("Aylin Kaya")
    expect(employer.locator("strong", has_text=JOB)).to_be_visible()
    with employer.expect_download() as download:
        employer.locator("a[href*='/certificates/']").click()
    assert download.value.suggested_filename.endswith(".pdf")

    citizen.goto(share_page)
    expect(citizen.locator("[data-access-log] tbody tr")).to_have_count(2)
    jobcenter = portal.jobcenter
    share = Share.objects.for_tenant(jobcenter).get(recipient="Markt am Eck GmbH")
    assert sorted(ShareAccess.objects.for_tenant(jobcenter).filter(share=share).values_list("kind", flat=True)) == [
        "certificate", "page",
    ]  # fmt: skip
    assert CvEntry.objects.for_tenant(jobcenter).filter(title=JOB).exists()
    assert Certificate.objects.for_tenant(jobcenter).filter(title=CERTIFICATE, scanned=True).exists()
    return citizen, employer


def test_citizen_builds_uploads_shares_and_sees_the_access_in_german(new_context, signed_in, scanner, tmp_path):
    portal = demo_portal()
    citizen, employer = _run(portal, new_context, signed_in, tmp_path, "de")
    expect(citizen.get_by_role("heading", level=2, name="Wer hat meine Mappe gesehen?")).to_be_visible()
    expect(citizen.locator("[data-access-log]")).to_contain_text("Nachweis heruntergeladen")
    _shot(citizen, "share-access-log-phone")
    employer.set_viewport_size(DESKTOP)
    _shot(employer, "shared-view-desktop")
    employer.set_viewport_size(PHONE)
    _shot(employer, "shared-view-phone")
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        citizen.set_viewport_size(viewport)
        citizen.goto("/demo/my/folder/cv/")
        _shot(citizen, f"cv-builder-{name}")
        citizen.goto("/demo/my/folder/")
        _shot(citizen, f"folder-home-{name}")
    _pdf_shots(citizen)


def test_citizen_builds_uploads_shares_and_sees_the_access_in_ukrainian(new_context, signed_in, scanner, tmp_path):
    portal = demo_portal()
    citizen, employer = _run(portal, new_context, signed_in, tmp_path, "uk")
    for page in (citizen, employer):
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        expect(page.locator("h1")).to_have_count(1)
    _shot(citizen, "share-access-log-uk-phone")


def _pdf_shots(page: Page) -> None:
    """The CV PDF as PNG pages (pdftoppm), to look at the layout."""
    if not SHOTS.exists():
        return
    response = page.request.get("/demo/my/folder/cv/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = SHOTS / "cv.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(SHOTS / "cv-pdf")], check=False)

"""The case file in a real browser, with a real clamd: Aylin uploads a PDF from "Meine Unterlagen",
the EICAR test file is refused with the reason (the chosen category stays), Bernd opens her case
and finds the document; the page works in Arabic, right to left.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.demo import text_pdf
from openjobcenter.casefile.testing import EICAR, running_clamd
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/demo/my/documents/"


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


def choose_file(page, name: str, content: bytes, mime: str) -> None:
    page.locator("input[name='file']").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])


def test_aylin_uploads_a_pdf_the_eicar_file_is_refused_and_bernd_sees_the_document(new_context, signed_in, portal):
    citizen = new_context(viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language="de"))
    page = citizen.new_page()
    page.goto("/demo/my/")
    page.get_by_role("link", name="Meine Unterlagen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Unterlagen")

    # The EICAR test file: refused with the reason, the chosen category and title are kept.
    page.get_by_label("Art des Dokuments").select_option("sick_note")
    page.get_by_label("Titel").fill("Krankmeldung")
    choose_file(page, "krankmeldung.pdf", EICAR, "application/pdf")
    page.get_by_role("button", name="Hochladen").click()
    expect(page.locator(".kern-error")).to_contain_text("Schadsoftware")
    expect(page.get_by_label("Art des Dokuments")).to_have_value("sick_note")
    expect(page.get_by_label("Titel")).to_have_value("Krankmeldung")
    expect(page.get_by_text("krankmeldung.pdf")).to_have_count(0)

    # A real PDF goes through.
    choose_file(page, "Lohnabrechnung-November.pdf", text_pdf(["Lohnabrechnung November"]), "application/pdf")
    page.get_by_label("Art des Dokuments").select_option("income")
    page.get_by_label("Titel").fill("Lohnabrechnung November")
    page.get_by_role("button", name="Hochladen").click()
    expect(page.locator(".ojc-messages")).to_contain_text("Lohnabrechnung November")
    expect(page.locator(".ojc-doc-list")).to_contain_text("Lohnabrechnung November")

    advisor = new_context()
    signed_in(advisor, portal.persona(Role.ADVISOR))
    staff = advisor.new_page()
    staff.goto("/demo/staff/cases/")
    staff.get_by_role("link", name="12345BG0001").click()
    expect(staff.locator(".ojc-doc-list")).to_contain_text("Lohnabrechnung November")
    with staff.expect_download() as download:
        staff.locator(".ojc-doc", has_text="Lohnabrechnung November").get_by_role("link", name="Herunterladen").click()
    assert download.value.suggested_filename == "Lohnabrechnung-November.pdf"


def test_the_documents_page_renders_right_to_left_in_arabic(new_context, signed_in, portal, settings):
    settings.UPLOAD_MAX_SIZE = 50_000
    context = new_context(language="ar", viewport=PHONE)
    signed_in(context, portal.persona(Role.CLIENT, language="ar"))
    page = context.new_page()
    page.goto(PAGE)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    upload = page.locator("input[name='file']")
    expect(upload).to_be_visible()
    # Nothing sticks out sideways on a phone (labels by field name: the page may be translated).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    form = page.locator("form.ojc-stack").bounding_box()
    assert form is not None and form["x"] >= 0

    # A file over the limit is stopped in the browser, before the upload starts.
    page.locator("select[name=category]").select_option("other")
    choose_file(page, "gross.pdf", b"%PDF-1.4\n" + b"0" * 60_000, "application/pdf")
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator(".ojc-js-size-error")).to_be_visible()
    assert page.url.endswith(PAGE)
    expect(page.locator("select[name=category]")).to_have_value("other")

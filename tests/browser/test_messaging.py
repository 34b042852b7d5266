"""The Postfach in a real browser, with a real clamd: Aylin writes to her team with a PDF attached,
Bernd finds it in the team inbox and answers with a template, Aylin sees the answer and the unread
badge. Once in German, once in Arabic (right to left; asserted by structure, not by translated text).

Set ``OJ_SHOTS=/some/dir`` to keep screenshots of every step (phone and desktop).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.demo import text_pdf
from openjobcenter.casefile.testing import running_clamd
from openjobcenter.messaging.models import Message, Thread
from openjobcenter.messaging.services.threads import reply
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Nachweis Nebenkosten"
BODY = "Guten Tag, anbei die Abrechnung der Nebenkosten."


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


def shot(page: Page, name: str) -> None:
    if directory := os.environ.get("OJ_SHOTS"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def write_with_attachment(page: Page) -> None:
    """Fill the new-message form by field names (the labels may be translated)."""
    page.locator("input[name=topic][value=documents]").check()
    page.locator("input[name=subject]").fill(SUBJECT)
    page.locator("textarea[name=body]").fill(BODY)
    pdf = text_pdf(["Nebenkostenabrechnung 2026 (Test)"])
    page.locator("input[name=attachment]").set_input_files(
        files={"name": "Nebenkosten.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.locator("main form[enctype] button[type=submit]").click()


def advisor_answers_with_template(new_context, signed_in, portal: DemoPortal, language: str) -> None:
    context = new_context()
    signed_in(context, portal.persona(Role.ADVISOR))
    staff = context.new_page()
    staff.goto("/demo/staff/messages/")
    row = staff.locator(".ojc-thread", has_text=SUBJECT)
    expect(row).to_contain_text("Aylin Kaya")
    expect(row.locator(".kern-badge")).to_contain_text("ungelesen")
    shot(staff, f"{language}-staff-inbox-desktop")
    row.get_by_role("link").click()
    expect(staff.locator(".ojc-msg-list")).to_contain_text(BODY)
    expect(staff.locator(".ojc-msg__attachment")).to_contain_text("Nebenkosten.pdf")
    staff.get_by_label("Antwortvorlage").select_option(label="Unterlagen erhalten")
    staff.get_by_role("button", name="Vorlage einfügen").click()
    expect(staff.get_by_label("Antwort", exact=True)).to_have_value(
        "Guten Tag Aylin Kaya,\n\nIhre Unterlagen sind bei uns angekommen und liegen in Ihrer Akte. "
        "Sie müssen nichts weiter tun.\n\nMit freundlichen Grüßen\nBernd Brandt"
    )
    shot(staff, f"{language}-staff-thread-desktop")
    staff.get_by_role("button", name="Antwort senden").click()
    expect(staff.locator(".ojc-messages")).to_contain_text("Ihre Antwort ist gesendet.")
    expect(staff.locator(".ojc-msg--staff")).to_have_count(1)
    context.close()


def test_aylin_writes_with_a_pdf_and_bernd_answers_with_a_template(new_context, signed_in, portal):
    citizen = new_context(viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language="de"))
    page = citizen.new_page()
    page.goto("/demo/my/messages/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Postfach")
    expect(page.locator(".ojc-msg-count")).to_contain_text("1 ungelesen")  # the demo answer about her application
    shot(page, "de-citizen-inbox-phone")
    page.get_by_role("link", name="Neue Nachricht schreiben").click()
    expect(page.get_by_label("An", exact=True)).to_have_value("team")
    shot(page, "de-citizen-new-phone")
    write_with_attachment(page)
    expect(page.locator(".ojc-messages")).to_contain_text("Ihre Nachricht ist gesendet.")
    expect(page.locator(".ojc-msg__attachment")).to_contain_text("Nebenkosten.pdf")
    thread = Thread.objects.for_tenant(portal.jobcenter).get(subject=SUBJECT)
    assert Message.objects.for_tenant(portal.jobcenter).get(thread=thread).document is not None

    advisor_answers_with_template(new_context, signed_in, portal, "de")

    page.goto("/demo/my/messages/")
    expect(page).to_have_title("Postfach (2 ungelesen) – Jobcenter Musterstadt")
    expect(page.locator(".ojc-thread--unread", has_text=SUBJECT)).to_contain_text("neue Antwort")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator(".ojc-msg--staff")).to_contain_text("Ihre Unterlagen sind bei uns angekommen")
    assert fits_the_screen(page)
    shot(page, "de-citizen-thread-phone")
    page.goto("/demo/my/messages/")
    expect(page.locator(".ojc-msg-count")).to_contain_text("1 ungelesen")


def test_the_same_in_arabic_right_to_left(new_context, signed_in, portal):
    citizen = new_context(language="ar", viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language="ar"))
    page = citizen.new_page()
    page.goto("/demo/my/messages/new/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert fits_the_screen(page)
    shot(page, "ar-citizen-new-phone")

    # A refused file keeps the typed text (the reason is shown next to the field).
    page.locator("input[name=topic][value=documents]").check()
    page.locator("input[name=subject]").fill(SUBJECT)
    page.locator("textarea[name=body]").fill(BODY)
    page.locator("input[name=attachment]").set_input_files(
        files={"name": "bild.png", "mimeType": "image/png", "buffer": b"kein Bild"}
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator(".kern-error")).to_have_count(1)
    expect(page.locator("textarea[name=body]")).to_have_value(BODY)
    expect(page.locator("input[name=subject]")).to_have_value(SUBJECT)
    assert not Thread.objects.for_tenant(portal.jobcenter).filter(subject=SUBJECT).exists()

    write_with_attachment(page)
    expect(page.locator(".ojc-msg__attachment")).to_contain_text("Nebenkosten.pdf")

    advisor_answers_with_template(new_context, signed_in, portal, "ar")

    page.goto("/demo/my/messages/")
    expect(page.locator(".ojc-msg-count")).to_contain_text("2")
    expect(page.locator(".ojc-thread--unread")).to_have_count(2)
    page.locator(".ojc-thread--unread", has_text=SUBJECT).get_by_role("link").click()
    staff_message = page.locator(".ojc-msg--staff")
    expect(staff_message).to_contain_text("Bernd Brandt")
    # Right to left: her own message sits on the left, the Jobcenter's on the right.
    mine = page.locator(".ojc-msg--mine .ojc-msg__bubble").bounding_box()
    theirs = staff_message.locator(".ojc-msg__bubble").bounding_box()
    assert mine is not None and theirs is not None
    assert mine["x"] <= theirs["x"]
    assert fits_the_screen(page)
    shot(page, "ar-citizen-thread-phone")


def test_an_answer_appears_in_the_open_thread_without_reloading(new_context, signed_in, portal, settings):
    settings.MESSAGING_POLL_SECONDS = 1
    citizen = new_context(viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language="de"))
    page = citizen.new_page()
    page.goto("/demo/my/messages/new/")
    write_with_attachment(page)
    expect(page.locator(".ojc-msg--mine")).to_have_count(1)
    thread = Thread.objects.for_tenant(portal.jobcenter).get(subject=SUBJECT)
    reply(actor=portal.persona(Role.ADVISOR), thread=thread, body="Danke, die Abrechnung ist angekommen.")
    expect(page.locator(".ojc-msg--staff")).to_contain_text("Danke, die Abrechnung ist angekommen.", timeout=10_000)
    expect(page.locator("#thread-announce")).to_contain_text("Eine neue Nachricht ist eingegangen.")
    # The new poller knows the answer: it is not appended a second time.
    page.wait_for_timeout(2_500)
    expect(page.locator(".ojc-msg--staff")).to_have_count(1)
    thread.refresh_from_db()
    assert not thread.unread_for_citizen

"""The assistant's chat window in a real browser: opened from the home page, it answers with its sources
and the machine notice, hands over what it cannot answer, works right to left in Arabic on a phone and in
English, takes "helpful?" feedback; and without JavaScript the assistant's own page does the same."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from openjobcenter.assistant.models import Feedback
from openjobcenter.assistant.services.answers import knowledge_for
from tests.browser.conftest import DESKTOP, PHONE, format_violations, run_axe
from tests.browser.scenario import demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN = "Fragen an den digitalen Assistenten"
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def portal():
    portal = demo_portal()
    # The live server runs in this process: build the matcher's index now, not during the first question.
    knowledge_for(portal.jobcenter)
    return portal


def open_chat(page: Page, name: str = OPEN) -> None:
    page.goto("/demo/")
    page.get_by_role("button", name=name).click()
    expect(page.locator("dialog#ojc-chat")).to_be_visible()
    expect(page.locator("#ojc-chat-question")).to_be_focused()


def ask(page: Page, question: str) -> None:
    turns = page.locator("#ojc-chat-log .ojc-chat__turn--assistant")
    before = turns.count()
    page.locator("#ojc-chat-question").fill(question)
    page.keyboard.press("Enter")
    expect(turns).to_have_count(before + 1, timeout=15_000)


def test_german_answer_with_sources_notice_feedback_and_hand_over(new_context, portal):
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_chat(page)
    dialog = page.get_by_role("dialog", name="Digitaler Assistent")
    expect(dialog.locator("#ojc-chat-disclosure")).to_contain_text("nicht mit einem Menschen")  # before asking

    ask(page, "Wann wird das Geld überwiesen?")
    reply = page.locator("#ojc-chat-log .ojc-chat__turn--assistant").last
    expect(reply).to_have_attribute("data-reason", "answer")
    expect(reply.locator(".ojc-chat__sources a").first).to_have_attribute("href", re.compile(r"^https://"))
    expect(page.locator("#ojc-chat-question")).to_have_value("")
    expect(page.locator("#ojc-chat-question")).to_be_focused()
    assert page.locator("#ojc-chat-log").get_attribute("role") == "log"

    before = Feedback.all_tenants.count()  # the demo has some
    reply.get_by_role("button", name="Ja").click()
    expect(reply.get_by_role("status")).to_have_text("Vielen Dank für Ihre Rückmeldung.")
    expect(reply.get_by_role("status")).to_be_focused()
    assert Feedback.all_tenants.count() == before + 1
    newest = Feedback.all_tenants.latest("id")
    assert (newest.topic_key, newest.score, newest.language) == ("payment-date", 1, "de")

    ask(page, "Was ist die Hauptstadt von Frankreich?")
    handover = page.locator("#ojc-chat-log .ojc-chat__turn--assistant").last
    expect(handover).not_to_have_attribute("data-reason", "answer")
    expect(handover.get_by_role("link", name="Einen Termin buchen")).to_have_attribute("href", "/demo/appointments/")
    expect(handover.locator("a[href^='tel:']")).to_be_visible()
    violations = run_axe(page)  # the open window with an answer, feedback and a hand-over
    assert not violations, format_violations(violations)

    page.keyboard.press("Escape")
    expect(page.locator("dialog#ojc-chat")).to_be_hidden()
    expect(page.get_by_role("button", name=OPEN)).to_be_focused()
    assert not errors


def test_empty_question_shows_the_message_in_the_window(new_context, portal):
    page = new_context().new_page()
    open_chat(page)
    page.locator("#ojc-chat-question").fill("   ")
    page.keyboard.press("Enter")
    expect(page.locator("#ojc-chat-error [role=alert]")).to_contain_text("Bitte geben Sie eine Frage ein.")
    expect(page.locator("#ojc-chat-log .ojc-chat__turn")).to_have_count(0)


def test_arabic_on_a_phone_right_to_left(new_context, portal):
    page = new_context(language="ar", viewport=PHONE).new_page()
    page.goto("/demo/")
    assert page.evaluate(OVERFLOW) <= 0
    page.locator("[data-ojc-chat-open]").click()
    dialog = page.locator("dialog#ojc-chat")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    ask(page, "كيف أغير حسابي البنكي؟")
    reply = page.locator("#ojc-chat-log .ojc-chat__turn--assistant").last
    expect(reply).to_have_attribute("lang", "ar")
    expect(reply).to_have_attribute("dir", "rtl")
    expect(reply).to_have_attribute("data-reason", "answer")
    assert page.evaluate(OVERFLOW) <= 0


def test_english(new_context, portal):
    page = new_context(language="en").new_page()
    page.goto("/demo/")
    page.locator("[data-ojc-chat-open]").click()
    ask(page, "How do I change my bank account details?")
    reply = page.locator("#ojc-chat-log .ojc-chat__turn--assistant").last
    expect(reply).to_have_attribute("lang", "en")
    expect(reply).to_have_attribute("data-reason", "answer")


def test_without_javascript_the_assistant_has_its_own_page(browser: Browser, live_server, portal):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=DESKTOP, locale="de-DE")
    try:
        page = context.new_page()
        page.goto("/demo/")
        expect(page.locator("[data-ojc-chat-open]")).to_be_hidden()
        page.get_by_role("link", name=OPEN).click()
        expect(page).to_have_url(f"{live_server.url}/demo/assistent/")
        expect(page.get_by_text("nicht mit einem Menschen")).to_be_visible()
        page.get_by_label("Ihre Frage").fill("Wann wird das Geld überwiesen?")
        page.get_by_role("button", name="Frage senden").click()
        expect(page.get_by_label("Ihre Frage")).to_have_value("Wann wird das Geld überwiesen?")
        reply = page.locator(".ojc-chat__turn--assistant")
        expect(reply).to_have_attribute("data-reason", "answer")
        expect(reply.locator(".ojc-chat__sources a").first).to_be_visible()
        before = Feedback.all_tenants.count()
        reply.get_by_role("button", name="Nein").click()
        expect(page.get_by_text("Vielen Dank für Ihre Rückmeldung")).to_be_visible()
        assert Feedback.all_tenants.count() == before + 1 and Feedback.all_tenants.latest("id").score == -1
    finally:
        context.close()

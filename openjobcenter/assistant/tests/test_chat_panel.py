"""The chat window on every citizen-facing page, and the fragment endpoint its form posts to (htmx)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.assistant.models import QuestionCount

REPLY = "/demo/assistent/antwort/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("path", ["/demo/", "/demo/privacy/", "/demo/statistik/", "/demo/appointments/"])
def test_public_pages_offer_the_chat_window(client, demo, knowledge, path):
    page = client.get(path).content.decode()
    assert 'id="ojc-chat"' in page and 'href="/demo/assistent/"' in page
    assert "Fragen an den digitalen Assistenten" in page
    assert "digitalen Assistenten, nicht mit einem Menschen" in page  # the notice, before the first question


def test_the_citizen_area_offers_it(client, aylin, knowledge):
    sign_in(client, aylin)
    assert 'id="ojc-chat"' in client.get("/demo/my/").content.decode()


def test_staff_pages_do_not(client, tanja, knowledge):
    sign_in(client, tanja)
    assert 'id="ojc-chat"' not in client.get("/demo/staff/").content.decode()
    assert 'id="ojc-chat"' not in client.get("/demo/staff/statistik/service/").content.decode()


def test_the_fragment_holds_the_question_and_the_answer(client, demo, knowledge):
    response = client.post(REPLY, {"question": "Wann wird das Geld überwiesen?"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Wann wird das Geld überwiesen?" in html and 'data-reason="answer"' in html
    assert 'hx-post="/demo/assistent/rueckmeldung/"' in html


def test_a_reply_in_another_language_brings_its_own_notice(client, demo, knowledge):
    html = client.post(REPLY, {"question": "How do I change my bank account details?"}, **HTMX).content.decode()
    assert 'lang="en"' in html and "ojc-chat__disclosure" in html
    german = client.post(REPLY, {"question": "Wann wird das Geld überwiesen?"}, **HTMX).content.decode()
    assert "ojc-chat__disclosure" not in german  # the window shows it already in the page's language


def test_suggestions_post_back_into_the_conversation(client, demo, knowledge):
    html = client.post(REPLY, {"topic": "housing-costs", "language": "ar"}, **HTMX).content.decode()
    assert 'lang="ar" dir="rtl"' in html and 'data-reason="answer"' in html
    assert "Ihre Auswahl" in html


def test_bad_input_is_retargeted_to_the_form_with_422(client, demo, knowledge):
    response = client.post(REPLY, {"question": ""}, **HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#ojc-chat-error"
    assert "Bitte geben Sie eine Frage ein." in response.content.decode()


@override_settings(PUBLIC_API_RATE_LIMIT="2/m")
def test_the_fragment_is_rate_limited(client, demo, knowledge):
    for _ in range(2):
        assert client.post(REPLY, {"question": "Öffnungszeiten"}, **HTMX).status_code == 200
    response = client.post(REPLY, {"question": "Öffnungszeiten"}, **HTMX)
    assert response.status_code == 429 and response["HX-Retarget"] == "#ojc-chat-error"


def test_only_post(client, demo, knowledge):
    assert client.get(REPLY).status_code == 405


def test_every_question_is_counted(client, demo, knowledge):
    for _ in range(3):
        client.post(REPLY, {"question": "Wann wird das Geld überwiesen?"}, **HTMX)
    client.post(
        "/api/v1/demo/assistant/ask", {"question": "Wann wird das Geld überwiesen?"}, content_type="application/json"
    )
    (row,) = QuestionCount.all_tenants.filter(jobcenter=demo)
    assert (row.outcome, row.topic_key, row.count) == ("answer", "payment-date", 4)

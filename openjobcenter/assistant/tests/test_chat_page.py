"""The assistant's own page /<slug>/assistent/: a plain form that works without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from openjobcenter.assistant.models import Feedback, QuestionCount, RetainedQuestion

URL = "/demo/assistent/"


def ask(client, question: str, **extra):
    return client.post(URL, {"question": question, **extra})


def test_the_page_shows_the_form_and_the_machine_notice(client, demo, knowledge):
    page = client.get(URL).content.decode()
    assert 'name="question"' in page and "csrfmiddlewaretoken" in page
    assert "digitalen Assistenten, nicht mit einem Menschen" in page
    # The page is the chat itself: no second window on it.
    assert 'id="ojc-chat"' not in page


def test_a_german_question_is_answered_with_sources_and_kept_in_the_field(client, demo, knowledge):
    response = ask(client, "Wann wird das Geld überwiesen?")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-reason="answer"' in page
    assert "Wann wird das Geld überwiesen?</textarea>" in page
    assert "Quellen" in page and "SGB II" in page
    assert "War diese Antwort hilfreich?" in page and 'value="payment-date"' in page


def test_an_english_question_is_answered_in_english(client, demo, knowledge):
    page = ask(client, "How do I change my bank account details?").content.decode()
    assert 'lang="en"' in page and 'data-reason="answer"' in page


def test_an_arabic_question_is_answered_right_to_left(client, demo, knowledge):
    page = ask(client, "كيف أغير حسابي البنكي؟").content.decode()
    assert 'lang="ar" dir="rtl"' in page and 'data-reason="answer"' in page


def test_out_of_scope_is_handed_over_with_appointment_and_phone(client, demo, knowledge):
    page = ask(client, "Was ist die Hauptstadt von Frankreich?").content.decode()
    assert 'data-reason="answer"' not in page
    assert 'href="/demo/appointments/"' in page and 'href="tel:01234567-0"' in page


def test_own_case_goes_to_sign_in_and_the_advisor(client, demo, knowledge):
    page = ask(client, "Wie viel Geld bekomme ich genau nächsten Monat?").content.decode()
    assert 'data-reason="own_case"' in page and 'href="/demo/login/"' in page


def test_a_chosen_suggestion_is_answered_by_topic(client, demo, knowledge):
    response = client.post(URL, {"topic": "housing-costs", "language": "de", "question": "miete?"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-reason="answer"' in page
    assert "miete?</textarea>" in page
    assert not QuestionCount.all_tenants.exists()  # a chosen topic is no new question


def test_an_unknown_topic_is_refused(client, demo, knowledge):
    response = client.post(URL, {"topic": "gibt-es-nicht", "language": "de"})
    assert response.status_code == 422
    assert "Zu diesem Thema gibt es keine Antwort" in response.content.decode()


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_422_in_german(client, demo, knowledge, question):
    response = ask(client, question)
    assert response.status_code == 422
    assert "Bitte geben Sie eine Frage ein." in response.content.decode()


def test_a_too_long_question_is_422_and_kept(client, demo, knowledge):
    question = "Wann kommt das Geld " + "x" * 500
    response = ask(client, question)
    page = response.content.decode()
    assert response.status_code == 422
    assert "höchstens 500 Zeichen" in page and question in page


def test_the_message_is_in_the_page_language(client, demo, knowledge):
    client.cookies["ojc_language"] = "en"
    response = ask(client, "")
    assert response.status_code == 422
    assert "Please enter a question." in response.content.decode()


def test_csrf_is_required(demo, knowledge):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"question": "Öffnungszeiten"}).status_code == 403
    page = client.get(URL)
    token = page.cookies["ojc_csrftoken"].value
    assert client.post(URL, {"question": "Öffnungszeiten", "csrfmiddlewaretoken": token}).status_code == 200


@override_settings(PUBLIC_API_RATE_LIMIT="3/m")
def test_rate_limited_per_client_address_keeping_the_question(client, demo, knowledge):
    for _ in range(3):
        assert ask(client, "Öffnungszeiten").status_code == 200
    response = ask(client, "Öffnungszeiten bitte")
    page = response.content.decode()
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert "Bitte warten Sie einen Moment" in page and "Öffnungszeiten bitte</textarea>" in page


def test_nothing_of_the_question_is_stored_by_default(client, demo, knowledge):
    ask(client, "Wann wird das Geld überwiesen? max@example.org")
    assert not RetainedQuestion.all_tenants.exists()
    assert not Feedback.all_tenants.exists()
    (count,) = QuestionCount.all_tenants.all()
    assert (count.outcome, count.topic_key, count.language, count.count) == ("answer", "payment-date", "de", 1)

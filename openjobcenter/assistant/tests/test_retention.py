"""Retention of redacted questions: off by default, redacted and expiring when on, deleted by the worker;
the staff page lists them per Jobcenter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.assistant.models import RetainedQuestion
from openjobcenter.assistant.services.retention import delete_expired_questions, retain_question
from openjobcenter.assistant.tasks import PERIODIC, delete_expired_questions_task

URL = "/demo/staff/assistent/fragen/"
QUESTION = "Mein Konto DE89370400440532013000, wann kommt das Geld? max@example.org"


def test_off_by_default_nothing_is_stored(client, demo, knowledge):
    client.post("/demo/assistent/", {"question": QUESTION})
    client.post("/api/v1/demo/assistant/ask", {"question": QUESTION}, content_type="application/json")
    assert not RetainedQuestion.all_tenants.exists()


@override_settings(ASSISTANT_QUESTION_RETENTION_DAYS=7)
def test_on_the_chat_and_the_api_keep_the_redacted_question(client, demo, knowledge):
    client.post("/demo/assistent/", {"question": QUESTION})
    client.post(
        "/api/v1/demo/assistant/ask", {"question": "Hauptstadt von Frankreich 12345?"}, content_type="application/json"
    )
    first, second = RetainedQuestion.all_tenants.order_by("id")
    assert first.text == "Mein Konto «IBAN», wann kommt das Geld? «E-MAIL»"
    assert first.jobcenter == demo and first.language == "de"
    assert "Frankreich «ZAHL»" in second.text and second.outcome != "answer" and second.topic_key == ""
    assert abs(first.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)


@override_settings(ASSISTANT_QUESTION_RETENTION_DAYS=3)
def test_expired_questions_are_deleted_by_the_worker_task(demo, nord):
    now = timezone.now()
    reply = {"reason": "unsure", "language": "de", "topic": None}
    old = retain_question(demo, "alt", reply, now=now - dt.timedelta(days=4))
    fresh = retain_question(nord, "neu", reply, now=now - dt.timedelta(days=1))
    assert old and fresh
    assert delete_expired_questions(now=now) == 1
    assert list(RetainedQuestion.all_tenants.values_list("text", flat=True)) == ["neu"]
    assert delete_expired_questions_task.enqueue().return_value == 0  # the task (immediate backend in tests)
    assert any(task is delete_expired_questions_task for _seconds, task in PERIODIC)


@pytest.fixture
def retained(demo, nord):
    later = timezone.now() + dt.timedelta(days=5)
    RetainedQuestion.all_tenants.create(
        jobcenter=demo, text="Wie beantrage ich «ZAHL»?", language="de", outcome="unsure", expires_at=later
    )
    RetainedQuestion.all_tenants.create(
        jobcenter=demo,
        text="Wann kommt das Geld?",
        language="de",
        outcome="answer",
        topic_key="payment-date",
        expires_at=later,
    )
    RetainedQuestion.all_tenants.create(
        jobcenter=nord, text="Geheime Nordfrage", language="de", outcome="unsure", expires_at=later
    )


def test_staff_with_the_permission_see_their_jobcenters_questions(client, anja, retained, knowledge):
    sign_in(client, anja)
    page = client.get(URL).content.decode()
    assert "Wie beantrage ich «ZAHL»?" in page and "Wann kommt das Geld?" in page
    assert "Geheime Nordfrage" not in page
    unanswered = client.get(URL, {"nur": "offen"}).content.decode()
    assert "Wie beantrage ich «ZAHL»?" in unanswered and "Wann kommt das Geld?" not in unanswered


def test_the_page_says_when_retention_is_off(client, anja, knowledge):
    sign_in(client, anja)
    assert "Die Aufbewahrung ist ausgeschaltet" in client.get(URL).content.decode()


def test_others_may_not_open_it(client, bernd, aylin, niklas, retained):
    sign_in(client, bernd)
    assert client.get(URL).status_code == 403
    client.logout()
    sign_in(client, aylin)
    assert client.get(URL).status_code == 403
    client.logout()
    sign_in(client, niklas)  # staff of Jobcenter Nordkreis
    assert client.get(URL).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and "/demo/login/" in response["Location"]

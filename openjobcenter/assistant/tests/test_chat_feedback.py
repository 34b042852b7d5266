""" "Hilfreich?" under each answer: topic, score, language and day — nothing else."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from openjobcenter.assistant.models import Feedback

URL = "/demo/assistent/rueckmeldung/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def vote(client, score="1", topic="payment-date", language="de", **extra):
    return client.post(URL, {"topic": topic, "score": score, "language": language, "next": "/demo/assistent/"}, **extra)


def test_without_javascript_it_is_stored_and_thanked(client, demo, knowledge):
    response = vote(client, "-1", follow=True)
    assert response.redirect_chain == [("/demo/assistent/", 302)]
    assert "Vielen Dank für Ihre Rückmeldung" in response.content.decode()
    (feedback,) = Feedback.all_tenants.all()
    assert (feedback.jobcenter, feedback.topic_key, feedback.score, feedback.language, feedback.date) == (
        demo, "payment-date", -1, "de", timezone.localdate(),
    )  # fmt: skip
    stored = {f.name for f in Feedback._meta.get_fields()}
    assert stored == {"id", "jobcenter", "topic_key", "score", "language", "date"}


def test_with_htmx_the_buttons_become_a_thank_you_in_the_reply_language(client, demo, knowledge):
    response = vote(client, "1", language="en", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'role="status"' in html
    assert Feedback.all_tenants.get().language == "en"


@pytest.mark.parametrize(
    ("topic", "score", "language"),
    [("gibt-es-nicht", "1", "de"), ("payment-date", "5", "de"), ("payment-date", "1", "fr"), ("", "1", "de")],
)
def test_bad_feedback_is_refused(client, demo, knowledge, topic, score, language):
    assert vote(client, score, topic=topic, language=language).status_code == 422
    assert vote(client, score, topic=topic, language=language, **HTMX).status_code == 422
    assert not Feedback.all_tenants.exists()


def test_another_jobcenters_own_topic_is_unknown_here(client, demo, nord, knowledge):
    from openjobcenter.assistant.models import Topic, TopicVersion, VersionStatus

    topic = Topic.all_tenants.create(jobcenter=nord, key="nord-only")
    TopicVersion.all_tenants.create(
        topic=topic, jobcenter=nord, number=1, status=VersionStatus.PUBLISHED, title={"de": "Nord"}, answer={"de": "x"}
    )
    assert vote(client, topic="nord-only").status_code == 422
    assert (
        client.post("/nord/assistent/rueckmeldung/", {"topic": "nord-only", "score": "1", "language": "de"}).status_code
        == 302
    )


def test_csrf_is_required(demo, knowledge):
    assert vote(Client(enforce_csrf_checks=True)).status_code == 403
    assert not Feedback.all_tenants.exists()


@override_settings(RATELIMIT_ENABLE=True)
def test_rate_limited(client, demo, knowledge, monkeypatch):
    monkeypatch.setattr("openjobcenter.assistant.views.chat.FEEDBACK_RATE", "2/h")
    assert vote(client).status_code == 302 and vote(client).status_code == 302
    response = vote(client)
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert Feedback.all_tenants.count() == 2


def test_next_must_stay_in_the_jobcenter(client, demo, knowledge):
    response = client.post(
        URL, {"topic": "payment-date", "score": "1", "language": "de", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/demo/assistent/"

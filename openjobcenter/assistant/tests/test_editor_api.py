"""Publishing in the editor changes what the assistant answers (POST /api/v1/<slug>/assistant/ask) at
once, for that Jobcenter only; own topics are answered only there; revert and deactivate take effect."""

from __future__ import annotations

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.assistant.services import editor
from openjobcenter.assistant.services.answers import fill_placeholders
from openjobcenter.assistant.tests.editor_helpers import edited, parking_data, published_of, shipped

pytestmark = pytest.mark.django_db

QUESTION = "Wann wird das Geld überwiesen?"
PARKING = "Wo kann ich am Jobcenter parken?"


def ask(client, slug, question, **extra):
    response = client.post(
        f"/api/v1/{slug}/assistant/ask", {"question": question, **extra}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def _publish(demo, version, data, anja, tanja):
    version = editor.save_draft(version, data, actor=anja)
    version = editor.mark_reviewed(version, actor=tanja)
    return editor.publish(version, actor=anja)


def shipped_answer(jobcenter, language="de"):
    return fill_placeholders(published_of(shipped("payment-date")).answer[language], jobcenter)


@pytest.fixture
def nord_answer(client, nord, knowledge):
    return ask(client, "nord", QUESTION)


def test_publishing_changes_the_answer_at_once_for_this_jobcenter_only(client, demo, nord, anja, tanja, nord_answer):
    topic = shipped("payment-date")
    before = ask(client, "demo", QUESTION)
    assert before["topic"] == "payment-date" and before["answer"] == shipped_answer(demo)
    assert nord_answer["answer"] == shipped_answer(nord)
    draft = editor.start_draft(demo, topic, actor=anja)
    new_text = "Neu in {jobcenter_name}: Das Geld kommt am letzten Werktag des Vormonats."
    draft = editor.save_draft(draft, edited(draft, answer={**draft.answer, "de": new_text}), actor=anja)
    assert ask(client, "demo", QUESTION)["answer"] == before["answer"]  # a draft changes nothing
    editor.mark_reviewed(draft, actor=tanja)
    assert ask(client, "demo", QUESTION)["answer"] == before["answer"]  # neither does a review
    editor.publish(draft, actor=anja)
    after = ask(client, "demo", QUESTION)
    assert after["topic"] == "payment-date"
    assert after["answer"] == "Neu in Jobcenter Musterstadt: Das Geld kommt am letzten Werktag des Vormonats."
    assert ask(client, "nord", QUESTION)["answer"] == nord_answer["answer"]
    # The other languages keep their texts.
    assert ask(client, "demo", QUESTION, language="en")["answer"] == shipped_answer(demo, "en")
    editor.revert_to_shipped(demo, topic, actor=anja)
    assert ask(client, "demo", QUESTION)["answer"] == before["answer"]


def test_an_own_topic_is_answered_only_in_its_jobcenter(client, demo, nord, anja, tanja, knowledge):
    assert ask(client, "demo", PARKING)["topic"] != "parken"
    version = editor.create_topic(demo, "parken", "Parken am Jobcenter", actor=anja)
    _publish(demo, version, parking_data(), anja, tanja)
    body = ask(client, "demo", PARKING)
    assert body["topic"] == "parken"
    assert body["answer"].startswith("Vor Jobcenter Musterstadt gibt es 20 kostenlose Parkplätze")
    assert ask(client, "nord", PARKING)["topic"] != "parken"
    editor.set_active(demo, version.topic, False, actor=anja)
    assert ask(client, "demo", PARKING)["topic"] != "parken"
    editor.set_active(demo, version.topic, True, actor=anja)
    assert ask(client, "demo", PARKING)["topic"] == "parken"


def test_another_jobcenters_publication_does_not_leak(client, demo, nord, anja, tanja, knowledge):
    nina = make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")
    nils = make_user("nils@nord.example", Role.TEAM_LEAD, jobcenter=nord, name="Nils Nagel")
    topic = shipped("payment-date")
    draft = editor.start_draft(nord, topic, actor=nina)
    text = "Nur im Norden: Auszahlung am Monatsersten."
    draft = editor.save_draft(draft, edited(draft, answer={**draft.answer, "de": text}), actor=nina)
    editor.publish(editor.mark_reviewed(draft, actor=nils), actor=nina)
    assert ask(client, "nord", QUESTION)["answer"] == text
    assert ask(client, "demo", QUESTION)["answer"] == shipped_answer(demo)

"""The citizen's Postfach: writing to one's own team, the refusals, unread badge, attachments."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Document, Source
from openjobcenter.casefile.testing import EICAR
from openjobcenter.messaging.models import Message, Side, Status, Thread
from openjobcenter.messaging.services.threads import reply

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")


def new_message(client, **extra):
    data = {"recipient": "team", "topic": "benefits", "subject": "Frage zum Bescheid", "body": "Mein Text 4711"}
    return client.post("/demo/my/messages/new/", {**data, **extra})


def test_a_client_without_a_case_gets_an_explanation_and_a_way_to_book(client, aylin):
    sign_in(client, aylin)
    for url in ["/demo/my/messages/", "/demo/my/messages/new/"]:
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "noch keine Akte" in text and "/demo/appointments/" in text
    assert new_message(client).status_code == 200
    assert not Thread.objects.for_tenant(aylin.jobcenter).exists()


def test_a_client_writes_to_her_team(client, case, aylin, bernd):
    sign_in(client, aylin)
    response = new_message(client)
    thread = Thread.objects.for_tenant(case.jobcenter).get()
    assert response.status_code == 302 and response["Location"] == f"/demo/my/messages/{thread.pk}/"
    assert (thread.case, thread.citizen, thread.team, thread.assignee, thread.status) == (
        case, aylin, case.team, None, Status.OPEN,
    )  # fmt: skip
    (message,) = Message.objects.for_tenant(case.jobcenter).filter(thread=thread)
    assert (message.side, message.body, message.author) == (Side.CITIZEN, "Mein Text 4711", aylin)
    entry = AuditEntry.objects.for_tenant(case.jobcenter).get(action="messaging.message_sent")
    assert "4711" not in str(entry.details) and "Frage zum Bescheid" not in entry.target_label
    page = client.get(response["Location"]).content.decode()
    assert "Mein Text 4711" in page and "Frage zum Bescheid" in page


def test_a_message_to_someone_who_is_not_her_advisor_is_refused(client, case, aylin, carla):
    sign_in(client, aylin)
    response = new_message(client, recipient=str(carla.pk))
    assert response.status_code == 400
    text = response.content.decode()
    assert "nur Ihrem zuständigen Team oder Ihrer Ansprechperson" in text
    assert "Mein Text 4711" in text  # nothing typed is lost
    assert not Thread.objects.for_tenant(case.jobcenter).exists()


def test_her_advisor_becomes_a_recipient_once_he_answered(client, case, aylin, bernd, thread):
    reply(actor=bernd, thread=thread, body="Antwort")
    Thread.objects.for_tenant(case.jobcenter).filter(pk=thread.pk).update(assignee=bernd)
    sign_in(client, aylin)
    assert "Bernd Brandt" in client.get("/demo/my/messages/new/").content.decode()
    assert new_message(client, recipient=str(bernd.pk)).status_code == 302
    assert Thread.objects.for_tenant(case.jobcenter).latest("pk").assignee == bernd


def test_someone_elses_thread_is_not_found(client, aylin, case, davids_thread, noras_thread):
    sign_in(client, aylin)
    for other in (davids_thread, noras_thread):
        assert client.get(f"/demo/my/messages/{other.pk}/").status_code == 404
        assert client.post(f"/demo/my/messages/{other.pk}/", {"body": "Eingeschleust"}).status_code == 404
    assert not Message.all_tenants.filter(body="Eingeschleust").exists()
    assert "Davids Frage" not in client.get("/demo/my/messages/").content.decode()


def test_staff_pages_are_not_for_clients(client, aylin, thread):
    sign_in(client, aylin)
    assert client.get("/demo/staff/messages/").status_code == 403
    assert client.get(f"/demo/staff/messages/{thread.pk}/").status_code == 403


def test_another_jobcenters_client_gets_nothing(client, nora, thread):
    sign_in(client, nora)
    assert client.get(f"/demo/my/messages/{thread.pk}/").status_code == 404
    assert client.get(f"/nord/my/messages/{thread.pk}/").status_code == 404


def test_unread_answers_are_counted_and_marked_read_on_opening(client, aylin, bernd, thread):
    reply(actor=bernd, thread=thread, body="Ihr Antrag ist vollständig.")
    sign_in(client, aylin)
    inbox = client.get("/demo/my/messages/").content.decode()
    assert "Postfach (1 ungelesen)" in inbox and "neue Antwort" in inbox
    assert "Ihr Antrag ist vollständig." in client.get(f"/demo/my/messages/{thread.pk}/").content.decode()
    inbox = client.get("/demo/my/messages/").content.decode()
    assert "ungelesen" not in inbox and "neue Antwort" not in inbox


def test_an_attachment_is_filed_in_the_case_and_linked(client, case, aylin):
    sign_in(client, aylin)
    file = SimpleUploadedFile("nachweis.pdf", pdf_bytes(), content_type="application/pdf")
    assert new_message(client, attachment=file).status_code == 302
    document = Document.objects.for_tenant(case.jobcenter).get()
    assert (document.case, document.source, document.person, document.category) == (
        case, Source.CITIZEN, aylin, "application",
    )  # fmt: skip
    message = Message.objects.for_tenant(case.jobcenter).get()
    assert message.document == document
    thread_page = client.get(f"/demo/my/messages/{message.thread_id}/").content.decode()
    assert f"/demo/my/documents/{document.pk}/download/" in thread_page
    assert client.get(f"/demo/my/documents/{document.pk}/download/").content == pdf_bytes()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("eicar.pdf", EICAR, "Schadsoftware"),
        ("programm.exe", b"MZ\x90\x00" + b"\x00" * 200, "Diese Art von Datei"),
    ],
)
def test_a_refused_attachment_keeps_the_text_and_stores_nothing(client, case, aylin, name, content, expected):
    sign_in(client, aylin)
    response = new_message(client, attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    text = response.content.decode()
    assert expected in text and "Mein Text 4711" in text and "Frage zum Bescheid" in text
    assert not Thread.objects.for_tenant(case.jobcenter).exists()
    assert not Document.objects.for_tenant(case.jobcenter).exists()


def test_a_too_big_attachment_is_refused_in_a_reply(client, settings, case, aylin, thread):
    settings.UPLOAD_MAX_SIZE = 1000
    sign_in(client, aylin)
    big = SimpleUploadedFile("gross.pdf", pdf_bytes() + b"\n%" + b"x" * 2000)
    response = client.post(f"/demo/my/messages/{thread.pk}/", {"body": "Antwort mit Anhang", "attachment": big})
    assert response.status_code == 400
    assert "zu groß" in response.content.decode() and "Antwort mit Anhang" in response.content.decode()
    assert Message.objects.for_tenant(case.jobcenter).count() == 1


def test_other_pages_can_link_to_a_message_on_a_topic(client, case, aylin):
    sign_in(client, aylin)
    page = client.get("/demo/my/messages/new/?topic=plan").content.decode()
    checked = re.findall(r'<input[^>]*name="topic"[^>]*>', page)
    assert [tag for tag in checked if "checked" in tag] == [tag for tag in checked if 'value="plan"' in tag]
    assert client.get("/demo/my/messages/new/?topic=unsinn").status_code == 200

"""Staff access to threads is access to the case: roles × another team × another Jobcenter × another citizen.

Aylin's case belongs to Bernd's team (Tanja leads it). Carla (other team) and Lena (no team) must
state a reason; Emre (reception) and Anja (admin) answer no messages: 403; Niklas of Nordkreis: 404.
"""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.services import access_log_for
from openjobcenter.messaging.models import Message

pytestmark = pytest.mark.usefixtures("scanner")
REASON = "Vertretung für Herrn Brandt, Kundin am Telefon"


@pytest.mark.parametrize("persona", ["bernd", "tanja"])
def test_the_responsible_team_reads_and_answers(request, client, thread, aylin, persona):
    sign_in(client, request.getfixturevalue(persona))
    inbox = client.get("/demo/staff/messages/?box=team").content.decode()
    assert "Frage zum Antrag" in inbox and "Aylin Kaya" in inbox
    page = client.get(f"/demo/staff/messages/{thread.pk}/")
    assert page.status_code == 200 and "Fehlt noch etwas?" in page.content.decode()
    (read,) = access_log_for(jobcenter=thread.jobcenter, citizen=aylin)
    assert read.action == "messaging.thread_viewed" and "Postfach" in read.purpose
    response = client.post(f"/demo/staff/messages/{thread.pk}/", {"action": "send", "body": "Alles da."})
    assert response.status_code == 302
    assert (
        Message.objects.for_tenant(thread.jobcenter).filter(body="Alles da.", author__email__contains="demo").exists()
    )


@pytest.mark.parametrize("persona", ["carla", "lena"])
def test_other_staff_must_state_a_reason_first(request, client, thread, aylin, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert "Frage zum Antrag" not in client.get("/demo/staff/messages/?box=team").content.decode()
    first = client.get(f"/demo/staff/messages/{thread.pk}/")
    assert first.status_code == 403 and "Fehlt noch etwas?" not in first.content.decode()
    assert "Grund für den Zugriff" in first.content.decode()
    assert client.post(f"/demo/staff/messages/{thread.pk}/", {"action": "send", "body": "x"}).status_code == 403
    assert not access_log_for(jobcenter=thread.jobcenter, citizen=aylin).exists()

    short = client.post(f"/demo/staff/messages/{thread.pk}/reason/", {"reason": "kurz"})
    assert short.status_code == 400
    assert client.post(f"/demo/staff/messages/{thread.pk}/reason/", {"reason": REASON}).status_code == 302
    page = client.get(f"/demo/staff/messages/{thread.pk}/")
    assert page.status_code == 200 and "Fehlt noch etwas?" in page.content.decode()
    (read,) = access_log_for(jobcenter=thread.jobcenter, citizen=aylin)
    assert REASON in read.purpose and read.details["break_glass"] is True
    # Looking in with a reason leaves the message unread for the team that has to answer.
    thread.refresh_from_db()
    assert thread.unread_for_staff


def test_a_reason_given_on_the_case_page_opens_the_messages_too(client, thread, carla):
    sign_in(client, carla)
    client.post(f"/demo/staff/cases/{thread.case_id}/reason/", {"reason": REASON})
    assert client.get(f"/demo/staff/messages/{thread.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["emre", "anja", "anton", "paul"])
def test_people_without_the_right_to_answer_are_refused(request, client, thread, case, persona):
    sign_in(client, request.getfixturevalue(persona))
    for url in [
        "/demo/staff/messages/",
        f"/demo/staff/messages/{thread.pk}/",
        f"/demo/staff/cases/{case.pk}/messages/new/",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/demo/staff/messages/{thread.pk}/status/", {"status": "closed"}).status_code == 403


def test_another_jobcenter_sees_nothing(client, thread, case, niklas, noras_thread):
    sign_in(client, niklas)
    for url in [f"/demo/staff/messages/{thread.pk}/", f"/nord/staff/messages/{thread.pk}/"]:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/nord/staff/cases/{case.pk}/messages/new/").status_code == 404
    assert client.post(f"/nord/staff/messages/{thread.pk}/hand-over/", {"assignee": niklas.pk}).status_code == 404
    assert "Frage zum Antrag" not in client.get("/nord/staff/messages/?box=team").content.decode()


def test_the_inbox_boxes(client, thread, davids_thread, bernd, tanja):
    from openjobcenter.messaging.services.threads import assign

    assign(actor=tanja, thread=thread, assignee=bernd)
    sign_in(client, bernd)
    mine = client.get("/demo/staff/messages/?box=mine").content.decode()
    unassigned = client.get("/demo/staff/messages/?box=unassigned").content.decode()
    assert "Frage zum Antrag" in mine and "Frage zum Antrag" not in unassigned
    assert "Davids Frage" not in client.get("/demo/staff/messages/?box=team").content.decode()
    client.post(f"/demo/staff/messages/{thread.pk}/status/", {"status": "closed"})
    assert "Frage zum Antrag" in client.get("/demo/staff/messages/?box=closed").content.decode()
    assert "Frage zum Antrag" not in client.get("/demo/staff/messages/?box=mine").content.decode()


def test_the_inbox_list_needs_the_same_queries_for_few_and_many_threads(client, case, aylin, bernd, thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openjobcenter.messaging.models import Topic
    from openjobcenter.messaging.services.threads import start_thread

    sign_in(client, bernd)
    with CaptureQueriesContext(connection) as few:
        client.get("/demo/staff/messages/?box=team")
    for number in range(5):
        start_thread(actor=aylin, case=case, citizen=aylin, topic=Topic.OTHER, subject=f"Frage {number}", body="?")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/demo/staff/messages/?box=team").content.decode()
    assert "Frage 4" in page
    assert len(many) == len(few)

"""Staff work on threads: templates, hand-over (audited, notified), close/reopen, a thread from the case page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Document, Source
from openjobcenter.messaging.models import AnswerTemplate, Message, Side, Status, Thread
from openjobcenter.notifications.models import Notification

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")


@pytest.fixture
def template(demo) -> AnswerTemplate:
    return AnswerTemplate.objects.create_for_tenant(
        demo, title="Eingang", body="Guten Tag {name},\nwir kümmern uns.\n{berater}"
    )


def test_a_template_is_inserted_with_placeholders_filled_and_typed_text_kept(client, thread, bernd, template):
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/messages/{thread.pk}/", {"action": "insert", "template": template.pk, "body": "Vorweg."}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vorweg.\n\nGuten Tag Aylin Kaya,\nwir kümmern uns.\nBernd Brandt" in text
    assert Message.objects.for_tenant(thread.jobcenter).count() == 1  # nothing sent yet


def test_a_staff_answer_with_attachment_goes_into_the_case(client, thread, bernd, aylin):
    sign_in(client, bernd)
    file = SimpleUploadedFile("bescheid.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        f"/demo/staff/messages/{thread.pk}/", {"action": "send", "body": "Anbei.", "attachment": file}
    )
    assert response.status_code == 302
    document = Document.objects.for_tenant(thread.jobcenter).get()
    assert (document.source, document.person, document.case_id) == (Source.STAFF, aylin, thread.case_id)
    page = client.get(f"/demo/staff/messages/{thread.pk}/").content.decode()
    assert f"/demo/staff/cases/{thread.case_id}/documents/{document.pk}/download/" in page


def test_hand_over_is_audited_and_the_colleague_is_notified(client, thread, bernd, tanja):
    sign_in(client, tanja)
    response = client.post(
        f"/demo/staff/messages/{thread.pk}/hand-over/", {"assignee": bernd.pk, "note": "Bitte bis Freitag"}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.assignee == bernd
    entry = AuditEntry.objects.for_tenant(thread.jobcenter).get(action="messaging.thread_assigned")
    assert entry.details["to"] == bernd.pk and entry.details["note"] == "Bitte bis Freitag"
    notice = Notification.objects.for_tenant(thread.jobcenter).get(recipient=bernd, title__contains="übergeben")
    assert notice.link_url == f"/demo/staff/messages/{thread.pk}/" and "Bitte bis Freitag" in notice.text


def test_hand_over_only_to_colleagues_of_the_same_jobcenter(client, thread, bernd, niklas, emre):
    sign_in(client, bernd)
    for other in (niklas, emre):
        response = client.post(f"/demo/staff/messages/{thread.pk}/hand-over/", {"assignee": other.pk})
        assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.assignee is None


def test_close_and_reopen_are_audited_and_a_citizen_reply_reopens(client, thread, bernd, aylin):
    sign_in(client, bernd)
    client.post(f"/demo/staff/messages/{thread.pk}/status/", {"status": "closed"})
    thread.refresh_from_db()
    assert thread.status == Status.CLOSED
    client.post(f"/demo/staff/messages/{thread.pk}/status/", {"status": "open"})
    thread.refresh_from_db()
    assert thread.status == Status.OPEN
    actions = set(AuditEntry.objects.for_tenant(thread.jobcenter).values_list("action", flat=True))
    assert {"messaging.thread_closed", "messaging.thread_reopened"} <= actions
    client.post(f"/demo/staff/messages/{thread.pk}/status/", {"status": "closed"})
    sign_in(client, aylin)
    client.post(f"/demo/my/messages/{thread.pk}/", {"body": "Noch eine Frage"})
    thread.refresh_from_db()
    assert thread.status == Status.OPEN


def test_staff_start_a_thread_from_the_case_page(client, case, bernd, aylin):
    sign_in(client, bernd)
    url = f"/demo/staff/cases/{case.pk}/messages/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"citizen": aylin.pk, "topic": "appointment", "subject": "Ihr Termin", "body": "Bitte kommen Sie."}
    )
    assert response.status_code == 302
    thread = Thread.objects.for_tenant(case.jobcenter).get()
    assert (thread.citizen, thread.assignee, thread.started_by) == (aylin, bernd, Side.STAFF)
    assert thread.unread_for_citizen


def test_staff_cannot_write_to_someone_outside_the_household(client, case, bernd, david):
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/cases/{case.pk}/messages/new/",
        {"citizen": david.pk, "topic": "other", "subject": "x", "body": "y"},
    )
    assert response.status_code == 400
    assert not Thread.objects.for_tenant(case.jobcenter).exists()


def test_templates_are_kept_by_team_leads_and_admins(client, demo, tanja, anja, bernd, template):
    sign_in(client, bernd)
    assert client.get("/demo/staff/messages/templates/").status_code == 403
    for person in (tanja, anja):
        sign_in(client, person)
        assert client.get("/demo/staff/messages/templates/").status_code == 200
    response = client.post("/demo/staff/messages/templates/", {"title": "Termin", "body": "Bitte buchen Sie."})
    assert response.status_code == 302
    assert client.post("/demo/staff/messages/templates/", {"title": "termin", "body": "x"}).status_code == 400
    edit = client.post(f"/demo/staff/messages/templates/{template.pk}/", {"title": "Eingang", "body": "Neu {name}"})
    assert edit.status_code == 302
    template.refresh_from_db()
    assert template.body == "Neu {name}"
    assert client.post(f"/demo/staff/messages/templates/{template.pk}/delete/").status_code == 302
    assert list(AnswerTemplate.objects.for_tenant(demo).values_list("title", flat=True)) == ["Termin"]


def test_templates_of_another_jobcenter_are_not_found(client, nord, template):
    from conftest import make_user
    from openjobcenter.accounts.roles import Role

    nina = make_user("nina@nord.example", Role.JOBCENTER_ADMIN, jobcenter=nord, name="Nina Neumann")
    sign_in(client, nina)
    assert client.get(f"/nord/staff/messages/templates/{template.pk}/").status_code == 404
    assert "Eingang" not in client.get("/nord/staff/messages/templates/").content.decode()

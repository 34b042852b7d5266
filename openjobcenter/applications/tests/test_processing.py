"""The processing states: allowed transitions only, each audited; request documents → upload → received."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications.models import Attachment, Decision, Status
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.submission import submit
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Document
from openjobcenter.casefile.tests.conftest import pdf_bytes
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(aylin, draft):
    return submit(draft, actor=aylin, key=uuid.uuid4())


def test_the_whole_way_to_the_decision(tanja, submitted):
    app = processing.assign(submitted, actor=tanja, assignee=tanja)
    assert app.status == Status.ASSIGNED and app.assigned_to == tanja
    app = processing.start_review(app, actor=tanja)
    document_request = processing.request_documents(
        app,
        actor=tanja,
        title="Lohnabrechnung Oktober",
        category="income",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    app.refresh_from_db()
    assert app.status == Status.DOCUMENTS_REQUESTED and document_request.fulfilled_at is None
    actions = set(AuditEntry.objects.for_tenant(app.jobcenter).values_list("action", flat=True))
    assert {"applications.assign", "applications.start_review", "applications.request_documents"} <= actions
    assert OutboxMessage.objects.filter(template="applications_status_changed").count() == 3


@pytest.mark.parametrize("action", ["start_review", "decide", "send_decision"])
def test_illegal_transitions_are_refused(tanja, submitted, action):
    with pytest.raises(processing.IllegalTransition):
        if action == "decide":
            processing.decide(submitted, actor=tanja, decision=Decision.APPROVED)
        else:
            getattr(processing, action)(submitted, actor=tanja)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_decision_is_recorded_and_sent(tanja, submitted):
    app = processing.start_review(processing.assign(submitted, actor=tanja, assignee=tanja), actor=tanja)
    app = processing.decide(app, actor=tanja, decision=Decision.PARTLY_APPROVED)
    assert app.status == Status.DECIDED and app.decision == Decision.PARTLY_APPROVED
    assert processing.send_decision(app, actor=tanja).status == Status.DECISION_SENT


def test_an_advisor_may_look_but_not_process(bernd, submitted):
    with pytest.raises(PermissionDenied):
        processing.assign(submitted, actor=bernd, assignee=bernd)


def test_the_citizen_uploads_into_the_request_and_the_state_moves(client, aylin, tanja, submitted):
    app = processing.start_review(processing.assign(submitted, actor=tanja, assignee=tanja), actor=tanja)
    item = processing.request_documents(
        app,
        actor=tanja,
        title="Lohnabrechnung Oktober",
        category="income",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    sign_in(client, aylin)
    status_url = reverse("applications:status", kwargs={"jobcenter": "demo", "pk": app.pk})
    assert "Lohnabrechnung Oktober" in client.get(status_url).content.decode()
    upload_url = reverse(
        "applications:upload_requested", kwargs={"jobcenter": "demo", "pk": app.pk, "request_id": item.pk}
    )
    wrong = client.post(upload_url, {"file": SimpleUploadedFile("lohn.exe", b"MZ\x90\x00 not a pdf")})
    assert wrong.status_code == 400
    assert client.post(upload_url, {"file": SimpleUploadedFile("lohn.pdf", pdf_bytes())}).status_code == 302
    app.refresh_from_db()
    item.refresh_from_db()
    assert app.status == Status.DOCUMENTS_RECEIVED and item.fulfilled_at is not None
    attachment = Attachment.objects.for_tenant(app.jobcenter).get(request=item)
    assert attachment.document_id is not None
    # It went through the case file's pipeline into Aylin's case.
    assert Document.objects.for_tenant(app.jobcenter).filter(pk=attachment.document_id, case=app.case).exists()


def test_the_live_status_answers_204_until_something_changes(client, aylin, tanja, submitted):
    sign_in(client, aylin)
    live = reverse("applications:status_live", kwargs={"jobcenter": "demo", "pk": submitted.pk})
    page = client.get(reverse("applications:status", kwargs={"jobcenter": "demo", "pk": submitted.pk})).content.decode()
    version = page.split('data-version="')[1].split('"')[0]
    assert client.get(live, {"v": version}).status_code == 204
    processing.assign(submitted, actor=tanja, assignee=tanja)
    changed = client.get(live, {"v": version})
    assert changed.status_code == 200 and "Zugewiesen" in changed.content.decode()


def test_staff_act_through_the_page(client, tanja, submitted):
    sign_in(client, tanja)
    act = reverse("applications:staff_act", kwargs={"jobcenter": "demo", "pk": submitted.pk})
    assert client.post(act, {"action": "assign_me"}).status_code == 302
    assert client.post(act, {"action": "send_decision"}).status_code == 302  # refused with a message
    submitted.refresh_from_db()
    assert submitted.status == Status.ASSIGNED

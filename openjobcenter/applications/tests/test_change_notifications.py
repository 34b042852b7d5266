"""Change notifications by topic: a short form each, submitted like an application; absence needs approval."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.applications.models import Application, Decision, Kind, Status, Topic
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.drafts import start_draft
from openjobcenter.applications.services.submission import NotReady, submit
from openjobcenter.applications.tests.helpers import answer
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Category, Document
from openjobcenter.casefile.tests.conftest import pdf_bytes
from openjobcenter.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
SOON = dt.date.today() + dt.timedelta(days=20)
ABSENCE = {"date_from": f"{SOON:%d.%m.%Y}", "date_to": f"{SOON + dt.timedelta(days=10):%d.%m.%Y}",
           "destination": "Izmir", "reachable": "yes"}  # fmt: skip


def stepped_up(client):
    """As after a BundID sign-in at level "substanziell"."""
    session = client.session
    session["ojc_trust_level"] = "substanziell"
    session.save()


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


@pytest.fixture
def absence(aylin, demo, case):
    draft = answer(start_draft(aylin, demo, kind=Kind.CHANGE, topic=Topic.ABSENCE), "change", ABSENCE)
    app = submit(draft, actor=aylin, key=uuid.uuid4())
    return app


def in_review(app, officer):
    return processing.start_review(processing.assign(app, actor=officer, assignee=officer), actor=officer)


def test_every_topic_has_its_page(client, aylin, case):
    sign_in(client, aylin)
    assert client.get(url("change_topics")).status_code == 200
    for topic in Topic.values:
        response = client.post(url("begin"), {"kind": "change", "topic": topic})
        page = client.get(response.url)
        assert page.status_code == 200, topic
        assert str(Topic(topic).label) in page.content.decode()
    assert Application.objects.for_tenant(aylin.jobcenter).filter(kind=Kind.CHANGE).count() == len(Topic.values)


def test_an_unknown_topic_is_404(client, aylin, case):
    sign_in(client, aylin)
    assert client.post(url("begin"), {"kind": "change", "topic": "lottery"}).status_code == 404


def test_a_new_iban_is_checked_with_schwifty(client, aylin, case):
    sign_in(client, aylin)
    step = client.post(url("begin"), {"kind": "change", "topic": "bank"}).url
    bad = client.post(step, {"iban": "DE89 3704 0044 0532 0130 01", "holder": "Aylin Kaya", "own_account": "yes"})
    assert bad.status_code == 400 and "Prüfziffer" in bad.content.decode()
    assert 'value="DE89 3704 0044 0532 0130 01"' in bad.content.decode()  # nothing lost
    good = client.post(step, {"iban": "DE02 1203 0000 0000 2020 51", "holder": "Aylin Kaya", "own_account": "yes"})
    draft = Application.objects.for_tenant(aylin.jobcenter).get(kind=Kind.CHANGE)
    assert good.url == url("review", pk=draft.pk)
    # A password alone is "basis": sending is parked and the citizen is asked to step up first.
    parked = client.post(good.url, {"duties": "on", "privacy": "on", "truthful": "on",
                                    "submission_key": str(uuid.uuid4())})  # fmt: skip
    assert parked.status_code == 302 and "/account/step-up/" in parked.url and "substanziell" in parked.url
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    token = parse_qs(urlparse(parked.url).query)["action"][0]
    stepped_up(client)
    assert client.get(f"{good.url}?ojc_resume={token}").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.reference.startswith("VM-")
    assert OutboxMessage.objects.filter(template="applications_submitted", recipient=aylin).exists()


def test_an_absence_ending_before_it_starts_is_named(aylin, demo, case):
    from openjobcenter.applications.change_forms import AbsenceForm

    form = AbsenceForm({**ABSENCE, "date_to": f"{SOON - dt.timedelta(days=1):%d.%m.%Y}"})
    assert not form.is_valid() and "vor dem Beginn" in form.errors["date_to"][0]


def test_an_absence_is_approved_and_the_citizen_is_told(aylin, tanja, absence):
    assert absence.reference.startswith("VM-") and absence.title.endswith(str(Topic.ABSENCE.label))
    app = processing.decide(in_review(absence, tanja), actor=tanja, decision=Decision.APPROVED)
    assert app.decision_text == "zugestimmt" and not app.periods.exists()
    # assigned, in review, decided: each a mail without content
    assert OutboxMessage.objects.filter(template="applications_status_changed", recipient=aylin).count() == 3


def test_a_rejected_absence_needs_a_reason_the_citizen_reads(client, aylin, tanja, absence):
    app = in_review(absence, tanja)
    with pytest.raises(processing.InvalidDecision):
        processing.decide(app, actor=tanja, decision=Decision.REJECTED)
    sign_in(client, tanja)
    refused = client.post(url("staff_act", pk=app.pk), {"action": "decide", "decision": "rejected", "note": ""})
    assert refused.status_code == 400 and "begründen" in refused.content.decode()
    client.post(url("staff_act", pk=app.pk),
                {"action": "decide", "decision": "rejected", "note": "In dieser Zeit beginnt Ihre Maßnahme."})  # fmt: skip
    app.refresh_from_db()
    assert app.decision == Decision.REJECTED
    sign_in(client, aylin)
    page = client.get(url("status", pk=app.pk)).content.decode()
    assert "abgelehnt" in page and "In dieser Zeit beginnt Ihre Maßnahme." in page
    actions = list(
        AuditEntry.objects.for_tenant(app.jobcenter).filter(target_id=str(app.pk)).values_list("action", flat=True)
    )
    assert {"applications.submitted", "applications.assign", "applications.start_review", "applications.decide"} <= set(
        actions
    )


def test_the_absence_inbox_filter(client, tanja, absence):
    sign_in(client, tanja)
    page = client.get(url("staff_inbox") + "?show=absence").content.decode()
    assert absence.reference in page and "Ortsabwesenheit" in page


def test_a_sick_note_cannot_be_sent_without_the_certificate(client, aylin, demo, case):
    draft = answer(start_draft(aylin, demo, kind=Kind.CHANGE, topic=Topic.SICK_NOTE), "change",
                   {"kind": "first", "date_from": f"{dt.date.today():%d.%m.%Y}",
                    "date_to": f"{dt.date.today() + dt.timedelta(days=5):%d.%m.%Y}"})  # fmt: skip
    with pytest.raises(NotReady):
        submit(draft, actor=aylin, key=uuid.uuid4())
    sign_in(client, aylin)
    upload = SimpleUploadedFile("au.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(url("upload_proof", pk=draft.pk, proof="sick-note"), {"file": upload})
    document = Document.objects.for_tenant(demo).get(case=case)
    assert document.category == Category.SICK_NOTE
    assert submit(draft, actor=aylin, key=uuid.uuid4()).status == Status.SUBMITTED


def test_nobody_else_sees_a_change_notification(client, demo, nora, niklas, absence):
    david = make_user("david@example.org", Role.CLIENT, jobcenter=demo, name="David Demir")
    sign_in(client, david)
    assert client.get(url("status", pk=absence.pk)).status_code == 404
    for user in (nora, niklas):
        sign_in(client, user)
        assert client.get(url("status", pk=absence.pk)).status_code == 404
        assert client.get(url("staff_detail", pk=absence.pk)).status_code == 404
        assert client.get(f"/api/v1/demo/applications/{absence.pk}/status").status_code in (403, 404)
        assert client.get(f"/api/v1/nord/applications/{absence.pk}/status").status_code in (403, 404)


def test_the_api_handles_a_change_notification(client, aylin, case):
    base = "/api/v1/demo/applications"
    client.force_login(aylin)
    assert client.get(f"{base}/draft?kind=change").status_code == 422
    draft = client.get(f"{base}/draft?kind=change&topic=absence").json()
    assert draft["topic"] == "absence" and [s["slug"] for s in draft["steps"]] == ["change"]
    saved = client.put(f"{base}/draft/change?kind=change&topic=absence", {"answers": ABSENCE},
                       content_type="application/json").json()  # fmt: skip
    assert saved["complete"], saved
    done = client.post(f"{base}/submit", {"key": str(uuid.uuid4()), "kind": "change", "topic": "absence"},
                       content_type="application/json").json()  # fmt: skip
    assert done["kind"] == "change" and done["topic"] == "absence" and done["reference"].startswith("VM-")


def test_the_timeline_and_the_export_show_the_new_kinds(aylin, bernd, tanja, absence):
    from openjobcenter.applications.services import export, timeline

    titles = [str(entry.title) for entry in timeline.entries(absence.case, viewer=bernd, for_citizen=False)]
    assert any("Ortsabwesenheit" in title for title in titles)
    data = export.export(aylin)
    assert data["applications"][0]["topic"] == "absence"
    assert data["applications"][0]["answers"]["change"]["destination"] == "Izmir"


def test_the_api_takes_the_sick_note_and_then_the_submission(client, aylin, case):
    base = "/api/v1/demo/applications"
    query = "kind=change&topic=sick_note"
    client.force_login(aylin)
    today = dt.date.today()
    answers = {"kind": "first", "date_from": f"{today:%d.%m.%Y}", "date_to": f"{today + dt.timedelta(days=3):%d.%m.%Y}"}
    assert client.put(f"{base}/draft/change?{query}", {"answers": answers}, content_type="application/json").json()[
        "complete"
    ]
    body = {"key": str(uuid.uuid4()), "kind": "change", "topic": "sick_note"}
    assert client.post(f"{base}/submit", body, content_type="application/json").status_code == 422
    fake = SimpleUploadedFile("au.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(f"{base}/draft/proofs/sick-note?{query}", {"file": fake})
    assert refused.status_code == 422 and refused.json()["error"]["fields"]["file"]
    upload = SimpleUploadedFile("au.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(f"{base}/draft/proofs/sick-note?{query}", {"file": upload}).status_code == 201
    assert client.post(f"{base}/draft/proofs/rent?{query}", {"file": upload}).status_code == 404
    done = client.post(f"{base}/submit", body, content_type="application/json")
    assert done.status_code == 200 and done.json()["missing_proofs"] == []
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/{jobcenter}/applications/draft/proofs/{proof}" in paths


def test_a_change_of_address_needs_the_level_substanziell_in_the_api_too(client, aylin, case):
    base = "/api/v1/demo/applications"
    query = "kind=change&topic=housing"
    client.force_login(aylin)
    draft = client.get(f"{base}/draft?{query}").json()
    assert draft["topic"] == "housing"
    body = {"key": str(uuid.uuid4()), "kind": "change", "topic": "housing"}
    refused = client.post(f"{base}/submit", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "trust_level_required"
    assert Application.objects.for_tenant(aylin.jobcenter).get(kind=Kind.CHANGE).status == Status.DRAFT
    stepped_up(client)
    # Past the trust check, the (still empty) draft meets the ordinary completeness check.
    assert client.post(f"{base}/submit", body, content_type="application/json").status_code == 422


def test_other_change_notifications_need_no_step_up(client, aylin, case):
    sign_in(client, aylin)
    step = client.post(url("begin"), {"kind": "change", "topic": "absence"}).url
    review = client.post(step, ABSENCE).url
    sent = client.post(review, {"duties": "on", "privacy": "on", "truthful": "on",
                                "submission_key": str(uuid.uuid4())})  # fmt: skip
    assert "/step-up/" not in sent.url
    assert Application.objects.for_tenant(aylin.jobcenter).get(kind=Kind.CHANGE).status == Status.SUBMITTED

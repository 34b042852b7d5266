"""A household of three from the first step to the receipt, through the real pages."""

from __future__ import annotations

import io

import pytest
from django.core import mail  # noqa: F401
from django.urls import reverse
from pypdf import PdfReader

from openjobcenter.applications.models import Application, Status
from openjobcenter.applications.tests.conftest import HOUSEHOLD_OF_THREE
from openjobcenter.audit.models import AuditEntry
from openjobcenter.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"jobcenter": "demo", **kwargs})


def test_a_household_of_three_applies_and_gets_a_receipt(client, aylin, case):
    client.force_login(aylin)
    response = client.post(url("begin"))
    application = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin)
    assert response.url == url("step", pk=application.pk, step="applicant")
    for slug, raw in HOUSEHOLD_OF_THREE.items():
        response = client.post(url("step", pk=application.pk, step=slug), {**raw, "action": "next"})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    assert response.url == url("review", pk=application.pk)
    review = client.get(url("review", pk=application.pk)).content.decode()
    assert "Elif Kaya" in review and "Anlage KI" in review and "Anlage WEP" in review
    assert "Mietvertrag" in review and "Lohnabrechnungen der letzten 3 Monate" in review
    key = "6f1c1f1e-7d5c-4f7e-9a53-2d7f0f7a0b11"
    form = {"duties": "on", "privacy": "on", "truthful": "on", "submission_key": key}
    first = client.post(url("review", pk=application.pk), form)
    second = client.post(url("review", pk=application.pk), form)
    assert first.status_code == second.status_code == 302
    assert Application.objects.for_tenant(aylin.jobcenter).filter(applicant=aylin).count() == 1
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.submitted_at is not None
    assert application.reference.startswith("EA-") and application.case == case
    assert AuditEntry.objects.for_tenant(aylin.jobcenter).filter(action="applications.submitted").count() == 1
    mail_ = OutboxMessage.objects.get(template="applications_submitted")
    assert application.reference in mail_.subject
    assert "Lindenweg" not in mail_.text_body and "DE89" not in mail_.text_body  # no social data by mail
    assert Notification.objects.for_tenant(aylin.jobcenter).filter(recipient=aylin).exists()
    pdf = client.get(url("receipt", pk=application.pk))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Eingangsbestätigung" in text and "Elif" in text and "DE89370400440532013000" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"].get_object()  # type: ignore[operator]  # tagged PDF
    status = client.get(url("status", pk=application.pk)).content.decode()
    assert "Eingegangen" in status and application.reference in status


def test_the_review_names_missing_steps_and_refuses_to_submit(client, aylin, case):
    client.force_login(aylin)
    client.post(url("begin"))
    application = Application.objects.for_tenant(aylin.jobcenter).get(applicant=aylin)
    client.post(url("step", pk=application.pk, step="applicant"), HOUSEHOLD_OF_THREE["applicant"])
    form = {"duties": "on", "privacy": "on", "truthful": "on", "submission_key": "6f1c1f1e-7d5c-4f7e-9a53-2d7f0f7a0b12"}
    response = client.post(url("review", pk=application.pk), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wohnung" in page and "Formular KDU" in page and "Bankverbindung" in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_legal_notices_must_be_acknowledged(client, aylin, draft):
    client.force_login(aylin)
    response = client.post(url("review", pk=draft.pk), {"submission_key": "6f1c1f1e-7d5c-4f7e-9a53-2d7f0f7a0b13"})
    assert response.status_code == 400
    assert "Mitwirkungspflichten gelesen haben" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

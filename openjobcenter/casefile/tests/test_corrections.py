"""Asking for a correction (Art. 16 DSGVO): the citizen asks, the responsible team answers, she sees it."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Category, CorrectionRequest
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
URL = "/demo/my/correction/"
WRONG = "Mein Geburtsname ist falsch geschrieben: richtig ist Kaya, nicht Kaja."


@pytest.fixture
def document(case, aylin):
    return upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "a.pdf"), category=Category.ID)


def ask(client, aylin, document=None):
    sign_in(client, aylin)
    response = client.post(URL, {"text": WRONG, "document": document.pk if document else ""})
    assert response.status_code == 302
    return CorrectionRequest.all_tenants.get()


def test_the_citizen_asks_and_the_team_answers(client, case, aylin, bernd, document):
    correction = ask(client, aylin, document)
    assert (correction.case, correction.person, correction.document, correction.status) == (
        case,
        aylin,
        document,
        "open",
    )
    client.logout()
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/cases/{case.pk}/").content.decode()
    assert "Offene Anträge auf Berichtigung" in page and "Kaya, nicht Kaja" in page
    answer = "Wir haben den Namen berichtigt."
    url = f"/demo/staff/cases/{case.pk}/corrections/{correction.pk}/"
    assert client.post(url, {"answer": answer}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "resolved" and correction.resolved_by == bernd
    assert "Offene Anträge auf Berichtigung" not in client.get(f"/demo/staff/cases/{case.pk}/").content.decode()
    client.logout()
    sign_in(client, aylin)
    detail = client.get(f"{URL}{correction.pk}/").content.decode()
    assert answer in detail and WRONG in detail
    actions = set(AuditEntry.objects.for_tenant(case.jobcenter).values_list("action", flat=True))
    assert {"casefile.correction_requested", "casefile.correction_resolved"} <= actions


def test_an_empty_request_keeps_the_page_with_a_message(client, case, aylin):
    sign_in(client, aylin)
    response = client.post(URL, {"text": ""})
    assert response.status_code == 400 and "Bitte beschreiben Sie" in response.content.decode()
    assert not CorrectionRequest.all_tenants.exists()


def test_another_citizen_cannot_see_it(client, case, aylin, david, davids_case, nora):
    correction = ask(client, aylin)
    client.logout()
    sign_in(client, david)
    assert client.get(f"{URL}{correction.pk}/").status_code == 404
    assert WRONG not in client.get(URL).content.decode()
    client.logout()
    sign_in(client, nora)
    assert client.get(f"{URL}{correction.pk}/").status_code == 404


def test_a_citizen_cannot_point_at_another_households_document(client, case, aylin, david, davids_case):
    foreign = upload_document(actor=david, case=davids_case, clean=check_bytes(pdf_bytes(), "d.pdf"),
                              category=Category.RENT)  # fmt: skip
    sign_in(client, aylin)
    assert client.post(URL, {"text": WRONG, "document": foreign.pk}).status_code == 400
    assert not CorrectionRequest.all_tenants.exists()


def test_another_team_must_give_a_reason_before_answering(client, case, aylin, carla):
    correction = ask(client, aylin)
    client.logout()
    sign_in(client, carla)
    url = f"/demo/staff/cases/{case.pk}/corrections/{correction.pk}/"
    assert client.post(url, {"answer": "Erledigt."}).status_code == 403
    correction.refresh_from_db()
    assert correction.status == "open"

"""The access matrix in HTML: roles × another team × another Jobcenter × another citizen.

Aylin's case belongs to Bernd's team (Tanja leads it). Carla advises in another team and Lena
processes benefits without Bernd's team: both must give a reason first. Emre (reception) and Anja
(admin) do no case work, Paul (platform admin, hosting) never reads social data: 403. Niklas of
Nordkreis: 404. Aylin herself and Anton (employer): 403 on staff pages.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.services import access_log_for
from openjobcenter.casefile.models import Category, Document, Note
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
REASON = "Vertretung für Herrn Brandt, Kundin am Telefon"


@pytest.fixture
def document(case, aylin) -> Document:
    return upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "miete.pdf"), category=Category.RENT)


def pages(case, document) -> list[str]:
    base = f"/demo/staff/cases/{case.pk}/"
    return [base, f"{base}documents/{document.pk}/download/", f"{base}documents/{document.pk}/version/"]


def upload(client, case):
    file = SimpleUploadedFile("b.pdf", pdf_bytes(), content_type="application/pdf")
    return client.post(f"/demo/staff/cases/{case.pk}/documents/", {"category": "other", "file": file})


@pytest.mark.parametrize("persona", ["bernd", "tanja"])
def test_the_responsible_team_works_on_the_case(request, client, case, document, persona):
    sign_in(client, request.getfixturevalue(persona))
    for url in pages(case, document):
        assert client.get(url).status_code == 200, url
    page = client.get(pages(case, document)[0]).content.decode()
    assert "miete.pdf" in page and "Aylin Kaya" in page
    assert upload(client, case).status_code == 302
    note = client.post(f"/demo/staff/cases/{case.pk}/notes/", {"text": "Rückruf vereinbart", "visibility": "team"})
    assert note.status_code == 302
    assert (
        Document.objects.for_tenant(case.jobcenter).count() == 2
        and Note.objects.for_tenant(case.jobcenter).count() == 1
    )


@pytest.mark.parametrize("persona", ["carla", "lena"])
def test_other_staff_must_state_a_reason_first(request, client, case, document, aylin, persona):
    sign_in(client, request.getfixturevalue(persona))
    first = client.get(pages(case, document)[0])
    assert first.status_code == 403 and "Zugriff begründen" in first.content.decode()
    assert "miete.pdf" not in first.content.decode()
    assert client.get(pages(case, document)[1]).status_code == 302  # download: back to the reason form
    assert upload(client, case).status_code == 403
    assert not access_log_for(jobcenter=case.jobcenter, citizen=aylin).exists()

    short = client.post(f"/demo/staff/cases/{case.pk}/reason/", {"reason": "kurz"})
    assert short.status_code == 400 and "mindestens 15 Zeichen" in short.content.decode()

    assert client.post(f"/demo/staff/cases/{case.pk}/reason/", {"reason": REASON}).status_code == 302
    page = client.get(pages(case, document)[0])
    assert page.status_code == 200 and "miete.pdf" in page.content.decode() and REASON in page.content.decode()
    assert client.get(pages(case, document)[1]).content == pdf_bytes()
    reads = access_log_for(jobcenter=case.jobcenter, citizen=aylin)
    assert reads.count() == 2 and all(REASON in entry.purpose for entry in reads)


@pytest.mark.parametrize("persona", ["emre", "anja", "aylin", "anton", "paul"])
def test_people_without_case_work_are_refused(request, client, case, document, persona):
    sign_in(client, request.getfixturevalue(persona))
    for url in [*pages(case, document), "/demo/staff/cases/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/demo/staff/cases/{case.pk}/reason/", {"reason": REASON}).status_code == 403
    assert upload(client, case).status_code == 403


def test_another_jobcenter_sees_nothing(client, case, document, niklas, nord_case):
    sign_in(client, niklas)
    for url in pages(case, document):
        assert client.get(url).status_code == 404, url
        assert client.get(url.replace("/demo/", "/nord/")).status_code == 404, url
    assert upload(client, case).status_code == 404
    page = client.get("/nord/staff/cases/?q=12345BG0001").content.decode()
    assert "12345BG0001" not in page.split("</form>")[1]


def test_search_lists_own_cases_and_finds_others_only_by_number(client, case, davids_case, bernd):
    sign_in(client, bernd)
    page = client.get("/demo/staff/cases/").content.decode()
    assert "12345BG0001" in page and "12345BG0002" not in page
    assert "David Demir" not in client.get("/demo/staff/cases/?q=David").content.decode()
    found = client.get("/demo/staff/cases/?q=12345BG0002").content.decode()
    assert "Akten anderer Teams" in found and f"/demo/staff/cases/{davids_case.pk}/" in found


def test_the_workspace_links_to_the_cases(client, bernd, emre):
    sign_in(client, bernd)
    assert "/demo/staff/cases/" in client.get("/demo/staff/").content.decode()
    sign_in(client, emre)
    assert "/demo/staff/cases/" not in client.get("/demo/staff/").content.decode()


def test_a_new_version_keeps_the_old_one(client, case, document, bernd):
    sign_in(client, bernd)
    file = SimpleUploadedFile("miete-neu.pdf", pdf_bytes("v2"), content_type="application/pdf")
    response = client.post(f"/demo/staff/cases/{case.pk}/documents/{document.pk}/version/", {"file": file})
    assert response.status_code == 302
    newest = Document.objects.for_tenant(case.jobcenter).get(previous=document)
    assert newest.version == 2
    page = client.get(f"/demo/staff/cases/{case.pk}/").content.decode()
    assert "1 frühere Version" in page

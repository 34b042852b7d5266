"""'Meine Unterlagen': a client uploads, sees a refusal with the reason, downloads only her own."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.models import Category, Document
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.uploads import check_bytes
from openjobcenter.casefile.testing import EICAR

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
PAGE = "/demo/my/documents/"


def post(client, name: str, content: bytes, category: str = "rent", title: str = "Mietvertrag"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(PAGE, {"category": category, "title": title, "file": upload})


def test_a_client_uploads_a_pdf_and_sees_it_listed(client, case, aylin):
    sign_in(client, aylin)
    response = post(client, "Mietvertrag.pdf", pdf_bytes())
    assert response.status_code == 302
    document = Document.objects.for_tenant(case.jobcenter).get()
    assert (document.case, document.person, document.source, document.category) == (case, aylin, "citizen", "rent")
    page = client.get(PAGE).content.decode()
    assert "Mietvertrag“ ist jetzt in Ihrer Akte" in page and "Mietvertrag.pdf" not in page  # title shown


def test_a_refused_file_explains_why_and_keeps_the_other_answers(client, case, aylin):
    sign_in(client, aylin)
    response = post(client, "eicar.pdf", EICAR, category="sick_note", title="Krankmeldung Mai")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Schadsoftware" in page
    assert 'value="sick_note" selected' in page and 'value="Krankmeldung Mai"' in page
    assert not Document.objects.for_tenant(case.jobcenter).exists()


def test_a_missing_category_is_explained(client, case, aylin):
    sign_in(client, aylin)
    response = post(client, "a.pdf", pdf_bytes(), category="")
    assert response.status_code == 400
    assert "was für ein Dokument" in response.content.decode()


def test_a_client_without_case_is_told_so(client, david):
    sign_in(client, david)
    response = client.get(PAGE)
    assert response.status_code == 200 and "noch keine Akte" in response.content.decode()
    assert post(client, "a.pdf", pdf_bytes()).status_code == 400
    assert not Document.all_tenants.exists()


def test_the_download_is_an_attachment_with_a_safe_name(client, case, aylin):
    document = upload_document(
        actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "Miete März.pdf"), category=Category.RENT
    )
    sign_in(client, aylin)
    response = client.get(f"{PAGE}{document.pk}/download/")
    assert response.status_code == 200 and response.content == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Miete%20M%C3%A4rz.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"


def test_another_clients_document_does_not_exist_for_her(client, case, davids_case, aylin, david, nord_case, nora):
    davids = upload_document(actor=david, case=davids_case, clean=check_bytes(pdf_bytes(), "d.pdf"), category="id")
    noras = upload_document(actor=nora, case=nord_case, clean=check_bytes(pdf_bytes(), "n.pdf"), category="id")
    sign_in(client, aylin)
    assert client.get(f"{PAGE}{davids.pk}/download/").status_code == 404
    assert client.get(f"{PAGE}{noras.pk}/download/").status_code == 404
    assert client.get(f"/nord/my/documents/{noras.pk}/download/").status_code == 404
    assert "d.pdf" not in client.get(PAGE).content.decode()


def test_staff_and_partners_cannot_use_the_citizen_page(client, case, bernd, anton):
    for person in (bernd, anton):
        sign_in(client, person)
        assert client.get(PAGE).status_code == 403


def test_the_citizen_area_links_to_the_documents(client, case, aylin):
    sign_in(client, aylin)
    assert PAGE in client.get("/demo/my/").content.decode()

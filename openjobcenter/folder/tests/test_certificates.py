"""Certificates through the case file's upload pipeline: type from content, virus scan, encryption."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.testing import EICAR
from openjobcenter.casefile.tests.conftest import image_bytes, pdf_bytes
from openjobcenter.folder.models import Certificate

from .conftest import MY


def _upload(client, name: str, content: bytes, title: str = "Arbeitszeugnis", issued_on: str = "2023-06-30"):
    return client.post(
        f"{MY}/certificates/",
        {"title": title, "issued_on": issued_on, "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_certificate_is_stored_encrypted_listed_and_downloaded(client, aylin, demo, scanner, _private_storage):
    sign_in(client, aylin)
    assert _upload(client, "zeugnis.pdf", pdf_bytes()).status_code == 302
    certificate = Certificate.objects.for_tenant(demo).get()
    assert certificate.scanned and certificate.content_type == "application/pdf"
    stored = (_private_storage / certificate.storage_name).read_bytes()
    assert b"%PDF" not in stored and b"MARKER" not in stored and stored.startswith(b"OJCE")
    page = client.get(f"{MY}/certificates/").content.decode()
    assert "Arbeitszeugnis" in page and "30.06.2023" in page
    download = client.get(f"{MY}/certificates/{certificate.pk}/file/")
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == certificate.sha256


def test_a_photo_is_accepted_and_reencoded(client, aylin, demo, scanner):
    sign_in(client, aylin)
    assert _upload(client, "fuehrerschein.png", image_bytes()).status_code == 302
    assert Certificate.objects.for_tenant(demo).get().content_type == "image/png"


def test_wrong_types_are_refused_with_a_message_next_to_the_field(client, aylin, demo, scanner):
    sign_in(client, aylin)
    cases = [
        ("lebenslauf.docx", b"PK\x03\x04 this is a word file", "Diese Art von Datei können wir nicht annehmen."),
        ("zeugnis.pdf", image_bytes(), "Der Inhalt der Datei passt nicht zu ihrer Endung (.pdf)."),
        ("kaputt.pdf", b"%PDF-1.7 broken", "Die PDF-Datei ist beschädigt"),
        ("leer.pdf", b"", "Die Datei ist leer"),
    ]
    for name, content, message in cases:
        response = _upload(client, name, content, title="Mein Zeugnis XY")
        page = response.content.decode()
        assert response.status_code == 400, name
        assert message in page and "Mein Zeugnis XY" in page, name
    assert not Certificate.objects.for_tenant(demo).exists()


def test_a_file_with_a_virus_is_refused(client, aylin, demo, scanner):
    sign_in(client, aylin)
    response = _upload(client, "zeugnis.pdf", EICAR)
    assert response.status_code == 400
    assert "Schadsoftware" in response.content.decode()
    assert not Certificate.objects.for_tenant(demo).exists()


def test_an_issue_date_in_the_future_is_refused(client, aylin, demo, scanner):
    sign_in(client, aylin)
    response = _upload(client, "zeugnis.pdf", pdf_bytes(), issued_on="2999-01-01")
    assert response.status_code == 400 and "Das Datum liegt in der Zukunft." in response.content.decode()


def test_a_deleted_certificate_is_gone_with_its_file(
    client, aylin, demo, scanner, _private_storage, django_capture_on_commit_callbacks
):
    sign_in(client, aylin)
    _upload(client, "zeugnis.pdf", pdf_bytes())
    certificate = Certificate.objects.for_tenant(demo).get()
    path = _private_storage / certificate.storage_name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{MY}/certificates/{certificate.pk}/delete/").status_code == 302
    assert not path.exists() and not Certificate.objects.for_tenant(demo).exists()

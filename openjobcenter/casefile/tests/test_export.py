"""'Download all my data': one ZIP with daten.json and the person's decrypted documents, nobody else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from conftest import make_user
from openjobcenter.accounts.roles import Role
from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.models import Category, HouseholdRole, Membership
from openjobcenter.casefile.services.access import open_case
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.notes import add_note
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import image_bytes, pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
URL = "/demo/my/export/"


@pytest.fixture
def partner(demo, case):
    """Aylin's partner in the same household."""
    person = make_user("can@example.org", Role.CLIENT, jobcenter=demo, name="Can Kaya")
    Membership.objects.create(case=case, person=person, role=HouseholdRole.PARTNER)
    return person


@pytest.fixture
def files(case, aylin, bernd, partner, david, davids_case):
    own = pdf_bytes("AYLIN-OWN")
    upload_document(actor=aylin, case=case, clean=check_bytes(own, "lohn.pdf"), category=Category.INCOME, title="Lohn")
    upload_document(actor=bernd, case=case, clean=check_bytes(pdf_bytes("HOUSEHOLD"), "miete.pdf"),
                    category=Category.RENT, title="Miete")  # fmt: skip
    upload_document(actor=partner, case=case, clean=check_bytes(image_bytes(), "can-ausweis.png"),
                    category=Category.ID, title="Ausweis Can")  # fmt: skip
    upload_document(actor=david, case=davids_case, clean=check_bytes(pdf_bytes("DAVID"), "david.pdf"),
                    category=Category.RENT, title="Davids Miete")  # fmt: skip
    add_note(actor=bernd, case=case, text="Interne Notiz zur Kundin", visibility="team")
    open_case(bernd, case, "Bearbeitung der Akte")
    return own


def download(client, person) -> tuple[dict, zipfile.ZipFile]:
    sign_in(client, person)
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip" and "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("daten.json")), archive


def test_the_archive_holds_her_data_and_her_documents_decrypted(client, files, aylin, case):
    data, archive = download(client, aylin)
    assert data["profile"]["email"] == aylin.email and data["case"]["customer_number"] == case.customer_number
    titles = {d["title"] for d in data["documents"]}
    assert titles == {"Lohn", "Miete"}  # her own and the household's, not her partner's ID card
    lohn = next(d for d in data["documents"] if d["title"] == "Lohn")
    assert archive.read(lohn["file_in_archive"]) == files
    assert any(entry["by"] == "Bernd Brandt" for entry in data["access_log"])
    assert data["notes_visible_to_you"] == []
    assert "Interne Notiz" not in json.dumps(data)
    assert AuditEntry.objects.for_tenant(case.jobcenter).filter(action="casefile.data_exported").count() == 1


def test_another_citizens_data_is_never_in_it(client, files, aylin):
    data, archive = download(client, aylin)
    everything = json.dumps(data) + " ".join(archive.namelist())
    for foreign in ("David", "david.pdf", "Ausweis Can", "can-ausweis", "can@example.org"):
        assert foreign not in everything
    assert not any(b"DAVID" in archive.read(name) for name in archive.namelist())


def test_the_page_explains_and_only_a_post_downloads(client, files, aylin):
    sign_in(client, aylin)
    page = client.get(URL)
    assert page.status_code == 200 and "ZIP-Datei herunterladen" in page.content.decode()


def test_staff_and_other_jobcenters_cannot_use_it(client, bernd, nora):
    sign_in(client, bernd)
    assert client.post(URL).status_code == 403
    client.logout()
    sign_in(client, nora)
    assert client.post(URL).status_code == 404


def test_other_apps_add_their_part_through_the_provider_contract(client, monkeypatch, case, aylin):
    from openjobcenter.casefile.services import export

    calls = []

    def other_export(user):
        calls.append(user)
        return {"threads": [{"subject": "Frage"}]}

    def other_files(user):
        return [("anhang.pdf", b"PDF-BYTES"), ("../../böse\nname", b"x")]

    monkeypatch.setattr(export, "_providers", lambda: [("messaging", other_export, other_files)])
    data, archive = download(client, aylin)
    assert calls == [aylin] and data["apps"]["messaging"] == {"threads": [{"subject": "Frage"}]}
    assert archive.read("messaging/anhang.pdf") == b"PDF-BYTES"
    assert all(".." not in name and "\n" not in name for name in archive.namelist())

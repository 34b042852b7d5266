"""Nobody reaches another person's folder: another citizen of the same Jobcenter gets 404 for every object,
a person of another Jobcenter gets 404 for every page."""

from __future__ import annotations

import datetime as dt

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.services.uploads import check_bytes
from openjobcenter.casefile.tests.conftest import pdf_bytes
from openjobcenter.folder.models import CoverLetter, CvEntry
from openjobcenter.folder.services import certificates, sharing

from .conftest import MY


def test_another_citizen_cannot_reach_anything_of_aylins_folder(client, settings, folder, aylin, david):
    settings.DEMO = True
    certificate = certificates.upload_certificate(
        actor=aylin,
        folder=folder,
        clean=check_bytes(pdf_bytes(), "z.pdf"),
        title="Zeugnis",
        issued_on=dt.date(2020, 1, 1),
    )
    letter = CoverLetter.objects.create_for_tenant(folder.jobcenter, folder=folder, title="Brief", text="Text")
    share, _token = sharing.create_share(actor=aylin, folder=folder, recipient="Backhaus", days=7, include_cv=True,
                                         certificates=[certificate], cover_letter=letter)  # fmt: skip
    entry = CvEntry.objects.for_tenant(folder.jobcenter).filter(folder=folder).first()
    assert entry is not None
    sign_in(client, david)
    gets = [f"{MY}/cv/entries/{entry.pk}/", f"{MY}/certificates/{certificate.pk}/file/", f"{MY}/letters/{letter.pk}/",
            f"{MY}/letters/{letter.pk}/pdf/", f"{MY}/shares/{share.pk}/"]  # fmt: skip
    for path in gets:
        assert client.get(path).status_code == 404, path
    posts = [f"{MY}/cv/entries/{entry.pk}/delete/", f"{MY}/cv/entries/{entry.pk}/move/",
             f"{MY}/certificates/{certificate.pk}/delete/", f"{MY}/letters/{letter.pk}/delete/",
             f"{MY}/shares/{share.pk}/revoke/"]  # fmt: skip
    for path in posts:
        assert client.post(path).status_code == 404, path
    share.refresh_from_db()
    assert share.revoked_at is None and CvEntry.objects.for_tenant(folder.jobcenter).filter(pk=entry.pk).exists()
    for path in (f"{MY}/", f"{MY}/cv/", f"{MY}/certificates/", f"{MY}/letters/", f"{MY}/shares/"):
        page = client.get(path).content.decode()
        assert "Lindenweg" not in page and "Beratung an der Theke" not in page and "Backhaus" not in page, path


def test_a_person_of_another_jobcenter_gets_not_found(client, folder, nora, niklas):
    for person in (nora, niklas):
        sign_in(client, person)
        for path in (f"{MY}/", f"{MY}/cv/", f"{MY}/cv/pdf/", f"{MY}/shares/"):
            assert client.get(path).status_code == 404, path


def test_nora_has_her_own_folder_in_nord_and_sees_nothing_of_demo(client, folder, nora):
    sign_in(client, nora)
    page = client.get("/nord/my/folder/cv/").content.decode()
    assert "Nora" in page and "Bäckerei Schmidt" not in page and "Kaya" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(f"{MY}/")
    assert response.status_code == 302 and "/login" in response["Location"]

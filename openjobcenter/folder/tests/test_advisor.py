"""The advisor's view with consent: the consent matrix, comments both ways, withdrawal, audit of reads,
timeline entries and the data export."""

from __future__ import annotations

import json
import zipfile

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.services.export import build_archive
from openjobcenter.casefile.services.timeline import timeline
from openjobcenter.folder.models import Comment, ConsentChange
from openjobcenter.folder.services import folders

from .conftest import MY


def _staff_url(case) -> str:
    return f"/demo/staff/cases/{case.pk}/folder/"


def _give_consent(client, aylin) -> None:
    sign_in(client, aylin)
    assert client.post(f"{MY}/consent/", {"given": "1"}).status_code == 302


def test_without_consent_the_advisor_gets_a_clear_no_consent_page(client, case, folder, bernd):
    sign_in(client, bernd)
    response = client.get(_staff_url(case))
    page = response.content.decode()
    assert response.status_code == 403 and 'data-state="no-consent"' in page
    assert "Verkäuferin" not in page and "Lindenweg" not in page
    assert client.get(f"{_staff_url(case)}cv.pdf").status_code == 403
    assert client.post(f"{_staff_url(case)}comment/", {"text": "Hallo"}).status_code == 403
    assert not Comment.objects.for_tenant(case.jobcenter).exists()


def test_a_citizen_without_a_folder_is_also_no_consent(client, case, bernd):
    sign_in(client, bernd)
    response = client.get(_staff_url(case))
    assert response.status_code == 403 and 'data-state="no-consent"' in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bernd", 200), ("tanja", 200), ("carla", 403), ("lena", 403), ("emre", 403), ("anja", 403),
     ("anton", 403), ("david", 403), ("aylin", 403), ("niklas", 404), ("nora", 404)],
)  # fmt: skip
def test_with_consent_only_the_team_of_the_case_sees_the_folder(client, request, case, folder, aylin, persona, status):
    _give_consent(client, aylin)
    client.logout()
    sign_in(client, request.getfixturevalue(persona))
    response = client.get(_staff_url(case))
    assert response.status_code == status
    assert ("Bäckerei Schmidt" in response.content.decode()) == (status == 200)


def test_the_advisors_read_is_audited_and_shown_to_the_citizen(client, case, folder, aylin, bernd):
    _give_consent(client, aylin)
    sign_in(client, bernd)
    assert client.get(_staff_url(case)).status_code == 200
    assert client.get(f"{_staff_url(case)}cv.pdf").status_code == 200
    reads = AuditEntry.objects.for_tenant(case.jobcenter).filter(kind="read", subject_id=aylin.pk, actor_id=bernd.pk)
    assert reads.count() == 2
    assert all("Bewerbungsmappe" in entry.purpose for entry in reads)


def test_comments_go_both_ways_and_can_be_marked_done(client, case, folder, aylin, bernd):
    _give_consent(client, aylin)
    sign_in(client, bernd)
    assert client.post(f"{_staff_url(case)}comment/", {"person": aylin.pk, "text": ""}).status_code == 302
    assert not Comment.objects.for_tenant(case.jobcenter).exists()
    client.post(f"{_staff_url(case)}comment/", {"person": aylin.pk, "text": "Bitte Samstagsarbeit erwähnen."})
    comment = Comment.objects.for_tenant(case.jobcenter).get()
    assert comment.from_staff and comment.author == bernd

    sign_in(client, aylin)
    assert "Bitte Samstagsarbeit erwähnen." in client.get(f"{MY}/").content.decode()
    client.post(f"{MY}/comments/{comment.pk}/answer/", {"text": "Mache ich, danke!"})
    client.post(f"{MY}/comments/{comment.pk}/done/", {"done": "1"})
    comment.refresh_from_db()
    assert comment.done_at is not None and comment.answers.get().text == "Mache ich, danke!"

    sign_in(client, bernd)
    page = client.get(_staff_url(case)).content.decode()
    assert "Mache ich, danke!" in page and "als erledigt markiert" in page


def test_withdrawing_consent_closes_the_folder_again(client, case, folder, aylin, bernd):
    _give_consent(client, aylin)
    client.post(f"{MY}/consent/", {"given": "0"})
    assert [c.given for c in ConsentChange.objects.for_tenant(case.jobcenter).order_by("at", "pk")] == [True, False]
    assert "Einwilligung widerrufen" in client.get(f"{MY}/").content.decode()
    sign_in(client, bernd)
    assert client.get(_staff_url(case)).status_code == 403


def test_the_timeline_shows_consent_shares_and_comments(case, folder, aylin, bernd, demo):
    from openjobcenter.folder.services import advisor, sharing

    folders.set_consent(actor=aylin, folder=folder, given=True)
    sharing.create_share(actor=aylin, folder=folder, recipient="Backhaus", days=7, include_cv=True,
                         certificates=[], cover_letter=None)  # fmt: skip
    advisor.add_staff_comment(actor=bernd, folder=folder, text="Gut!")
    titles = [str(e.title) for e in timeline(case, viewer=aylin, for_citizen=True) if e.kind == "folder"]
    assert sorted(titles) == sorted(["Bewerbungsmappe: Einwilligung erteilt", "Bewerbungsmappe geteilt",
                                     "Kommentar zur Bewerbungsmappe"])  # fmt: skip
    assert len([e for e in timeline(case, viewer=bernd, for_citizen=False) if e.kind == "folder"]) == 3
    folders.set_consent(actor=aylin, folder=folder, given=False)
    staff_titles = [str(e.title) for e in timeline(case, viewer=bernd, for_citizen=False) if e.kind == "folder"]
    assert sorted(staff_titles) == ["Bewerbungsmappe: Einwilligung erteilt", "Bewerbungsmappe: Einwilligung widerrufen"]


def test_the_export_holds_the_folder(case, folder, aylin, demo):
    archive = zipfile.ZipFile(build_archive(aylin, demo))
    data = json.loads(archive.read("daten.json"))["apps"]["folder"]
    assert data["personal"]["last_name"] == "Kaya"
    assert [e["title"] for e in data["cv_entries"]] == ["Englisch", "Verkäuferin"] or len(data["cv_entries"]) == 2

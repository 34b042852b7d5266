"""The CV builder: personal details prefilled, entries added, changed, reordered and removed; bad input
answered next to the field with nothing lost; cover letters."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.folder.models import CoverLetter, CvEntry, Folder

from .conftest import MY


def test_the_folder_is_created_on_first_visit_prefilled_from_the_account(client, aylin, demo):
    sign_in(client, aylin)
    assert client.get(f"{MY}/").status_code == 200
    page = client.get(f"{MY}/cv/").content.decode()
    folder = Folder.objects.for_tenant(demo).get(owner=aylin)
    assert (folder.first_name, folder.last_name, folder.email) == ("Aylin", "Kaya", "aylin@example.org")
    assert 'value="Kaya"' in page


def test_personal_details_are_saved_and_a_missing_name_is_refused(client, aylin, demo):
    sign_in(client, aylin)
    data = {"first_name": "Aylin", "last_name": "", "city": "Musterstadt", "profile": "Mein Profil"}
    response = client.post(f"{MY}/cv/", data)
    assert response.status_code == 400
    assert "Mein Profil" in response.content.decode()  # nothing lost
    data["last_name"] = "Kaya-Yilmaz"
    assert client.post(f"{MY}/cv/", data).status_code == 302
    assert Folder.objects.for_tenant(demo).get(owner=aylin).last_name == "Kaya-Yilmaz"


def test_a_birth_date_in_the_future_is_refused(client, aylin):
    sign_in(client, aylin)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(f"{MY}/cv/", {"first_name": "A", "last_name": "K", "birth_date": future})
    assert response.status_code == 400 and "Bitte prüfen Sie Ihr Geburtsdatum." in response.content.decode()


def test_entries_are_added_changed_moved_and_removed(client, aylin, folder):
    sign_in(client, aylin)
    response = client.post(f"{MY}/cv/work/new/", {"title": "Kassiererin", "organisation": "Frischemarkt",
                                                 "start": "2016-01", "end": "02/2018"})  # fmt: skip
    assert response.status_code == 302
    work = list(CvEntry.objects.for_tenant(folder.jobcenter).filter(folder=folder, section="work"))
    assert [e.title for e in work] == ["Kassiererin", "Verkäuferin"]  # a new job goes to the top
    assert work[0].start == dt.date(2016, 1, 1) and work[0].end == dt.date(2018, 2, 1)

    assert client.post(f"{MY}/cv/entries/{work[0].pk}/move/", {"direction": "down"}).status_code == 302
    assert client.post(f"{MY}/cv/entries/{work[0].pk}/move/", {"direction": "down"}).status_code == 302  # at the end
    order = CvEntry.objects.for_tenant(folder.jobcenter).filter(folder=folder, section="work").values_list("title")
    assert [t for (t,) in order] == ["Verkäuferin", "Kassiererin"]
    work.reverse()

    edit = client.post(f"{MY}/cv/entries/{work[1].pk}/", {"title": "Kassiererin (Teilzeit)", "start": "2016-01"})
    assert edit.status_code == 302
    work[1].refresh_from_db()
    assert work[1].title == "Kassiererin (Teilzeit)" and work[1].end is None

    assert client.post(f"{MY}/cv/entries/{work[0].pk}/delete/").status_code == 302
    assert not CvEntry.objects.for_tenant(folder.jobcenter).filter(pk=work[0].pk).exists()
    page = client.get(f"{MY}/cv/").content.decode()
    assert "Kassiererin (Teilzeit)" in page and "Verkäuferin</p>" not in page


def test_a_language_needs_a_level(client, aylin, folder):
    sign_in(client, aylin)
    response = client.post(f"{MY}/cv/language/new/", {"title": "Französisch"})
    assert response.status_code == 400 and "Bitte wählen Sie Ihr Sprachniveau." in response.content.decode()
    assert client.post(f"{MY}/cv/language/new/", {"title": "Französisch", "level": "A2"}).status_code == 302


def test_bad_dates_are_answered_next_to_the_field_and_nothing_is_lost(client, aylin, folder):
    sign_in(client, aylin)
    next_year = timezone.localdate().year + 1
    cases = [
        ({"start": f"{next_year}-01"}, "Berufserfahrung kann nicht in der Zukunft beginnen."),
        ({"start": "2019-05", "end": f"{next_year}-02"}, "Das Ende liegt in der Zukunft."),
        ({"start": "2020-05", "end": "2019-01"}, "Das Ende liegt vor dem Beginn."),
        ({"start": "Mai"}, "Bitte geben Sie Monat und Jahr an"),
        ({"start": "2020-13"}, "Bitte geben Sie Monat und Jahr an"),
        ({}, "Bitte geben Sie an, seit wann"),
    ]
    for dates, message in cases:
        response = client.post(f"{MY}/cv/work/new/", {"title": "Lagerhelferin XY", **dates})
        page = response.content.decode()
        assert response.status_code == 400, dates
        assert message in page and "Lagerhelferin XY" in page, dates
    assert not CvEntry.objects.for_tenant(folder.jobcenter).filter(title="Lagerhelferin XY").exists()


def test_an_unknown_section_is_not_found(client, aylin):
    sign_in(client, aylin)
    assert client.get(f"{MY}/cv/hobbys/new/").status_code == 404


def test_cover_letters_are_written_changed_and_deleted(client, aylin, folder):
    sign_in(client, aylin)
    assert (
        client.post(f"{MY}/letters/new/", {"title": "Bewerbung", "company": "Backhaus", "text": ""}).status_code == 400
    )
    data = {"title": "Bewerbung als Verkäuferin", "company": "Backhaus Sonnenschein", "text": "Sehr geehrte Damen"}
    assert client.post(f"{MY}/letters/new/", data).status_code == 302
    letter = CoverLetter.objects.for_tenant(folder.jobcenter).get(folder=folder)
    assert client.post(f"{MY}/letters/{letter.pk}/", {**data, "text": "Neuer Text"}).status_code == 302
    letter.refresh_from_db()
    assert letter.text == "Neuer Text"
    assert "Backhaus Sonnenschein" in client.get(f"{MY}/letters/").content.decode()
    assert client.post(f"{MY}/letters/{letter.pk}/delete/").status_code == 302
    assert not CoverLetter.objects.for_tenant(folder.jobcenter).exists()


def test_staff_and_employers_have_no_folder_of_their_own(client, bernd, anton):
    for person in (bernd, anton):
        sign_in(client, person)
        assert client.get(f"{MY}/").status_code == 403

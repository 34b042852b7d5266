"""One timeline per case: documents, notes, access reasons, corrections and appointments; staff vs citizen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.appointments.models import Booking, BookingStatus, Concern, Slot
from openjobcenter.casefile.models import Category, NoteVisibility
from openjobcenter.casefile.services.access import open_case
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.notes import add_note
from openjobcenter.casefile.services.timeline import providers, timeline
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")
TEAM_NOTE = "Kundin wirkt belastet, Rückruf"
STAFF_NOTE = "Unterlagen vollständig geprüft"
REASON = "Vertretung für Herrn Brandt, Kundin am Telefon"


@pytest.fixture
def booking(demo, demo_location, bernd, aylin) -> Booking:
    concern = Concern.all_tenants.create(
        jobcenter=demo, name={"de": "Beratung zur Arbeitsuche"}, channels=["in_person"]
    )
    start = timezone.now() + dt.timedelta(days=3)
    slot = Slot.all_tenants.create(
        jobcenter=demo, location=demo_location, staff=bernd, start=start, end=start + dt.timedelta(minutes=30),
        minutes=30, in_person=True,
    )  # fmt: skip
    return Booking.all_tenants.create(
        jobcenter=demo, code="ABCDE12345", slot=slot, concern=concern, channel="in_person", location=demo_location,
        staff=bernd, start=slot.start, end=slot.end, client=aylin, name="Aylin Kaya", email=aylin.email,
    )  # fmt: skip


@pytest.fixture
def history(case, aylin, bernd, carla, booking):
    upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "miete.pdf"), category=Category.RENT,
                    title="Mietbescheinigung")  # fmt: skip
    add_note(actor=bernd, case=case, text=TEAM_NOTE, visibility=NoteVisibility.TEAM)
    add_note(actor=bernd, case=case, text=STAFF_NOTE, visibility=NoteVisibility.STAFF)
    open_case(carla, case, "Bearbeitung der Akte", REASON)
    Booking.all_tenants.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
    return case


def texts(entries) -> str:
    return " | ".join(f"{e.kind}: {e.title} {e.text}" for e in entries)


def test_every_installed_provider_is_collected():
    modules = {provider.__module__ for provider in providers()}
    assert {"openjobcenter.casefile.services.timeline", "openjobcenter.appointments.services.timeline"} <= modules


def test_the_team_sees_documents_notes_appointments_and_access_reasons_newest_first(history, bernd):
    entries = timeline(history, viewer=bernd, for_citizen=False)
    text = texts(entries)
    assert "Mietbescheinigung" in text and TEAM_NOTE[:20] in text and STAFF_NOTE[:20] in text
    assert "Termin gebucht" in text and "Termin abgesagt" in text and REASON in text
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    appointment = next(e for e in entries if e.kind == "appointment")
    assert appointment.url == "/demo/staff/appointments/ABCDE12345/"


def test_another_team_does_not_see_team_only_notes(history, carla):
    text = texts(timeline(history, viewer=carla, for_citizen=False))
    assert STAFF_NOTE[:20] in text and TEAM_NOTE[:20] not in text


def test_the_citizen_sees_no_notes_and_no_access_reasons(history, aylin):
    entries = timeline(history, viewer=aylin, for_citizen=True)
    text = texts(entries)
    assert "Mietbescheinigung" in text and "Termin abgesagt" in text
    assert TEAM_NOTE[:20] not in text and STAFF_NOTE[:20] not in text and REASON not in text
    assert {e.kind for e in entries} <= {"document", "appointment", "correction", "message", "plan", "application"}
    appointment = next(e for e in entries if e.kind == "appointment")
    assert appointment.url == "/demo/appointments/manage/ABCDE12345/"


def test_someone_outside_the_household_gets_nothing(history, david, emre):
    assert timeline(history, viewer=david, for_citizen=True) == []
    assert not [e for e in timeline(history, viewer=emre, for_citizen=False) if e.kind in {"note", "document"}]


def test_the_case_page_shows_the_timeline_with_a_filter(client, history, bernd):
    sign_in(client, bernd)
    page = client.get(f"/demo/staff/cases/{history.pk}/").content.decode()
    assert 'id="verlauf"' in page and "Termin abgesagt" in page and REASON in page
    only_appointments = client.get(f"/demo/staff/cases/{history.pk}/", {"kind": "appointment"}).content.decode()
    section = only_appointments.split('id="verlauf"')[1].split('id="loeschsperren"')[0]
    assert "Termin abgesagt" in section and "Mietbescheinigung" not in section


def test_the_citizen_page_shows_her_history_without_staff_notes(client, history, aylin):
    sign_in(client, aylin)
    response = client.get("/demo/my/timeline/")
    page = response.content.decode()
    assert response.status_code == 200 and "Verlauf meiner Akte" in page
    assert "Mietbescheinigung" in page and "Termin abgesagt" in page
    assert TEAM_NOTE not in page and STAFF_NOTE not in page and REASON not in page


def test_the_citizen_timeline_is_capped_with_more(client, case, aylin):
    for index in range(27):
        upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(f"m{index}"), f"d{index}.pdf"),
                        category=Category.OTHER, title=f"Nachweis {index:02d}")  # fmt: skip
    sign_in(client, aylin)
    first = client.get("/demo/my/timeline/").content.decode()
    assert "Nachweis 26" in first and "Nachweis 01" not in first and "n=50" in first
    assert "Nachweis 00" in client.get("/demo/my/timeline/", {"n": 50}).content.decode()


def test_other_people_cannot_open_the_citizen_timeline(client, history, bernd, nora):
    sign_in(client, bernd)
    assert client.get("/demo/my/timeline/").status_code == 403
    client.logout()
    sign_in(client, nora)
    assert client.get("/demo/my/timeline/").status_code == 404

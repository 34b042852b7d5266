"""Need to know: the responsible team sees a case, other staff only with a reason, clients only their own."""

from __future__ import annotations

import pytest

from openjobcenter.audit.models import AuditEntry, Kind
from openjobcenter.audit.services import access_log_for
from openjobcenter.casefile.models import Category, NoteVisibility
from openjobcenter.casefile.services.access import (
    PURPOSE_CASE_WORK,
    Access,
    CaseAccessDenied,
    ReasonRequired,
    case_of_client,
    open_case,
    search_cases,
    staff_access,
)
from openjobcenter.casefile.services.documents import read_document, upload_document
from openjobcenter.casefile.services.notes import add_note, visible_notes
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import pdf_bytes

REASON = "Vertretung für Herrn Brandt während seines Urlaubs"


def test_the_responsible_team_sees_the_case_without_a_reason(case, bernd, tanja):
    assert staff_access(bernd, case) == Access.TEAM
    assert staff_access(tanja, case) == Access.TEAM


def test_staff_of_another_team_need_a_reason(case, carla, lena):
    assert staff_access(carla, case) == Access.REASON_NEEDED
    assert staff_access(lena, case) == Access.REASON_NEEDED
    with pytest.raises(ReasonRequired):
        open_case(carla, case, PURPOSE_CASE_WORK)
    with pytest.raises(ReasonRequired):
        open_case(carla, case, PURPOSE_CASE_WORK, reason="weil")


def test_staff_without_case_work_and_other_jobcenters_have_no_access(case, emre, anja, niklas, nora, aylin, paul):
    for person in (emre, anja, niklas, nora, aylin, paul):
        assert staff_access(person, case) == Access.NONE
        with pytest.raises(CaseAccessDenied):
            open_case(person, case, PURPOSE_CASE_WORK, reason=REASON)


def test_a_read_by_the_team_is_logged_with_its_purpose(case, bernd, aylin):
    open_case(bernd, case, PURPOSE_CASE_WORK)
    entry = access_log_for(jobcenter=case.jobcenter, citizen=aylin).get()
    assert (entry.actor, entry.purpose, entry.kind) == (bernd, "Bearbeitung der Akte", Kind.READ)
    assert entry.details["break_glass"] is False


def test_breaking_the_glass_is_logged_with_the_reason_and_shown_to_the_citizen(client, case, carla, aylin):
    assert open_case(carla, case, PURPOSE_CASE_WORK, reason=REASON) == Access.REASON_NEEDED
    entry = access_log_for(jobcenter=case.jobcenter, citizen=aylin).get()
    assert REASON in entry.purpose and entry.details == {"case": "12345BG0001", "break_glass": True, "reason": REASON}
    client.force_login(aylin)
    page = client.get("/demo/my/access-log/").content.decode()
    assert "Carla Claasen" in page and REASON in page


def test_clients_find_only_their_own_households_case(case, davids_case, aylin, david, nora, demo, nord):
    assert case_of_client(aylin, demo) == case
    assert case_of_client(david, demo) == davids_case
    assert case_of_client(nora, demo) is None
    assert case_of_client(aylin, nord) is None


def test_clients_read_their_own_documents_but_not_anothers(case, davids_case, aylin, david, scanner):
    document = upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "a.pdf"), category=Category.RENT)
    assert read_document(aylin, document) == pdf_bytes()
    with pytest.raises(CaseAccessDenied):
        read_document(david, document)
    with pytest.raises(CaseAccessDenied):
        upload_document(actor=david, case=case, clean=check_bytes(pdf_bytes(), "b.pdf"), category=Category.RENT)


def test_staff_document_reads_follow_the_same_rules_and_are_logged(case, aylin, bernd, carla, emre, niklas, scanner):
    document = upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "a.pdf"), category=Category.ID)
    assert read_document(bernd, document) == pdf_bytes()
    with pytest.raises(ReasonRequired):
        read_document(carla, document)
    assert read_document(carla, document, reason=REASON) == pdf_bytes()
    for person in (emre, niklas):
        with pytest.raises(CaseAccessDenied):
            read_document(person, document, reason=REASON)
    reads = AuditEntry.objects.for_tenant(case.jobcenter).filter(kind=Kind.READ, action="casefile.document_viewed")
    assert list(reads.order_by("pk").values_list("actor_label", flat=True)) == ["Bernd Brandt", "Carla Claasen"]


def test_a_new_version_links_to_the_one_it_replaces(case, aylin, bernd, scanner):
    first = upload_document(actor=aylin, case=case, clean=check_bytes(pdf_bytes(), "a.pdf"), category=Category.INCOME)
    second = upload_document(
        actor=bernd, case=case, clean=check_bytes(pdf_bytes("v2"), "a2.pdf"), category=Category.INCOME, previous=first
    )
    assert (second.version, second.previous, second.source, second.person) == (2, first, "staff", aylin)
    first.refresh_from_db()
    assert not first.is_current and second.is_current


def test_team_notes_stay_in_the_team(case, bernd, tanja, carla):
    team_note = add_note(actor=bernd, case=case, text="Nur fürs Team")
    shared = add_note(actor=bernd, case=case, text="Für alle", visibility=NoteVisibility.STAFF)
    assert set(visible_notes(tanja, case)) == {team_note, shared}
    assert list(visible_notes(carla, case)) == [shared]
    with pytest.raises(ReasonRequired):
        add_note(actor=carla, case=case, text="ohne Grund")


def test_search_finds_own_cases_by_name_and_others_only_by_exact_number(case, davids_case, bernd, carla, demo):
    own, others = search_cases(bernd, demo, "Aylin Kaya")
    assert (list(own), list(others)) == ([case], [])
    own, others = search_cases(bernd, demo, "David")
    assert (list(own), list(others)) == ([], [])
    own, others = search_cases(bernd, demo, "12345BG0002")
    assert (list(own), list(others)) == ([], [davids_case])
    own, others = search_cases(carla, demo, "12345BG0002")
    assert (list(own), list(others)) == ([davids_case], [])


def test_search_never_crosses_jobcenters(case, nord_case, niklas, nord, bernd, demo):
    assert [list(found) for found in search_cases(niklas, nord, "12345BG0001")] == [[], []]
    assert [list(found) for found in search_cases(bernd, demo, "99999BG0001")] == [[], []]

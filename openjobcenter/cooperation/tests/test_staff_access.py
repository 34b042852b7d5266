"""The access matrix of the staff pages: the responsible team works on the plan, other staff of the
Jobcenter must state a reason first (benefits officers may only look), roles without case work get
403, Nordkreis gets 404. Every read is logged as a read of the citizen's data.
"""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.services import access_log_for
from openjobcenter.cooperation.models import Breach, Status, Version

REASON = "Vertretung für Herrn Brandt, Kundin am Telefon"


def read_pages(case, version) -> list[str]:
    base = f"/demo/staff/cases/{case.pk}/plan/"
    return [base, f"{base}versions/{version.number}/", f"{base}versions/{version.number}/pdf/", f"{base}breaches/new/"]


def edit(client, case, goals="Ziel geändert"):
    return client.post(
        f"/demo/staff/cases/{case.pk}/plan/edit/",
        {"goals": goals, "support": "", "review_date": "2027-05-01", "steps-TOTAL_FORMS": "1",
         "steps-INITIAL_FORMS": "0", "steps-0-text": "", "steps-0-owner": "citizen"},
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["bernd", "tanja"])
def test_the_responsible_team_reads_and_edits(request, client, case, published, aylin, persona):
    sign_in(client, request.getfixturevalue(persona))
    for url in read_pages(case, published):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/demo/staff/cases/{case.pk}/plan/edit/").status_code == 200
    assert edit(client, case).status_code == 302
    assert Version.objects.for_tenant(case.jobcenter).filter(status=Status.DRAFT).get().goals == "Ziel geändert"
    reads = access_log_for(jobcenter=case.jobcenter, citizen=aylin)
    assert reads.filter(purpose="Einsicht in den Kooperationsplan").exists()
    assert reads.filter(purpose="Kooperationsplan als PDF").exists()


def test_another_team_must_state_a_reason_first(client, case, published, aylin, carla):
    sign_in(client, carla)
    first = client.get(f"/demo/staff/cases/{case.pk}/plan/")
    assert first.status_code == 403 and "Zugriff begründen" in first.content.decode()
    assert "Bewerbungen" not in first.content.decode()
    assert edit(client, case).status_code == 403
    assert not access_log_for(jobcenter=case.jobcenter, citizen=aylin).exists()

    assert client.post(f"/demo/staff/cases/{case.pk}/plan/reason/", {"reason": "kurz"}).status_code == 400
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/reason/", {"reason": REASON}).status_code == 302
    page = client.get(f"/demo/staff/cases/{case.pk}/plan/").content.decode()
    assert "Vier Bewerbungen im Monat schreiben" in page and REASON in page
    reads = access_log_for(jobcenter=case.jobcenter, citizen=aylin)
    assert reads.exists() and all(REASON in entry.purpose for entry in reads)


def test_a_benefits_officer_may_look_with_a_reason_but_not_edit(client, case, published, lena):
    sign_in(client, lena)
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/reason/", {"reason": REASON}).status_code == 302
    assert client.get(f"/demo/staff/cases/{case.pk}/plan/").status_code == 200
    assert client.get(f"/demo/staff/cases/{case.pk}/plan/edit/").status_code == 403
    assert edit(client, case).status_code == 403
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/publish/").status_code == 403


@pytest.mark.parametrize("persona", ["emre", "anja", "aylin", "anton", "paul"])
def test_people_without_case_work_are_refused(request, client, case, published, persona):
    sign_in(client, request.getfixturevalue(persona))
    for url in read_pages(case, published):
        assert client.get(url).status_code == 403, url
    assert edit(client, case).status_code == 403


def test_another_jobcenter_sees_nothing(client, case, published, niklas):
    sign_in(client, niklas)
    for url in read_pages(case, published):
        assert client.get(url).status_code == 404, url
        assert client.get(url.replace("/demo/", "/nord/")).status_code == 404, url
    assert edit(client, case).status_code == 404


def test_a_person_of_another_household_is_not_found(client, case, published, bernd, david, davids_case):
    sign_in(client, bernd)
    assert client.get(f"/demo/staff/cases/{case.pk}/plan/?person={david.pk}").status_code == 404


def test_bernd_publishes_a_draft_and_compares_versions(client, case, published, bernd):
    sign_in(client, bernd)
    assert edit(client, case, goals="Arbeit als Kassiererin").status_code == 302
    page = client.get(f"/demo/staff/cases/{case.pk}/plan/").content.decode()
    assert 'data-state="draft"' in page
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/publish/").status_code == 302
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/publish/").status_code == 302  # nothing left: a message
    assert Version.objects.for_tenant(case.jobcenter).filter(status=Status.PUBLISHED).count() == 2
    compared = client.get(f"/demo/staff/cases/{case.pk}/plan/versions/2/").content.decode()
    assert "Änderungen gegenüber Version 1" in compared and "Arbeit als Kassiererin" in compared
    assert 'data-change="removed"' in compared  # the edit had no steps


def test_the_edit_form_keeps_input_and_removes_a_step(client, case, published, bernd):
    sign_in(client, bernd)
    steps = list(published.steps.all())
    data = {
        "goals": "", "support": "Coaching", "review_date": "2027-05-01",
        "steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "2",
        "steps-0-key": str(steps[0].key), "steps-0-text": steps[0].text, "steps-0-owner": "citizen",
        "steps-1-key": str(steps[1].key), "steps-1-text": steps[1].text, "steps-1-owner": "jobcenter", "steps-1-DELETE": "on",
        "steps-2-text": "Neuer Schritt", "steps-2-owner": "citizen", "steps-2-due_date": "2027-01-15",
    }  # fmt: skip
    refused = client.post(f"/demo/staff/cases/{case.pk}/plan/edit/", data)
    assert refused.status_code == 400 and "Neuer Schritt" in refused.content.decode()
    assert "Bitte beschreiben Sie mindestens ein Ziel." in refused.content.decode()
    data["goals"] = "Ziel"
    assert client.post(f"/demo/staff/cases/{case.pk}/plan/edit/", {**data, "add_step": ""}).status_code == 302
    draft = Version.objects.for_tenant(case.jobcenter).get(status=Status.DRAFT)
    assert [s.text for s in draft.steps.all()] == [steps[0].text, "Neuer Schritt"]
    assert draft.steps.get(text=steps[0].text).key == steps[0].key


def test_staff_record_a_breach_and_see_the_rule_of_its_date(client, case, published, bernd):
    sign_in(client, bernd)
    response = client.post(
        f"/demo/staff/cases/{case.pk}/plan/breaches/new/",
        {"kind": "missed_appointment", "occurred_on": "2026-06-15", "description": "Termin am 15.6. versäumt"},
    )
    assert response.status_code == 302
    breach = Breach.objects.for_tenant(case.jobcenter).get()
    assert breach.decision == "" and breach.reduction == "" and breach.decided_by is None  # nothing decided for staff
    page = client.get(f"/demo/staff/cases/{case.pk}/plan/").content.decode()
    assert "10 % des maßgebenden Regelbedarfs" in page
    client.post(
        f"/demo/staff/cases/{case.pk}/plan/breaches/{breach.pk}/",
        {"kind": "missed_appointment", "occurred_on": "2026-07-15", "description": "x", "hearing_done": "on",
         "hardship_checked": "on", "decision": "Wichtiger Grund: Kind krank", "reduction": "keine"},
    )  # fmt: skip
    breach.refresh_from_db()
    assert breach.hearing_done and breach.decided_by == bernd and breach.reduction == "keine"
    assert (
        "30 % für einen Monat" in client.get(f"/demo/staff/cases/{case.pk}/plan/breaches/{breach.pk}/").content.decode()
    )

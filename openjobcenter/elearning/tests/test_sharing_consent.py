"""Completion reaches the advisor only with consent: the matrix of consent × viewer, timeline and export."""

from __future__ import annotations

import pytest

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile.services.timeline import timeline
from openjobcenter.elearning.models import SharingConsent
from openjobcenter.elearning.services.export import export
from openjobcenter.elearning.services.progress import submit_quiz
from openjobcenter.elearning.services.sharing import set_sharing

from .conftest import builtin, right_answers

SHARED_TITLE = "Lernmodul abgeschlossen (freigegeben)"


@pytest.fixture
def finished(demo, aylin, case, application, safety):
    """Aylin has finished two modules."""
    for module in (application, safety):
        submit_quiz(aylin, demo, module, right_answers(module))


def _seen(case, viewer) -> list[str]:
    return [str(e.text) for e in timeline(case, viewer=viewer, for_citizen=False) if e.kind == "course"]


def test_without_consent_her_advisor_sees_nothing(finished, case, bernd):
    assert _seen(case, bernd) == []


def test_consent_for_all_modules_shows_every_completion(finished, demo, aylin, case, bernd):
    set_sharing(aylin, demo, all_modules=True, modules=[])
    assert sorted(_seen(case, bernd)) == ["Aylin Kaya: Bewerbung schreiben", "Aylin Kaya: Sicher im Internet"]


def test_consent_for_one_module_shows_only_that_one(finished, demo, aylin, case, bernd, safety):
    set_sharing(aylin, demo, all_modules=False, modules=[safety])
    assert _seen(case, bernd) == ["Aylin Kaya: Sicher im Internet"]


def test_revoking_hides_it_again_and_is_audited(finished, demo, aylin, case, bernd):
    set_sharing(aylin, demo, all_modules=True, modules=[])
    set_sharing(aylin, demo, all_modules=False, modules=[])
    assert _seen(case, bernd) == []
    assert not SharingConsent.objects.for_tenant(demo).filter(person=aylin).exists()
    assert (
        AuditEntry.objects.for_tenant(demo).filter(action="elearning.sharing_changed", subject_id=aylin.pk).count() == 2
    )


@pytest.mark.parametrize("viewer", ["carla", "lena", "tanja_other", "niklas"])
def test_with_consent_only_her_own_team_with_participation_rights_sees_it(
    finished, demo, aylin, case, viewer, request, other_team
):
    """Carla: another team; Lena: benefits, no participation right; a team lead of another team; Niklas: nord."""
    set_sharing(aylin, demo, all_modules=True, modules=[])
    if viewer == "tanja_other":
        from conftest import make_user
        from openjobcenter.accounts.roles import Role

        person = make_user("tl@demo.example", Role.TEAM_LEAD, jobcenter=demo, team=other_team, name="T L")
    else:
        person = request.getfixturevalue(viewer)
    assert _seen(case, person) == []


def test_the_team_lead_of_her_team_sees_it(finished, demo, aylin, case, tanja):
    set_sharing(aylin, demo, all_modules=True, modules=[])
    assert len(_seen(case, tanja)) == 2


def test_she_sees_her_own_completions_on_her_timeline_without_sharing(finished, case, aylin):
    entries = [e for e in timeline(case, viewer=aylin, for_citizen=True) if e.kind == "course"]
    assert {str(e.text) for e in entries} == {"Bewerbung schreiben", "Sicher im Internet"}
    assert "/demo/my/elearning/sicher-im-internet/" in {e.url for e in entries}


def test_the_staff_case_page_shows_it_only_with_consent(finished, client, demo, aylin, case, bernd):
    sign_in(client, bernd)
    url = f"/demo/staff/cases/{case.pk}/"
    assert SHARED_TITLE not in client.get(url).text
    set_sharing(aylin, demo, all_modules=True, modules=[])
    assert SHARED_TITLE in client.get(url).text


def test_the_sharing_page_saves_her_choice_and_names_errors(client, demo, aylin, safety):
    sign_in(client, aylin)
    url = "/demo/my/elearning/sharing/"
    response = client.post(url, {"scope": "some"})
    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens ein Lernmodul aus." in response.text
    response = client.post(url, {"scope": "some", "modules": [safety.pk]})
    assert response.status_code == 302
    assert list(SharingConsent.objects.for_tenant(demo).filter(person=aylin).values_list("module", flat=True)) == [
        safety.pk
    ]
    client.post(url, {"scope": "all"})
    assert list(SharingConsent.objects.for_tenant(demo).filter(person=aylin).values_list("module", flat=True)) == [None]
    client.post(url, {"scope": "none"})
    assert not SharingConsent.objects.for_tenant(demo).filter(person=aylin).exists()


def test_her_export_holds_progress_attempts_completions_and_consent(finished, demo, aylin, david):
    set_sharing(aylin, demo, all_modules=False, modules=[builtin("sicher-im-internet")])
    data = export(aylin)
    assert {c["module"] for c in data["completions"]} == {"bewerbung-schreiben", "sicher-im-internet"}
    assert len(data["quiz_attempts"]) == 2
    assert data["sharing"] == [{"module": "sicher-im-internet", "granted_at": data["sharing"][0]["granted_at"]}]
    assert export(david) == {"lessons": [], "quiz_attempts": [], "completions": [], "sharing": []}

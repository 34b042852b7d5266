"""Nobody sees another person's progress; Jobcenter A sees nothing of B; the staff page is for admins."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.elearning.models import Module, QuizAttempt
from openjobcenter.elearning.services.content import CONTENT_DIR
from openjobcenter.elearning.services.progress import complete_lesson, module_states, submit_quiz

from .conftest import right_answers


@pytest.fixture
def aylins_attempt(demo, aylin, application) -> QuizAttempt:
    return submit_quiz(aylin, demo, application, right_answers(application))


def test_another_citizen_cannot_open_her_result(client, david, aylins_attempt):
    sign_in(client, david)
    url = f"/demo/my/elearning/bewerbung-schreiben/quiz/{aylins_attempt.pk}/"
    assert client.get(url).status_code == 404


def test_another_citizen_sees_his_own_state_not_hers(client, demo, aylin, david, application, aylins_attempt):
    complete_lesson(aylin, demo, application.lessons.first())
    states = {s.module.slug: s for s in module_states(david, demo)}
    assert states["bewerbung-schreiben"].completion is None
    assert states["bewerbung-schreiben"].lessons_done == 0
    sign_in(client, david)
    assert "abgeschlossen" not in client.get("/demo/my/elearning/bewerbung-schreiben/").text


def test_a_client_of_another_jobcenter_gets_not_found(client, nora, aylins_attempt):
    sign_in(client, nora)
    assert client.get("/demo/my/elearning/").status_code == 404
    assert client.get(f"/demo/my/elearning/bewerbung-schreiben/quiz/{aylins_attempt.pk}/").status_code == 404
    assert client.get(f"/nord/my/elearning/bewerbung-schreiben/quiz/{aylins_attempt.pk}/").status_code == 404
    assert client.get("/nord/my/elearning/bewerbung-schreiben/certificate/").status_code == 404


def test_a_jobcenters_own_module_is_invisible_elsewhere(client, demo, nord, nora, aylin, tmp_path):
    folder = tmp_path / "nord-modul"
    import shutil

    shutil.copytree(CONTENT_DIR / "portal-nutzen", folder)
    structure = yaml.safe_load((folder / "module.yaml").read_text(encoding="utf-8"))
    structure["slug"] = "nord-modul"
    (folder / "module.yaml").write_text(yaml.safe_dump(structure), encoding="utf-8")
    call_command("sync_elearning", str(folder), jobcenter="nord")
    sign_in(client, nora)
    assert client.get("/nord/my/elearning/nord-modul/").status_code == 200
    client.logout()
    sign_in(client, aylin)
    assert client.get("/demo/my/elearning/nord-modul/").status_code == 404
    assert Module.objects.get(slug="nord-modul") not in Module.objects.offered_in(demo)


def test_staff_without_citizen_rights_cannot_take_modules(client, bernd):
    sign_in(client, bernd)
    assert client.get("/demo/my/elearning/").status_code == 403


def test_the_admin_page_is_for_jobcenter_admins_only(client, anja, bernd, aylin, aylins_attempt):
    sign_in(client, bernd)
    assert client.get("/demo/staff/elearning/").status_code == 403
    client.logout()
    sign_in(client, aylin)
    assert client.get("/demo/staff/elearning/").status_code == 403
    client.logout()
    sign_in(client, anja)
    response = client.get("/demo/staff/elearning/")
    assert response.status_code == 200
    assert "Bewerbung schreiben" in response.text and "1 Abschluss" in response.text
    assert "Aylin" not in response.text  # counts only, no names


def test_completions_of_another_jobcenter_are_not_counted(client, nord, nora, anja, application):
    submit_quiz(nora, nord, application, right_answers(application))
    sign_in(client, anja)
    assert "0 Abschlüsse" in client.get("/demo/staff/elearning/").text

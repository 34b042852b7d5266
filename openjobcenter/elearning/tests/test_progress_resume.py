"""Progress per person: lessons visited and read, the module page resumes where she left off."""

from __future__ import annotations

import re

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.elearning.models import LessonProgress
from openjobcenter.elearning.services.progress import module_states, resume_lesson

BASE = "/demo/my/elearning/bewerbung-schreiben/"


def test_opening_a_lesson_saves_the_visit_and_reading_it_moves_on(client, aylin, application):
    sign_in(client, aylin)
    response = client.get(f"{BASE}lessons/anschreiben/")
    assert response.status_code == 200
    assert "Das Anschreiben" in response.text and "Lektion 1 von 3" in response.text
    visit = LessonProgress.objects.for_tenant(aylin.jobcenter).get(person=aylin, lesson__key="anschreiben")
    assert visit.completed_at is None
    response = client.post(f"{BASE}lessons/anschreiben/")
    assert response.headers["Location"] == f"{BASE}lessons/lebenslauf/"
    visit.refresh_from_db()
    assert visit.completed_at is not None


def test_the_last_lesson_leads_to_the_quiz(client, aylin, application):
    sign_in(client, aylin)
    response = client.post(f"{BASE}lessons/versenden/")
    assert response.headers["Location"] == f"{BASE}quiz/"


def test_the_module_page_offers_to_go_on_with_the_first_unread_lesson(client, aylin, application):
    sign_in(client, aylin)
    client.post(f"{BASE}lessons/anschreiben/")
    resume = resume_lesson(aylin, aylin.jobcenter, application)
    assert resume is not None and resume.key == "lebenslauf"
    response = client.get(BASE)
    assert "Weiterlernen: Der Lebenslauf" in response.text
    assert f'href="{BASE}lessons/lebenslauf/"' in response.text
    assert "1 von 3 Lektionen gelesen" in response.text
    for key in ("lebenslauf", "versenden"):
        client.post(f"{BASE}lessons/{key}/")
    assert resume_lesson(aylin, aylin.jobcenter, application) is None
    assert "Zum Quiz" in client.get(BASE).text


def test_the_list_shows_her_state_per_module_in_few_queries(client, aylin, application, django_assert_max_num_queries):
    sign_in(client, aylin)
    client.post(f"{BASE}lessons/anschreiben/")
    states = {s.module.slug: s for s in module_states(aylin, aylin.jobcenter)}
    assert states["bewerbung-schreiben"].lessons_done == 1 and states["bewerbung-schreiben"].started
    assert not states["portal-nutzen"].started
    with django_assert_max_num_queries(16):
        response = client.get("/demo/my/elearning/")
    assert response.status_code == 200
    assert "begonnen: 1 von 3 Lektionen gelesen" in response.text


def test_pages_follow_the_language_and_arabic_is_right_to_left(client, aylin, application):
    sign_in(client, aylin)
    client.cookies["ojc_language"] = "ar"
    response = client.get(f"{BASE}lessons/lebenslauf/")
    assert 'dir="rtl"' in response.text
    assert "السيرة الذاتية" in response.text


def test_an_unknown_module_or_lesson_is_not_found(client, aylin, application):
    sign_in(client, aylin)
    assert client.get("/demo/my/elearning/gibt-es-nicht/").status_code == 404
    assert client.get(f"{BASE}lessons/gibt-es-nicht/").status_code == 404


def test_a_missing_answer_is_named_next_to_the_question_and_the_others_are_kept(client, aylin, application):
    sign_in(client, aylin)
    response = client.post(f"{BASE}quiz/", {"q-laenge": "b", "q-unterlagen": ["a", "b"]})
    assert response.status_code == 400
    assert response.text.count("Bitte wählen Sie eine Antwort.") == 3
    tags = re.findall(r"<input[^>]*>", response.text)
    checked = {
        (re.search(r'name="([^"]+)"', tag)[1], re.search(r'value="([^"]+)"', tag)[1])  # type: ignore[index]
        for tag in tags
        if " checked" in tag and 'name="q-' in tag
    }
    assert checked == {("q-laenge", "b"), ("q-unterlagen", "a"), ("q-unterlagen", "b")}


def test_the_result_shows_feedback_for_her_answers(client, aylin, application):
    sign_in(client, aylin)
    answers = {"q-laenge": "a", "q-foto": "b", "q-reihenfolge": "a", "q-unterlagen": ["a", "b"], "q-kosten": "c"}
    response = client.post(f"{BASE}quiz/", answers)
    result = client.get(response.headers["Location"])
    assert "4 von 5 Fragen richtig (80 %)" in result.text
    assert "Zu lang. Arbeitgeber haben wenig Zeit zum Lesen." in result.text  # feedback of her wrong answer
    assert "Höchstens eine Seite" in result.text  # the right one is shown too
    assert "Teilnahmebescheinigung herunterladen" in result.text

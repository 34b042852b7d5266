"""eLearning in a real browser: a citizen goes on where she left off, reads the lessons, answers the quiz
(first with a missing answer, then with one wrong), reads the feedback and downloads her certificate.
Once in German on a phone, once in Arabic (right to left). axe-core checks every page on the way.

Set ``OJ_SHOTS=/some/dir`` to keep screenshots of every step (phone and desktop).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from openjobcenter.accounts.roles import Role
from openjobcenter.elearning.models import Completion, Module
from tests.browser.conftest import DESKTOP, PHONE, format_violations, run_axe, with_axe
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal() -> DemoPortal:
    return demo_portal()


def shot(page: Page, name: str) -> None:
    if directory := os.environ.get("OJ_SHOTS"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def check(page: Page, name: str, *, rtl: bool = False) -> None:
    """No axe violation, nothing wider than the screen, the right direction; then a screenshot."""
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} is too wide"
    assert page.evaluate("document.documentElement.dir") == ("rtl" if rtl else "ltr")
    shot(page, name)


def desktop_shots(context_factory, signed_in, portal: DemoPortal, language: str, paths: dict[str, str]) -> None:
    context: BrowserContext = context_factory(language=language, viewport=DESKTOP)
    signed_in(context, portal.persona(Role.CLIENT, language=language))
    page = context.new_page()
    for name, path in paths.items():
        page.goto(path)
        shot(page, f"{language}-{name}-desktop")


def certificate_shot(completion: Completion, language: str, context: BrowserContext) -> None:
    """The certificate's HTML (what WeasyPrint turns into the PDF) as Chromium shows it."""
    if not os.environ.get("OJ_SHOTS"):
        return
    from openjobcenter.elearning.services import certificate

    with translation.override(language):
        captured: dict[str, str] = {}
        original = certificate.html_to_pdf
        certificate.html_to_pdf = lambda html: captured.setdefault("html", html).encode()  # type: ignore[assignment]
        try:
            certificate.certificate_pdf(completion, completion.person)
        finally:
            certificate.html_to_pdf = original
    page = context.new_page()
    page.set_viewport_size({"width": 794, "height": 1123})
    page.set_content(captured["html"])
    shot(page, f"{language}-certificate")
    page.close()


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def answer(page: Page, answers: dict[str, list[str]]) -> None:
    """Tick answers by field name and value: works in every language."""
    for key, values in answers.items():
        for value in values:
            page.locator(f"input[name='q-{key}'][value='{value}']").check()


def test_aylin_finishes_bewerbung_schreiben_on_her_phone_and_downloads_the_certificate(
    new_context, signed_in, portal, tmp_path
):
    context = with_axe(new_context(language="de", viewport=PHONE))
    signed_in(context, portal.persona(Role.CLIENT, language="de"))
    page = context.new_page()
    page.goto("/demo/my/")
    page.get_by_role("link", name="Lernmodule").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lernmodule")
    expect(page.locator(".ojc-el-card", has_text="Sicher im Internet")).to_contain_text("abgeschlossen")
    check(page, "de-modules-phone")

    page.get_by_role("link", name="Bewerbung schreiben").click()
    # The demo has her first lesson read: she goes on with the second.
    page.get_by_role("link", name="Weiterlernen: Der Lebenslauf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Der Lebenslauf")
    expect(page.locator(".ojc-el-step")).to_have_text("Lektion 2 von 3")
    check(page, "de-lesson-phone")
    page.get_by_role("button", name="Gelesen – weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unterlagen zusammenstellen und senden")
    page.get_by_role("button", name="Gelesen – zum Quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz: Bewerbung schreiben")
    check(page, "de-quiz-phone")

    # One question left out: a message next to it, the other answers stay ticked.
    answer(page, {"laenge": ["b"], "foto": ["b"], "reihenfolge": ["a"], "unterlagen": ["a", "b"]})
    page.get_by_role("button", name="Antworten prüfen").click()
    expect(page.locator(".kern-error")).to_have_count(1)
    expect(page.locator(".kern-error")).to_contain_text("Bitte wählen Sie eine Antwort.")
    expect(page.locator("input[name='q-unterlagen'][value='b']")).to_be_checked()
    check(page, "de-quiz-error-phone")

    # One wrong answer: 4 of 5 is 80 %, passed, with feedback on the wrong one.
    answer(page, {"kosten": ["b"]})
    page.get_by_role("button", name="Antworten prüfen").click()
    expect(page.locator(".ojc-el-result")).to_contain_text("4 von 5 Fragen richtig (80 %)")
    wrong = page.locator(".ojc-el-review__item--wrong")
    expect(wrong).to_have_count(1)
    expect(wrong).to_contain_text("Besser vorher fragen")
    check(page, "de-result-phone")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Teilnahmebescheinigung herunterladen (PDF)").click()
    target = tmp_path / "bescheinigung.pdf"
    download_info.value.save_as(target)
    text = pdf_text(target.read_bytes())
    for expected in ("Teilnahmebescheinigung", "Aylin Kaya", "Bewerbung schreiben", "Jobcenter Musterstadt"):
        assert expected in text

    page.goto("/demo/my/elearning/")
    expect(page.locator(".ojc-el-card", has_text="Bewerbung schreiben")).to_contain_text("abgeschlossen")
    completion = Completion.objects.for_tenant(portal.jobcenter).get(
        person__email="kundin@demo.example", module=Module.objects.get(jobcenter=None, slug="bewerbung-schreiben")
    )
    certificate_shot(completion, "de", context)
    desktop_shots(
        new_context,
        signed_in,
        portal,
        "de",
        {
            "modules": "/demo/my/elearning/",
            "lesson": "/demo/my/elearning/bewerbung-schreiben/lessons/anschreiben/",
            "quiz": "/demo/my/elearning/bewerbung-schreiben/quiz/",
            "module": "/demo/my/elearning/bewerbung-schreiben/",
            "result": f"/demo/my/elearning/bewerbung-schreiben/quiz/{_last_attempt(portal)}/",
            "sharing": "/demo/my/elearning/sharing/",
        },
    )


def _last_attempt(portal: DemoPortal) -> int:
    from openjobcenter.elearning.models import QuizAttempt

    return QuizAttempt.objects.for_tenant(portal.jobcenter).filter(person__email="kundin@demo.example").first().pk  # type: ignore[union-attr]


def test_the_same_in_arabic_right_to_left(new_context, signed_in, portal, tmp_path):
    context = with_axe(new_context(language="ar", viewport=PHONE))
    signed_in(context, portal.persona(Role.CLIENT, language="ar"))
    page = context.new_page()
    page.goto("/demo/my/elearning/")
    expect(page.get_by_role("link", name="استخدام البوابة")).to_be_visible()
    check(page, "ar-modules-phone", rtl=True)
    page.get_by_role("link", name="استخدام البوابة").click()
    page.locator(".ojc-el-actions a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("حجز موعد")
    check(page, "ar-lesson-phone", rtl=True)
    # The "next" arrow points to the left in Arabic.
    transform = page.evaluate("getComputedStyle(document.querySelector('.ojc-el-forward')).transform")
    assert transform.startswith("matrix(-1"), transform
    for _ in range(3):
        page.locator("form.ojc-el-nav button[type=submit]").click()
    expect(page.locator("input[name='q-status']")).to_have_count(3)
    check(page, "ar-quiz-phone", rtl=True)
    answer(
        page,
        {"termin-wege": ["c"], "termin-absagen": ["a"], "dateiarten": ["a", "c"], "postfach": ["b"], "status": ["b"]},
    )
    page.locator("form.ojc-el-quiz button[type=submit]").click()
    expect(page.locator(".ojc-el-result")).to_contain_text("4")
    expect(page.locator(".ojc-el-review__item--wrong")).to_contain_text("البرامج تُرفض")
    check(page, "ar-result-phone", rtl=True)
    with page.expect_download() as download_info:
        page.locator("a[download]").click()
    target = tmp_path / "certificate.pdf"
    download_info.value.save_as(target)
    text = pdf_text(target.read_bytes())
    assert "Teilnahmebescheinigung" in text and "Das Portal nutzen" in text
    completion = Completion.objects.for_tenant(portal.jobcenter).get(
        person__email="kundin@demo.example", module=Module.objects.get(jobcenter=None, slug="portal-nutzen")
    )
    certificate_shot(completion, "ar", context)
    desktop_shots(
        new_context,
        signed_in,
        portal,
        "ar",
        {
            "modules": "/demo/my/elearning/",
            "lesson": "/demo/my/elearning/portal-nutzen/lessons/unterlagen/",
            "quiz": "/demo/my/elearning/portal-nutzen/quiz/",
            "result": f"/demo/my/elearning/portal-nutzen/quiz/{_last_attempt(portal)}/",
        },
    )


def test_the_admin_page_lists_modules_with_completions(new_context, signed_in, portal):
    context = with_axe(new_context(language="de"))
    signed_in(context, portal.persona(Role.JOBCENTER_ADMIN))
    page = context.new_page()
    page.goto("/demo/staff/")
    page.get_by_role("link", name="Lernmodule verwalten").first.click()
    expect(
        page.locator("#modul-" + str(Module.objects.get(jobcenter=None, slug="sicher-im-internet").pk))
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 Abschluss")
    check(page, "de-staff-modules-desktop")
    page.get_by_role("link", name="Video hochladen – Der Lebenslauf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Video für eine Lektion")
    check(page, "de-staff-video-desktop")


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("audience", [Role.CLIENT.value, Role.JOBCENTER_ADMIN.value])
def test_every_elearning_page_of_the_registry_passes_axe(audience, language, new_context, signed_in):
    """The registry's walk for just this app's pages (the full walk is test_accessibility.py)."""
    from tests.browser.pages import pages_for
    from tests.browser.test_accessibility import _problems

    portal = demo_portal()
    context = with_axe(new_context(language=language))
    signed_in(context, portal.persona(audience, language=language))
    page = context.new_page()
    report: list[str] = []
    specs = [spec for spec in pages_for(audience) if spec.name.startswith("elearning:")]
    assert specs
    for spec in specs:
        path = spec.url(portal.jobcenter)
        assert path is not None, spec.label
        report.extend(f"{spec.label} {path}: {problem}" for problem in _problems(page, spec, path, language))
    assert not report, "\n".join(report)

"""The job exchange's "done when" in a real browser: Anton (employer) posts a vacancy; Aylin finds it by
text and radius on her phone and applies with her application folder; Anton opens the folder under the
vacancy and gives feedback (a missing reason is refused first); Aylin's advisor sees the feedback on
the matching page and in the case-file timeline. Once in German, once in English (structure, not
wording). Screenshots land in /tmp/oj/shots/jobs2/ when /tmp/oj exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.demo import CUSTOMER_NUMBER
from openjobcenter.casefile.models import Case
from openjobcenter.folder.models import Share
from openjobcenter.jobs.models import CandidateFeedback, Vacancy
from tests.browser.conftest import DESKTOP
from tests.browser.scenario import demo_portal
from tests.browser.test_jobs import TITLE, _citizen_finds, _employer_posts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/oj/shots/jobs2")


def _shot(page: Page, name: str) -> None:
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _run(new_context: Callable[..., BrowserContext], signed_in, language: str) -> None:
    portal = demo_portal()
    employer = _employer_posts(portal, new_context, signed_in, language)
    citizen = _citizen_finds(portal, new_context, signed_in, language)
    vacancy = Vacancy.objects.for_tenant(portal.jobcenter).get(title=TITLE)
    aylin = portal.persona(Role.CLIENT)

    # Aylin finds it again (text + radius) and applies with her folder.
    form = citizen.locator("form.ojc-jobs-search")
    form.locator("input[name='plz']").fill("40210")
    form.locator("button[type='submit']").click()
    citizen.get_by_role("link", name=TITLE).click()
    citizen.locator(f"a[href$='/my/folder/apply/{vacancy.pk}/']").click()
    _shot(citizen, f"apply-{language}-phone")
    citizen.locator("button[name='apply']").click()
    expect(citizen.locator("[data-share-link]")).to_be_visible()
    share = Share.objects.for_tenant(portal.jobcenter).get(vacancy=vacancy)
    assert share.employer_id == vacancy.employer_id

    # Anton sees her under the vacancy, opens the folder, gives feedback.
    employer.goto(f"/demo/jobs/vacancies/{vacancy.pk}/candidates/")
    applicant = employer.locator(f"[data-person='{aylin.pk}']")
    expect(applicant).to_contain_text("Aylin Kaya")
    _shot(employer, f"candidates-{language}")
    applicant.locator(f"a[href$='/folder/applications/{share.pk}/']").click()
    expect(employer.locator("h1")).to_contain_text("Aylin Kaya")
    assert share.accesses.count() == 1
    employer.locator(f"a[href$='/feedback/{aylin.pk}/']").first.click()
    employer.locator("input[name='outcome'][value='not_hired']").check()
    employer.locator("form.ojc-stack button[type='submit']").click()
    expect(employer.locator("#form-errors")).to_be_visible()  # a reason is required
    expect(employer.locator("input[name='outcome'][value='not_hired']")).to_be_checked()  # kept
    employer.locator("select[name='reason']").select_option("experience")
    employer.locator("textarea[name='reason_text']").fill("Wir suchen mehr Erfahrung im Catering.")
    _shot(employer, f"feedback-{language}")
    employer.locator("form.ojc-stack button[type='submit']").click()
    expect(applicant.locator(".kern-badge")).to_be_visible()  # the feedback given
    assert CandidateFeedback.objects.for_tenant(portal.jobcenter).filter(person=aylin, vacancy=vacancy).exists()

    # The advisor of her case sees it.
    advisor_context = new_context(language=language, viewport=DESKTOP)
    signed_in(advisor_context, portal.persona(Role.ADVISOR, language=language))
    advisor = advisor_context.new_page()
    case = Case.objects.for_tenant(portal.jobcenter).get(customer_number=CUSTOMER_NUMBER)
    advisor.goto(f"/demo/staff/cases/{case.pk}/jobs/")
    feedback = advisor.locator("[data-outcome='not_hired']")
    expect(feedback).to_contain_text("Gasthaus Zur Linde GmbH")
    expect(feedback).to_contain_text("Wir suchen mehr Erfahrung im Catering.")
    _shot(advisor, f"advisor-{language}")
    advisor.goto(f"/demo/staff/cases/{case.pk}/")  # the case-file timeline
    entries = advisor.locator(f"a[href*='/staff/cases/{case.pk}/jobs/']")
    expect(entries.first).to_be_visible()
    if language == "de":
        expect(advisor.get_by_text("zu wenig Berufserfahrung", exact=False).first).to_be_visible()


def test_done_when_in_german(new_context, signed_in):
    _run(new_context, signed_in, "de")


def test_done_when_in_english(new_context, signed_in):
    _run(new_context, signed_in, "en")

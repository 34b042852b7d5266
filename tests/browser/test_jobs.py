"""The job exchange in a real browser: Anton (employer) posts a vacancy — the occupation found by
typing a title (htmx) — and publishes it; a citizen on her phone finds it by text and radius.
Once in German, once in English (asserting structure, not wording).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.jobs.models import Vacancy, VacancyStatus
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Jungköchin für Catering und Events"


def _employer_posts(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, language: str) -> Page:
    context = new_context(language=language)
    signed_in(context, portal.persona(Role.EMPLOYER, language=language))
    page = context.new_page()
    page.goto("/demo/jobs/company/")
    company = page.locator("section.ojc-jobs-company", has_text="Gasthaus Zur Linde")  # confirmed; the other waits
    company.locator("a[href*='/vacancies/new/']").click()
    page.locator("input[name='title']").fill(TITLE)
    page.locator("input[name='occupation_query']").press_sequentially("Köchin", delay=40)
    choice = page.locator("input[name='occupation'][value='29302']")
    expect(choice).to_be_visible()  # swapped in by htmx while typing
    choice.check()
    page.locator("textarea[name='description']").fill("Sie kochen für Hochzeiten, Firmenfeiern und unser Catering.")
    page.locator("input[name='postal_code']").fill("40213")
    page.locator("input[name='working_time'][value='full_time']").check()
    page.locator("form.ojc-jobs-form > button.kern-btn--primary").click()
    expect(page.locator("[data-state='draft']")).to_be_visible()
    page.locator("button[name='publish']").click()
    expect(page.locator("[data-state='draft']")).to_have_count(0)
    return page


def _citizen_finds(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, language: str) -> Page:
    context = new_context(language=language, viewport=PHONE)
    signed_in(context, portal.persona(Role.CLIENT, language=language))
    page = context.new_page()
    page.goto("/demo/jobs/")
    form = page.locator("form.ojc-jobs-search")
    form.locator("input[name='q']").fill("Köchin")
    form.locator("input[name='plz']").fill("40210")
    form.locator("select[name='radius_km']").select_option("10")
    form.locator("button[type='submit']").click()
    result = page.locator("li.ojc-jobs-result", has=page.get_by_role("link", name=TITLE))
    expect(result).to_be_visible()
    expect(result).to_contain_text("km")
    # Too far away: Köln (50667) with 10 km does not find it.
    form.locator("input[name='plz']").fill("50667")
    form.locator("button[type='submit']").click()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    return page


def _run(new_context, signed_in, language: str) -> tuple[Page, Page]:
    portal = demo_portal()
    employer = _employer_posts(portal, new_context, signed_in, language)
    citizen = _citizen_finds(portal, new_context, signed_in, language)
    vacancy = Vacancy.objects.for_tenant(portal.jobcenter).get(title=TITLE)
    assert vacancy.status == VacancyStatus.PUBLISHED and vacancy.occupation_id == "29302"
    return employer, citizen


def test_employer_posts_and_citizen_finds_in_german(new_context, signed_in):
    employer, citizen = _run(new_context, signed_in, "de")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Stellen suchen")
    expect(employer.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_employer_posts_and_citizen_finds_in_english(new_context, signed_in):
    employer, citizen = _run(new_context, signed_in, "en")
    for page in (employer, citizen):
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_count(1)

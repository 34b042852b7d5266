"""The cooperation plan in a real browser: Bernd edits the draft of Aylin's plan (a step added without
JavaScript), publishes it; Aylin opens it on her phone, ticks off a step, comments and acknowledges it; Bernd sees her
comment and acknowledgement. Once in German, once in Ukrainian (asserting structure, not wording).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.demo import CUSTOMER_NUMBER
from openjobcenter.casefile.models import Case
from openjobcenter.cooperation.models import Acknowledgement, Comment, Status, Version
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOAL = "Festanstellung als Kassiererin in Teilzeit bis Juni"
STEP = "Zwei Bewerbungen pro Woche im Online-Portal nachweisen"
COMMENT = "Kann das Coaching auch per Video stattfinden?"


def _staff_page(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, language: str) -> Page:
    staff = new_context(language=language)
    signed_in(staff, portal.persona(Role.ADVISOR, language=language))
    return staff.new_page()


def _citizen_page(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, language: str) -> Page:
    citizen = new_context(language=language, viewport=PHONE)
    signed_in(citizen, portal.persona(Role.CLIENT, language=language))
    return citizen.new_page()


def _advisor_edits_and_publishes(page: Page, case: Case) -> None:
    page.goto(f"/demo/staff/cases/{case.pk}/plan/edit/")
    page.locator("textarea[name='goals']").fill(GOAL)
    rows = page.locator("fieldset.ojc-plan-row")
    empty = rows.count() - 1  # the form always offers one empty row for a new step
    page.locator(f"input[name='steps-{empty}-text']").fill(STEP)
    page.locator(f"select[name='steps-{empty}-owner']").select_option("citizen")
    page.locator(f"input[name='steps-{empty}-due_date']").fill("2027-03-31")
    page.locator("button[name='add_step']").click()
    # Saved, and back on the form with one more empty row (no JavaScript involved).
    expect(page.locator("fieldset.ojc-plan-row")).to_have_count(empty + 2)
    page.locator("button[name='save']").click()
    expect(page.locator("[data-state='draft']")).to_be_visible()
    page.locator("form[action*='/plan/publish/'] button[type='submit']").click()
    expect(page.locator("[data-state='draft']")).to_have_count(0)
    expect(page.locator("#bestaetigung[data-state='open']")).to_be_visible()


def _citizen_comments_and_acknowledges(page: Page) -> None:
    page.goto("/demo/my/plan/")
    expect(page.get_by_text(GOAL)).to_be_visible()
    step = page.locator("li.ojc-plan-step", has=page.locator(".ojc-plan-step__text", has_text=STEP))
    expect(step).to_be_visible()
    step.locator("input[name='done'][value='1'] ~ button").click()  # her own step: ticked off
    expect(step).to_have_class("ojc-plan-step ojc-plan-step--done")
    page.locator("form[action*='/comment/'] textarea[name='text']").fill(COMMENT)
    page.locator("form[action*='/comment/'] button[type='submit']").click()
    expect(page.get_by_text(COMMENT)).to_be_visible()
    page.locator("button[name='acknowledge']").click()
    expect(page.locator("[data-state='acknowledged']")).to_be_visible()
    expect(page.locator("button[name='acknowledge']")).to_have_count(0)


def _run(portal: DemoPortal, new_context, signed_in, language: str) -> tuple[Page, Page]:
    case = Case.objects.for_tenant(portal.jobcenter).get(customer_number=CUSTOMER_NUMBER)
    staff = _staff_page(portal, new_context, signed_in, language)
    _advisor_edits_and_publishes(staff, case)
    citizen = _citizen_page(portal, new_context, signed_in, language)
    _citizen_comments_and_acknowledges(citizen)
    staff.reload()
    expect(staff.get_by_text(COMMENT)).to_be_visible()
    expect(staff.locator("#bestaetigung[data-state='acknowledged']")).to_be_visible()
    version = Version.objects.for_tenant(portal.jobcenter).get(plan__case=case, number=2)
    assert version.status == Status.PUBLISHED and version.goals == GOAL
    assert Acknowledgement.objects.for_tenant(portal.jobcenter).filter(version=version).count() == 1
    assert version.steps.get(text=STEP).done
    assert Comment.objects.for_tenant(portal.jobcenter).filter(version=version, text=COMMENT).exists()
    return staff, citizen


def test_advisor_and_citizen_agree_a_plan_in_german(new_context, signed_in):
    portal = demo_portal()
    staff, citizen = _run(portal, new_context, signed_in, "de")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Mein Kooperationsplan")
    expect(citizen.locator("[data-state='acknowledged']")).to_contain_text("gelesen haben und einverstanden")
    expect(staff.get_by_role("heading", level=2, name="Geltende Fassung: Version 2")).to_be_visible()


def test_advisor_and_citizen_agree_a_plan_in_ukrainian(new_context, signed_in):
    portal = demo_portal()
    staff, citizen = _run(portal, new_context, signed_in, "uk")
    for page in (staff, citizen):
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        expect(page.locator("h1")).to_have_count(1)

"""The employer service in a real browser (issue 15, done-when): the employer invites a candidate to
a video interview, the candidate accepts, both join through the signed, just-in-time join on the
BigBlueButton-compatible test server, the employer records the outcome and applies for a § 16i
subsidy, the employer service approves it, and the progress towards the target shows on the
statistics pages. Screenshots go to ``$OJ_SHOTS`` when set."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.employerservice.models import Interview, SubsidyApplication, SubsidyStatus, Target
from openjobcenter.employerservice.services import targets
from openjobcenter.jobs.models import Employer
from openjobcenter.video.models import VideoSettings
from openjobcenter.video.tests.bbb_server import FakeBBB
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "browser-test-secret-employer-service"


@pytest.fixture
def bbb() -> Iterator[FakeBBB]:
    server = FakeBBB(SECRET).start()
    yield server
    server.stop()


@pytest.fixture
def portal(bbb: FakeBBB) -> DemoPortal:
    portal = demo_portal()
    VideoSettings.all_tenants.update_or_create(
        jobcenter=portal.jobcenter,
        defaults={"provider": "bbb", "bbb_url": bbb.api_url, "bbb_secret": SECRET, "bbb_checksum_algorithm": "sha256"},
    )
    return portal


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("OJ_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def joined(page: Page, bbb: FakeBBB) -> dict[str, str]:
    page.wait_for_url(f"{bbb.api_url}/join?**")
    seen = bbb.calls("join")[-1]
    assert seen.accepted, seen
    assert page.url.endswith(seen.raw_query)  # the very string that was signed reached the server
    return dict(parse_qsl(urlsplit(page.url).query))


def test_interview_outcome_subsidy_approval_and_target_progress(new_context, signed_in, portal, bbb):
    company = Employer.objects.for_tenant(portal.jobcenter).get(name="Gasthaus Zur Linde GmbH")
    aylin = portal.persona(Role.CLIENT, language="de")
    target = Target.objects.for_tenant(portal.jobcenter).get()
    before = targets.progress(target).count

    # The employer invites Aylin (she applied with her folder) to an interview in ten minutes.
    employer = new_context()
    signed_in(employer, portal.persona(Role.EMPLOYER))
    anton = employer.new_page()
    anton.goto(f"/demo/arbeitgeber/{company.pk}/")
    shot(anton, "employer-company-de")
    anton.locator(f'[data-candidate="{aylin.pk}"] a[href*="/einladen/"]').click()
    start = timezone.localtime() + dt.timedelta(minutes=10)
    anton.locator("select[name='person']").select_option(str(aylin.pk))
    anton.locator("input[name='day']").fill(start.date().isoformat())
    anton.locator("input[name='time']").fill(start.strftime("%H:%M"))
    anton.locator("input[name='invite_advisor']").check()
    anton.locator("main form [type='submit']").click()
    expect(anton.locator("[data-status]")).to_have_attribute("data-status", "proposed")
    interview = Interview.objects.for_tenant(portal.jobcenter).order_by("-pk").first()
    assert interview is not None and interview.candidate_id == aylin.pk

    # Aylin accepts on her phone and joins: a viewer who waits in the lobby.
    citizen = new_context(viewport=PHONE)
    signed_in(citizen, aylin)
    page = citizen.new_page()
    page.goto("/demo/vorstellungsgespraeche/")
    page.locator(f'a[href="/demo/vorstellungsgespraeche/{interview.code}/"]').click()
    shot(page, "candidate-invitation-phone-de")
    page.locator("input[name='answer'][value='accept']").check()
    page.locator("main form:has(input[name='answer']) [type='submit']").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "accepted")
    page.locator('[data-testid="join"]').click()
    params = joined(page, bbb)
    assert params["role"] == "VIEWER" and params["guest"] == "true" and params["meetingID"] == interview.meeting_id
    created = bbb.meetings[interview.meeting_id].params
    assert created["record"] == "false" and created["guestPolicy"] == "ASK_MODERATOR"

    # The employer joins as moderator.
    anton.reload()
    anton.locator('[data-testid="join"]').click()
    assert joined(anton, bbb)["role"] == "MODERATOR"

    # After the interview (its time has passed) the employer records the outcome and applies for § 16i.
    Interview.all_tenants.filter(pk=interview.pk).update(start=timezone.now() - dt.timedelta(minutes=35))
    anton.goto(f"/demo/arbeitgeber/gespraeche/{interview.code}/")
    anton.locator("input[name='outcome'][value='hired']").check()
    anton.locator("form:has(input[value='outcome']) [type='submit']").click()
    expect(anton.locator("[data-status]")).to_have_attribute("data-status", "done")
    anton.locator(f'a[href$="/zuschuss/?person={aylin.pk}"]').first.click()
    anton.locator("input[name='kind'][value='16i']").check()
    anton.locator("input[name='job_title']").fill("Küchenhilfe")
    anton.locator("input[name='start_date']").fill(timezone.localdate().isoformat())
    anton.locator("input[name='hours_per_week']").fill("30")
    anton.locator("input[name='gross_wage']").fill("1900")
    shot(anton, "employer-subsidy-form-de")
    anton.locator("main form [type='submit']").click()
    expect(anton.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    application = SubsidyApplication.objects.for_tenant(portal.jobcenter).order_by("-pk").first()
    assert application is not None and application.kind == "16i" and application.person_id == aylin.pk

    # The employer service (English interface) confirms the facts and approves.
    staff = new_context(language="en")
    signed_in(staff, portal.persona(Role.EMPLOYER_SERVICE))
    sabine = staff.new_page()
    sabine.goto("/demo/staff/arbeitgeber-service/zuschuesse/")
    sabine.locator(f'a[href="/demo/staff/arbeitgeber-service/zuschuesse/{application.pk}/"]').click()
    expect(sabine.locator('[data-check="min_age"]')).to_have_attribute("data-result", "manual")
    sabine.locator("input[name='birth_date']").fill("1984-04-12")
    sabine.locator("input[name='benefit_years']").fill("6")
    for box in sabine.locator("input[name='confirmed']").all():
        box.check()
    sabine.locator("form:has(input[value='facts']) [type='submit']").click()
    expect(sabine.locator('[data-check="min_age"]')).to_have_attribute("data-result", "met")
    sabine.locator("input[name='decision'][value='approve']").check()
    sabine.locator("form:has(input[value='decide']) [type='submit']").click()
    expect(sabine.locator("[data-status]")).to_have_attribute("data-status", "approved")
    shot(sabine, "staff-subsidy-approved-en")
    assert SubsidyApplication.all_tenants.get(pk=application.pk).status == SubsidyStatus.APPROVED

    # The team lead sees the progress on the statistics pages.
    lead = new_context()
    signed_in(lead, portal.persona(Role.TEAM_LEAD))
    tanja = lead.new_page()
    tanja.goto("/demo/staff/statistik/service/")
    summary = tanja.locator(f'[data-target-summary="{target.pk}"]')
    expect(summary.locator(".ojc-stat-card__value")).to_have_text(f"{before + 1} / 400")
    tanja.locator('a[href="/demo/staff/statistik/ziele/"]').first.click()
    section = tanja.locator(f'[data-target="{target.pk}"]')
    expect(section.locator("[data-progress-count]")).to_have_text(str(before + 1))
    expect(section.locator("progress")).to_have_attribute("value", str(before + 1))
    shot(tanja, "statistics-targets-de")

"""Courses in a real browser: the advisor assigns a course (or the citizen asks for a place and the
advisor confirms), the citizen sees her place on her phone, the provider records attendance, and
the advisor sees it in the case file and on the participation page. Once with the citizen in
German, once in Ukrainian (asserting structure, not wording)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from openjobcenter.accounts.roles import Role
from openjobcenter.casefile.demo import CUSTOMER_NUMBER
from openjobcenter.casefile.models import Case
from openjobcenter.learning.models import Attendance, Course, Enrolment, Session
from tests.browser.conftest import PHONE
from tests.browser.scenario import DemoPortal, demo_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Sicher am Computer – Grundkurs"


def _page(portal: DemoPortal, new_context: Callable[..., BrowserContext], signed_in, role: str, language: str,
          *, phone: bool = False) -> Page:  # fmt: skip
    context = new_context(language=language, viewport=PHONE if phone else None)
    signed_in(context, portal.persona(role, language=language))
    return context.new_page()


def _course(portal: DemoPortal) -> Course:
    return Course.objects.for_tenant(portal.jobcenter).get(title__de=COURSE)


def _session_begins(course: Course) -> Session:
    """The first session is under way (attendance can be recorded from its start)."""
    session = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    session.start = timezone.now() - dt.timedelta(minutes=30)
    session.end = timezone.now() + dt.timedelta(minutes=90)
    session.save()
    return session


def _provider_records_presence(page: Page, course: Course, session: Session, enrolment: Enrolment) -> None:
    page.goto(f"/demo/partner/courses/{course.pk}/sessions/")
    page.locator(f"a[href$='/sessions/{session.pk}/attendance/']").click()
    page.locator(f"input[name='status-{enrolment.pk}'][value='present']").check()
    page.locator("button[name='save']").click()
    expect(page.locator(f"input[name='status-{enrolment.pk}'][value='present']")).to_be_checked()


def _advisor_sees_it(page: Page, case: Case, enrolment: Enrolment) -> None:
    page.goto(f"/demo/staff/cases/{case.pk}/")
    link = page.locator(f"a[href='/demo/staff/cases/{case.pk}/courses/']").first
    expect(link).to_be_visible()
    link.click()
    expect(page.locator(f"[data-enrolment='{enrolment.pk}'] [data-figures]")).to_be_visible()
    expect(page.locator(f"[data-enrolment='{enrolment.pk}'] table tbody tr").first).to_contain_text("anwesend")


def _check_german_timeline(page: Page, case: Case) -> None:
    page.goto(f"/demo/staff/cases/{case.pk}/")
    expect(page.get_by_text("Am Kurs teilgenommen").first).to_be_visible()


def test_advisor_assigns_provider_records_advisor_sees_it_citizen_in_german(new_context, signed_in):
    portal = demo_portal()
    case = Case.objects.for_tenant(portal.jobcenter).get(customer_number=CUSTOMER_NUMBER)
    course = _course(portal)
    aylin = portal.persona(Role.CLIENT, language="de")

    staff = _page(portal, new_context, signed_in, Role.ADVISOR, "de")
    staff.goto(f"/demo/courses/{course.pk}/")
    staff.locator("select[name='person']").select_option(str(aylin.pk))
    staff.locator("form[action$='/staff/courses/assign/'] button[type='submit']").click()
    expect(staff.locator(".kern-alert").first).to_contain_text("Aylin Kaya")
    enrolment = Enrolment.objects.for_tenant(portal.jobcenter).get(course=course, person=aylin)
    assert enrolment.status == "confirmed"

    citizen = _page(portal, new_context, signed_in, Role.CLIENT, "de", phone=True)
    citizen.goto("/demo/my/courses/")
    place = citizen.locator(f"[data-enrolment='{enrolment.pk}']")
    expect(place).to_contain_text(COURSE)
    expect(place.locator(".kern-badge--success")).to_have_text("bestätigt")

    session = _session_begins(course)
    provider = _page(portal, new_context, signed_in, Role.PROGRAMME_PROVIDER, "de")
    _provider_records_presence(provider, course, session, enrolment)
    assert Attendance.objects.for_tenant(portal.jobcenter).get(enrolment=enrolment).status == "present"

    _check_german_timeline(staff, case)
    _advisor_sees_it(staff, case, enrolment)


def test_citizen_asks_in_ukrainian_advisor_confirms_provider_records_advisor_sees_it(new_context, signed_in):
    portal = demo_portal()
    case = Case.objects.for_tenant(portal.jobcenter).get(customer_number=CUSTOMER_NUMBER)
    course = _course(portal)

    citizen = _page(portal, new_context, signed_in, Role.CLIENT, "uk", phone=True)
    citizen.goto(f"/demo/courses/{course.pk}/")
    expect(citizen.locator("html")).to_have_attribute("lang", "uk")
    citizen.locator("textarea[name='note']").fill("Хочу навчитися працювати з комп'ютером.")
    citizen.locator(f"form[action$='/courses/{course.pk}/request/'] button[type='submit']").click()
    citizen.wait_for_url("**/demo/my/courses/")
    enrolment = Enrolment.objects.for_tenant(portal.jobcenter).get(course=course, person__email=CUSTOMER_EMAIL)
    assert enrolment.status == "requested"
    expect(citizen.locator(f"[data-enrolment='{enrolment.pk}'] .kern-badge--warning")).to_be_visible()

    staff = _page(portal, new_context, signed_in, Role.ADVISOR, "de")
    staff.goto("/demo/staff/courses/requests/")
    staff.locator(f"form[action$='/enrolments/{enrolment.pk}/confirm/'] button").click()
    expect(staff.locator(f"form[action$='/enrolments/{enrolment.pk}/confirm/']")).to_have_count(0)

    citizen.reload()
    expect(citizen.locator(f"[data-enrolment='{enrolment.pk}'] .kern-badge--success")).to_be_visible()
    expect(citizen.locator("h1")).to_have_count(1)

    session = _session_begins(course)
    provider = _page(portal, new_context, signed_in, Role.PROGRAMME_PROVIDER, "de")
    _provider_records_presence(provider, course, session, enrolment)
    _advisor_sees_it(staff, case, enrolment)


CUSTOMER_EMAIL = "kundin@demo.example"

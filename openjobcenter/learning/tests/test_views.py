"""The pages: who may open what (one person cannot see another's data; Jobcenter A sees nothing of B)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.learning.models import Attendance, Enrolment, EnrolmentStatus, Session
from openjobcenter.learning.services import enrolment

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "demo", **kwargs) -> str:
    return reverse(f"learning:{name}", kwargs={"jobcenter": slug, **kwargs})


def test_the_catalogue_is_public_and_filters(client, course, other_course):
    page = client.get(url("catalogue"))
    assert page.status_code == 200
    assert "Deutsch für den Beruf B1" in page.text and "Staplerschein" in page.text
    filtered = client.get(url("catalogue"), {"childcare": "on"})
    assert "Deutsch für den Beruf B1" in filtered.text and "Staplerschein" not in filtered.text
    assert client.get(url("catalogue"), {"starts_from": "kein-datum", "language": "xx"}).status_code == 200
    assert client.get(url("course", pk=course.pk)).status_code == 200


def test_another_jobcenter_does_not_show_the_course(client, course, nord):
    assert "Deutsch für den Beruf B1" not in client.get(url("catalogue", "nord")).text
    assert client.get(url("course", "nord", pk=course.pk)).status_code == 404


def test_a_citizen_requests_a_place_and_sees_it(client, aylin, case, course):
    sign_in(client, aylin)
    response = client.post(url("request", pk=course.pk), {"note": "Gern vormittags"})
    assert response.status_code == 302
    mine = client.get(url("my_courses"))
    assert "Deutsch für den Beruf B1" in mine.text and "angefragt" in mine.text


def test_a_citizen_cannot_cancel_someone_elses_place(client, bernd, aylin, case, david, davids_case, course):
    placed = enrolment.assign(bernd, course, aylin)
    sign_in(client, david)
    assert client.post(url("my_cancel", pk=placed.pk)).status_code == 404
    assert client.get(url("my_absence", pk=placed.pk)).status_code == 404
    placed.refresh_from_db()
    assert placed.status == EnrolmentStatus.CONFIRMED


def test_the_advisor_assigns_from_the_participation_page(client, bernd, aylin, case, course):
    sign_in(client, bernd)
    page = client.get(url("participation", case=case.pk))
    assert page.status_code == 200
    response = client.post(url("assign"), {"person": aylin.pk, "course": course.pk,
                                           "next": url("participation", case=case.pk)})  # fmt: skip
    assert response.status_code == 302
    assert Enrolment.objects.for_tenant(course.jobcenter).get().status == EnrolmentStatus.CONFIRMED
    assert "Deutsch für den Beruf B1" in client.get(url("participation", case=case.pk)).text


def test_another_team_cannot_open_the_participation_page_or_assign(client, carla, aylin, case, course):
    sign_in(client, carla)
    assert client.get(url("participation", case=case.pk)).status_code == 403
    client.post(url("assign"), {"person": aylin.pk, "course": course.pk})
    assert not Enrolment.objects.for_tenant(course.jobcenter).exists()


def test_staff_of_another_jobcenter_gets_not_found(client, niklas, case, course):
    sign_in(client, niklas)
    assert client.get(url("participation", case=case.pk)).status_code == 404
    assert client.get(url("requests")).status_code == 404


def test_a_provider_sees_and_manages_only_own_courses(client, petra, otto, course, other_course):
    sign_in(client, petra)
    listing = client.get(url("manage"))
    assert "Deutsch für den Beruf B1" in listing.text and "Staplerschein" not in listing.text
    assert client.get(url("sessions", pk=course.pk)).status_code == 200
    assert client.get(url("sessions", pk=other_course.pk)).status_code == 404
    assert client.get(url("course_edit", pk=other_course.pk)).status_code == 404
    session = Session.objects.for_tenant(course.jobcenter).filter(course=other_course).earliest("start")
    assert client.get(url("attendance", pk=other_course.pk, session=session.pk)).status_code == 404


def test_the_provider_records_attendance_on_the_page(client, petra, bernd, aylin, case, course):
    placed = enrolment.assign(bernd, course, aylin)
    session = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    session.start, session.end = timezone.now() - dt.timedelta(hours=3), timezone.now() - dt.timedelta(hours=1)
    session.save()
    sign_in(client, petra)
    page = url("attendance", pk=course.pk, session=session.pk)
    bad = client.post(page, {f"status-{placed.pk}": "excused", f"reason-{placed.pk}": ""})
    assert bad.status_code == 400 and "Grund" in bad.text
    assert client.post(page, {f"status-{placed.pk}": "present"}).status_code == 302
    assert Attendance.objects.for_tenant(course.jobcenter).get().status == "present"


def test_the_provider_creates_a_course_with_clear_errors(client, petra, provider):
    sign_in(client, petra)
    bad = client.post(url("course_new"), {"provider": provider.pk, "title_de": "", "format": "in_person",
                                          "seats": "0", "languages": ["de"]})  # fmt: skip
    assert bad.status_code == 400
    assert "Bitte geben Sie den Ort des Kurses an." in bad.text
    good = client.post(url("course_new"), {
        "provider": provider.pk, "title_de": "Staplerschein", "description_de": "Theorie und Praxis",
        "format": "in_person", "street": "Hafenweg 2", "postal_code": "12345", "city": "Musterstadt",
        "seats": "8", "languages": ["de"], "funding": ["bildungsgutschein"], "is_published": "on",
    })  # fmt: skip
    assert good.status_code == 302


def test_a_citizen_cannot_open_provider_or_staff_pages(client, aylin, case, course):
    sign_in(client, aylin)
    assert client.get(url("manage")).status_code == 403
    assert client.get(url("requests")).status_code == 403
    assert client.get(url("participation", case=case.pk)).status_code == 403

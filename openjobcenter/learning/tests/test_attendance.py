"""Attendance is recorded by the course's own provider; absences with a sick note go through the
case file's upload pipeline; the advisor's figures; the case timeline and the export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from openjobcenter.casefile.models import Category, Document
from openjobcenter.casefile.services.timeline import timeline
from openjobcenter.casefile.services.uploads import check_bytes
from openjobcenter.learning.models import AttendanceStatus, Session
from openjobcenter.learning.services import attendance as svc
from openjobcenter.learning.services import enrolment
from openjobcenter.learning.services.errors import LearningError
from openjobcenter.learning.services.export import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(bernd, aylin, case, course):
    return enrolment.assign(bernd, course, aylin)


@pytest.fixture
def past_session(course) -> Session:
    """The first session, moved into the past (attendance is recorded from its start)."""
    session = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    session.start = timezone.now() - dt.timedelta(hours=2)
    session.end = timezone.now() - dt.timedelta(hours=1)
    session.save()
    return session


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def test_the_provider_records_attendance(petra, placed, past_session):
    svc.record(petra, past_session, placed, AttendanceStatus.PRESENT)
    svc.record(petra, past_session, placed, AttendanceStatus.UNEXCUSED, reason="nicht erschienen")
    (figures,) = svc.participation([placed])
    assert (figures.present, figures.unexcused, figures.past_sessions, figures.sessions) == (0, 1, 1, 3)


def test_another_provider_cannot_record(otto, other_provider, placed, past_session):
    with pytest.raises(LearningError):
        svc.record(otto, past_session, placed, AttendanceStatus.PRESENT)


def test_an_advisor_cannot_record(bernd, placed, past_session):
    with pytest.raises(LearningError):
        svc.record(bernd, past_session, placed, AttendanceStatus.PRESENT)


def test_attendance_cannot_be_recorded_before_the_session(petra, placed, course):
    future = Session.objects.for_tenant(course.jobcenter).filter(course=course).latest("start")
    with pytest.raises(LearningError):
        svc.record(petra, future, placed, AttendanceStatus.PRESENT)


def test_an_absence_with_a_sick_note_lands_in_the_case_file(aylin, case, placed, course):
    session = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    notice = svc.report_absence(aylin, placed, session, reason="krank", sick_note=check_bytes(png(), "au.png"))
    document = Document.objects.for_tenant(course.jobcenter).get(pk=notice.document_id or 0)
    assert document.case == case and document.category == Category.SICK_NOTE and document.person == aylin


def test_an_absence_needs_a_reason_and_only_the_person_reports_it(aylin, david, davids_case, placed, course):
    session = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    with pytest.raises(LearningError):
        svc.report_absence(aylin, placed, session, reason=" ")
    with pytest.raises(LearningError):
        svc.report_absence(david, placed, session, reason="krank")


def test_participation_shows_in_the_case_timeline(bernd, aylin, case, petra, placed, past_session, carla, niklas):
    svc.record(petra, past_session, placed, AttendanceStatus.PRESENT)
    course_entries = [e for e in timeline(case, viewer=bernd, for_citizen=False) if e.kind == "course"]
    titles = {str(e.title) for e in course_entries}
    assert {"Kurs zugewiesen", "Kursplatz bestätigt", "Am Kurs teilgenommen"} <= titles
    assert all("/courses/" in e.url for e in course_entries)
    assert [e for e in timeline(case, viewer=aylin, for_citizen=True) if e.kind == "course"]
    # Another team sees the case only after giving a reason (the case file's rule), and gets no link.
    assert all(e.url == "" for e in timeline(case, viewer=carla, for_citizen=False) if e.kind == "course")
    assert timeline(case, viewer=niklas, for_citizen=False) == []


def test_the_export_holds_the_persons_enrolments(aylin, petra, placed, past_session):
    svc.record(petra, past_session, placed, AttendanceStatus.PRESENT)
    data = export(aylin)
    (item,) = data["enrolments"]
    assert item["status"] == "confirmed" and item["attendance"][0]["status"] == "present"


def test_the_export_of_another_person_is_empty(david, placed):
    assert export(david) == {"enrolments": []}

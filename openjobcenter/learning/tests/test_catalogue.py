"""The catalogue: the childcare mark follows the Jobcenter's hours; search and filters."""

from __future__ import annotations

import datetime as dt

import pytest

from openjobcenter.learning.models import Format, Session, codes_field
from openjobcenter.learning.services import catalogue
from openjobcenter.learning.services.errors import LearningError
from openjobcenter.learning.tests.conftest import at, make_course, next_weekday

pytestmark = pytest.mark.django_db


def test_a_course_within_childcare_hours_is_marked(course):
    assert course.childcare_compatible
    assert course.starts_on == next_weekday()


def test_one_afternoon_session_takes_the_mark_away(petra, course):
    day = next_weekday(days_ahead=30)
    catalogue.add_session(petra, course, at(day, 13), at(day, 16))
    course.refresh_from_db()
    assert not course.childcare_compatible


def test_a_saturday_session_takes_the_mark_away(petra, course):
    day = next_weekday(days_ahead=30, weekday=5)
    catalogue.add_session(petra, course, at(day, 9), at(day, 11))
    course.refresh_from_db()
    assert not course.childcare_compatible


def test_changing_the_childcare_hours_rechecks_every_course(anja, demo, course):
    catalogue.change_settings(anja, demo, childcare_starts=dt.time(10), childcare_ends=dt.time(14))
    course.refresh_from_db()
    assert not course.childcare_compatible, "the sessions start at 9"


def test_search_filters(demo, provider, course):
    online = make_course(demo, provider, title="Fit für den Wiedereinstieg – Teilzeit", format=Format.ONLINE,
                         languages=codes_field(["de", "uk"]), funding=codes_field(["avgs"]), hour=15)  # fmt: skip

    def titles(**filters):
        return [c.display_title() for c in catalogue.search(demo, catalogue.Filters(**filters))]

    assert titles() == ["Deutsch für den Beruf B1", "Fit für den Wiedereinstieg – Teilzeit"]
    assert titles(text="wiedereinstieg") == ["Fit für den Wiedereinstieg – Teilzeit"]
    assert titles(format="online") == ["Fit für den Wiedereinstieg – Teilzeit"]
    assert titles(format="in_person") == ["Deutsch für den Beruf B1"]
    assert titles(childcare=True) == ["Deutsch für den Beruf B1"]
    assert titles(language="uk") == ["Fit für den Wiedereinstieg – Teilzeit"]
    assert titles(funding="avgs") == ["Fit für den Wiedereinstieg – Teilzeit"]
    assert online.starts_on is not None
    assert titles(starts_from=online.starts_on + dt.timedelta(days=1)) == []


def test_unpublished_and_finished_courses_are_not_listed(demo, provider, course):
    course.is_published = False
    course.save()
    finished = make_course(demo, provider, title="Vorbei")
    Session.objects.for_tenant(demo).filter(course=finished).update(
        start=at(dt.date(2020, 1, 7), 9), end=at(dt.date(2020, 1, 7), 12)
    )
    assert list(catalogue.search(demo, catalogue.Filters())) == []


def test_another_jobcenter_sees_nothing(nord, course):
    assert list(catalogue.search(nord, catalogue.Filters())) == []
    assert catalogue.published_course(nord, course.pk) is None


def test_a_provider_cannot_change_another_providers_course(otto, other_provider, course):
    day = next_weekday(days_ahead=30)
    with pytest.raises(LearningError):
        catalogue.add_session(otto, course, at(day, 9), at(day, 10))
    with pytest.raises(LearningError):
        catalogue.save_course(otto, course.jobcenter, {"provider": other_provider, "seats": 5}, course=course)


def test_seats_cannot_drop_below_the_places_given(petra, bernd, team_clients, course):
    from openjobcenter.learning.services.enrolment import assign

    for person in team_clients[:3]:
        assign(bernd, course, person)
    with pytest.raises(LearningError) as refused:
        catalogue.save_course(petra, course.jobcenter, {"provider": course.provider, "seats": 2}, course=course)
    assert "seats" in refused.value.fields

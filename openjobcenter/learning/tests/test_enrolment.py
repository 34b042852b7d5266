"""Assigning, requesting, confirming; seats never oversold; the waiting list moves up by itself."""

from __future__ import annotations

import pytest
from django.core import mail

from openjobcenter.learning.models import Enrolment, EnrolmentStatus
from openjobcenter.learning.services import enrolment as svc
from openjobcenter.learning.services.errors import LearningError

pytestmark = pytest.mark.django_db


def test_an_advisor_assigns_a_client_of_the_team_a_seat(bernd, aylin, case, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placed = svc.assign(bernd, course, aylin)
    assert placed.status == EnrolmentStatus.CONFIRMED and placed.seat == 1
    course.refresh_from_db()
    assert course.confirmed == 1
    assert any("bestätigt" in m.subject for m in mail.outbox)


def test_an_advisor_cannot_assign_a_client_of_another_team(carla, aylin, case, course):
    with pytest.raises(LearningError):
        svc.assign(carla, course, aylin)
    assert not Enrolment.objects.for_tenant(course.jobcenter).exists()


def test_the_same_person_cannot_be_enrolled_twice(bernd, aylin, case, course):
    svc.assign(bernd, course, aylin)
    with pytest.raises(LearningError):
        svc.assign(bernd, course, aylin)
    with pytest.raises(LearningError):
        svc.request_place(aylin, course)


def test_a_request_waits_for_the_advisor_who_confirms_it(bernd, aylin, case, course):
    asked = svc.request_place(aylin, course, note="Ich möchte gern teilnehmen.")
    assert asked.status == EnrolmentStatus.REQUESTED
    assert list(svc.open_requests(bernd, course.jobcenter)) == [asked]
    course.refresh_from_db()
    assert course.confirmed == 0, "a request takes no seat"
    confirmed = svc.confirm(bernd, asked)
    assert confirmed.status == EnrolmentStatus.CONFIRMED
    assert svc.confirm(bernd, asked).status == EnrolmentStatus.CONFIRMED, "a second click changes nothing"
    course.refresh_from_db()
    assert course.confirmed == 1


def test_another_team_neither_sees_nor_confirms_the_request(carla, aylin, case, course):
    asked = svc.request_place(aylin, course)
    assert list(svc.open_requests(carla, course.jobcenter)) == []
    with pytest.raises(LearningError):
        svc.confirm(carla, asked)


def test_declining_needs_a_reason_the_person_is_told(bernd, aylin, case, course, django_capture_on_commit_callbacks):
    asked = svc.request_place(aylin, course)
    with pytest.raises(LearningError) as refused:
        svc.decline(bernd, asked, reason="  ")
    assert "reason" in refused.value.fields
    with django_capture_on_commit_callbacks(execute=True):
        svc.decline(bernd, asked, reason="Der Kurs setzt B1 voraus.")
    asked.refresh_from_db()
    assert asked.status == EnrolmentStatus.DECLINED
    assert any("B1 voraus" in m.body for m in mail.outbox)


def test_a_full_course_puts_people_on_the_waiting_list(bernd, team_clients, course):
    placed = [svc.assign(bernd, course, person) for person in team_clients]
    assert [p.status for p in placed] == ["confirmed"] * 3 + ["waiting"] * 2
    course.refresh_from_db()
    assert course.confirmed == course.seats == 3
    assert sorted(p.seat for p in placed if p.seat) == [1, 2, 3]


def test_cancelling_moves_the_first_of_the_waiting_list_up_and_tells_them(
    bernd, team_clients, course, django_capture_on_commit_callbacks
):
    placed = [svc.assign(bernd, course, person) for person in team_clients]
    mail.outbox.clear()
    first_waiting, second_waiting = placed[3], placed[4]
    with django_capture_on_commit_callbacks(execute=True):
        svc.cancel(team_clients[0], placed[0])
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == EnrolmentStatus.CONFIRMED and first_waiting.seat == 1
    assert second_waiting.status == EnrolmentStatus.WAITING
    course.refresh_from_db()
    assert course.confirmed == 3
    moved_up = [m for m in mail.outbox if m.to == [team_clients[3].email]]
    assert moved_up and "nachgerückt" in moved_up[0].subject


def test_removal_by_the_advisor_needs_a_reason_and_also_moves_up(bernd, team_clients, course):
    placed = [svc.assign(bernd, course, person) for person in team_clients[:4]]
    with pytest.raises(LearningError):
        svc.cancel(bernd, placed[1], reason="")
    svc.cancel(bernd, placed[1], reason="Arbeitsaufnahme")
    placed[1].refresh_from_db()
    placed[3].refresh_from_db()
    assert placed[1].status == EnrolmentStatus.REMOVED
    assert placed[3].status == EnrolmentStatus.CONFIRMED


def test_leaving_the_waiting_list_frees_no_seat(bernd, team_clients, course):
    placed = [svc.assign(bernd, course, person) for person in team_clients]
    svc.cancel(team_clients[3], placed[3])
    course.refresh_from_db()
    assert course.confirmed == 3
    placed[4].refresh_from_db()
    assert placed[4].status == EnrolmentStatus.WAITING


def test_cancelling_twice_changes_nothing(bernd, aylin, case, course):
    placed = svc.assign(bernd, course, aylin)
    svc.cancel(aylin, placed)
    svc.cancel(aylin, placed)
    course.refresh_from_db()
    assert course.confirmed == 0


def test_a_provider_removes_only_from_own_courses(petra, otto, bernd, aylin, case, course, other_provider):
    placed = svc.assign(bernd, course, aylin)
    with pytest.raises(LearningError):
        svc.cancel(otto, placed, reason="Versuch")
    svc.cancel(petra, placed, reason="Kurs abgebrochen")
    placed.refresh_from_db()
    assert placed.status == EnrolmentStatus.REMOVED


def test_a_client_of_another_jobcenter_cannot_enrol(nora, course):
    with pytest.raises(LearningError):
        svc.request_place(nora, course)

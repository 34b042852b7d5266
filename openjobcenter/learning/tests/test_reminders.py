"""Reminders before course sessions: once per session and person, in the person's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from openjobcenter.learning.models import Session
from openjobcenter.learning.services import enrolment
from openjobcenter.learning.tasks import PERIODIC, send_due_reminders, session_reminders_task

pytestmark = pytest.mark.django_db


def test_the_reminder_is_a_periodic_task():
    assert any(task is session_reminders_task for _seconds, task in PERIODIC)


def test_a_session_tomorrow_is_reminded_once(bernd, aylin, case, course, django_capture_on_commit_callbacks):
    aylin.language = "en"
    aylin.save()
    enrolment.assign(bernd, course, aylin)
    first = Session.objects.for_tenant(course.jobcenter).filter(course=course).earliest("start")
    first.start = timezone.now() + dt.timedelta(hours=20)
    first.end = first.start + dt.timedelta(hours=3)
    first.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [aylin.email]


def test_sessions_further_ahead_are_not_reminded_yet(bernd, aylin, case, course):
    enrolment.assign(bernd, course, aylin)
    assert send_due_reminders() == 0

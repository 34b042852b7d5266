"""The notifications about a person's place in a course: confirmed, on the waiting list, moved up
from the waiting list, cancelled (by themselves, the Jobcenter or the provider), declined, and the
reminder before a session. Sent through ``notifications.notify`` (e-mail and portal inbox, in the
person's language), inside the service's transaction: nothing goes out on rollback."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openjobcenter.learning.models import Enrolment, Session
from openjobcenter.notifications.services import notify

CONFIRMED = "learning_confirmed"
WAITING = "learning_waiting"
MOVED_UP = "learning_moved_up"
CANCELLED = "learning_cancelled"
DECLINED = "learning_declined"
REMINDER = "learning_reminder"


def my_courses_path(enrolment: Enrolment) -> str:
    return reverse("learning:my_courses", kwargs={"jobcenter": enrolment.jobcenter.slug})


def send(enrolment: Enrolment, template: str, extra: dict[str, Any] | None = None) -> None:
    course = enrolment.course
    sessions = list(Session.objects.for_tenant(enrolment.jobcenter_id).filter(course=course)[:20])
    context = {"enrolment": enrolment, "course": course, "sessions": sessions, **(extra or {})}
    # Dates and times in the mail are the Jobcenter's, whatever time zone is active.
    with timezone.override(settings.TIME_ZONE):
        notify(enrolment.person, template, context, jobcenter=enrolment.jobcenter, link=my_courses_path(enrolment))


def send_reminder(enrolment: Enrolment, session: Session) -> None:
    send(enrolment, REMINDER, {"session": session})

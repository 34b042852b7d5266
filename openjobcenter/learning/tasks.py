"""Background work of learning, queued by the sweeper process (``PERIODIC``): reminders before
course sessions, once per session and person (claimed by inserting a ``SessionReminder`` row
first, so a second run or a second worker never sends twice)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from openjobcenter.learning.models import Enrolment, EnrolmentStatus, LearningSettings, Session, SessionReminder
from openjobcenter.learning.services import mail

# The longest lead a Jobcenter may set; bounds the query for due sessions.
MAX_REMINDER_HOURS = 72


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind every confirmed participant of a session that starts within the reminder lead."""
    now = now or timezone.now()
    leads = {s.jobcenter_id: s.reminder_hours_before for s in LearningSettings.all_tenants.all()}
    sessions = Session.all_tenants.filter(
        start__gt=now, start__lte=now + dt.timedelta(hours=MAX_REMINDER_HOURS)
    ).select_related("course", "jobcenter")
    sent = 0
    for session in sessions:
        if session.start - now > dt.timedelta(hours=min(leads.get(session.jobcenter_id, 24), MAX_REMINDER_HOURS)):
            continue
        enrolments = Enrolment.all_tenants.filter(
            course_id=session.course_id, status=EnrolmentStatus.CONFIRMED
        ).select_related("person", "jobcenter", "course")
        for enrolment in enrolments:
            sent += _remind(enrolment, session)
    return sent


def _remind(enrolment: Enrolment, session: Session) -> int:
    try:
        with transaction.atomic():
            SessionReminder.objects.create(session=session, enrolment=enrolment)
            mail.send_reminder(enrolment, session)
    except IntegrityError:
        return 0  # reminded already
    return 1


@task
def session_reminders_task() -> int:
    return send_due_reminders()


# (seconds between runs, task) — queued by the sweeper process.
PERIODIC = ((900, session_reminders_task),)

"""Review reminders (once per version and audience) and the plan's entries in the case timeline."""

from __future__ import annotations

import datetime as dt

from openjobcenter.cooperation.models import ReviewReminder
from openjobcenter.cooperation.services.plans import acknowledge, add_comment, save_draft
from openjobcenter.cooperation.services.reminders import send_review_reminders
from openjobcenter.cooperation.services.timeline import entries
from openjobcenter.cooperation.tasks import PERIODIC, review_reminders_task
from openjobcenter.notifications.models import Notification


def test_the_team_is_reminded_two_weeks_ahead_and_the_citizen_when_due_once(published, aylin, bernd, tanja, carla):
    review = published.review_date
    assert send_review_reminders(today=review - dt.timedelta(days=15)) == 0
    assert send_review_reminders(today=review - dt.timedelta(days=14)) == 1
    staff = Notification.all_tenants.filter(title="Kooperationsplan bald überprüfen")
    assert set(staff.values_list("recipient__email", flat=True)) == {bernd.email, tanja.email}  # not Carla
    assert send_review_reminders(today=review - dt.timedelta(days=3)) == 0
    assert send_review_reminders(today=review) == 1
    assert (
        Notification.all_tenants.filter(recipient=aylin, title="Zeit, Ihren Kooperationsplan zu überprüfen").count()
        == 1
    )
    assert send_review_reminders(today=review + dt.timedelta(days=1)) == 0
    assert ReviewReminder.objects.count() == 2


def test_the_reminder_task_is_queued_periodically():
    assert (3600, review_reminders_task) in PERIODIC


def test_timeline_shows_drafts_only_to_staff(case, published, aylin, bernd):
    acknowledge(actor=aylin, version=published)
    add_comment(actor=aylin, version=published, text="Danke")
    save_draft(actor=bernd, case=case, person=aylin, goals="x", support="", review_date=None, steps=[])
    staff = [str(e.title) for e in entries(case, viewer=bernd, for_citizen=False)]
    citizen = [str(e.title) for e in entries(case, viewer=aylin, for_citizen=True)]
    assert "Entwurf des Kooperationsplans bearbeitet" in staff
    assert "Entwurf des Kooperationsplans bearbeitet" not in citizen
    for title in ("Kooperationsplan veröffentlicht", "Kooperationsplan bestätigt", "Kommentar zum Kooperationsplan"):
        assert title in staff and title in citizen
    assert all("/my/plan/" in e.url for e in entries(case, viewer=aylin, for_citizen=True))

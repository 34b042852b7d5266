"""Response times of the Postfach on the service figures page: counts, median, 90th percentile, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.casefile.tests.conftest import carla, case, david, davids_case, other_team  # noqa: F401
from openjobcenter.messaging.models import Message, Side, Thread, Topic
from openjobcenter.messaging.services.figures import message_figures, percentile, working_days_between
from openjobcenter.messaging.services.threads import reply, start_thread
from openjobcenter.statistics.services.service_figures import ServiceFilter, figure_table, service_figures

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def conversation(case, citizen, staff, *, asked: dt.datetime, answered_after: dt.timedelta | None) -> Thread:
    thread = start_thread(actor=citizen, case=case, citizen=citizen, topic=Topic.OTHER, subject="Frage", body="?")
    if answered_after is not None:
        reply(actor=staff, thread=thread, body="Antwort")
    messages = Message.objects.for_tenant(case.jobcenter).filter(thread=thread)
    messages.filter(side=Side.CITIZEN).update(created_at=asked)
    messages.filter(side=Side.STAFF).update(created_at=asked + (answered_after or dt.timedelta()))
    Thread.objects.for_tenant(case.jobcenter).filter(pk=thread.pk).update(
        created_at=asked,
        last_citizen_message_at=asked,
        last_staff_message_at=asked + answered_after if answered_after is not None else None,
    )
    return thread


@pytest.fixture
def scenario(case, davids_case, aylin, david, bernd, carla):
    for hours in (1, 2, 3, 4, 30):
        conversation(case, aylin, bernd, asked=MONDAY, answered_after=dt.timedelta(hours=hours))
    conversation(case, aylin, bernd, asked=MONDAY, answered_after=None)  # waits since Monday
    conversation(davids_case, david, carla, asked=MONDAY + dt.timedelta(days=3), answered_after=None)
    start_thread(actor=bernd, case=case, citizen=aylin, topic=Topic.WORK, subject="Angebot", body="x")
    return case


def test_counts_median_and_90th_percentile(demo, scenario):
    figures = message_figures(demo, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=MONDAY + dt.timedelta(days=4))
    assert (figures.threads, figures.started_by_citizens, figures.started_by_staff) == (7, 7, 0)
    assert (figures.citizen_messages, figures.staff_messages, figures.answered) == (7, 5, 5)
    assert (figures.answer_median_hours, figures.answer_p90_hours) == (3.0, 30.0)
    # Friday: Monday's question waited 4 working days, Thursday's only 1.
    assert figures.unanswered_overdue == 1


def test_the_team_filter_counts_the_teams_cases(demo, scenario, other_team):
    figures = message_figures(demo, dt.date(2026, 11, 1), dt.date(2026, 11, 30), team=other_team)
    assert (figures.threads, figures.answered, figures.answer_median_hours) == (1, 0, None)


def test_the_period_counts_threads_started_in_it(demo, scenario):
    assert message_figures(demo, dt.date(2026, 10, 1), dt.date(2026, 10, 31)).threads == 0
    today = timezone.localdate()
    assert message_figures(demo, today, today).started_by_staff == 1


def test_helpers():
    assert percentile([1, 2, 3, 4, 30], 0.9) == 30 and percentile([], 0.5) is None
    friday, monday = dt.date(2026, 11, 6), dt.date(2026, 11, 9)
    assert working_days_between(friday, monday) == 1 and working_days_between(monday, monday) == 0


def test_the_page_and_the_export_show_the_section(client, demo, tanja, scenario):
    sign_in(client, tanja)
    page = client.get("/demo/staff/statistik/service/", {"date_from": "2026-11-01", "date_to": "2026-11-30"})
    text = page.content.decode()
    assert 'data-section="messages"' in text and "Antwortzeiten auf Nachrichten" in text and "3,0" in text
    table = figure_table(service_figures(demo, ServiceFilter(dt.date(2026, 11, 1), dt.date(2026, 11, 30))))
    assert ["Antwortzeiten auf Nachrichten", "Gesamt", "Gesamt", "", "Begonnene Verläufe", 7] in table

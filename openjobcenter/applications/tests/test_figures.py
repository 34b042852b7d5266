"""Processing-time figures: per status and from submission to decision, from the status history."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from openjobcenter.applications.models import Application, Decision, Event, Status
from openjobcenter.applications.services import figures, processing
from openjobcenter.applications.services.drafts import start_draft
from openjobcenter.applications.services.submission import submit
from openjobcenter.applications.tests.conftest import fill
from openjobcenter.core.models import Team

pytestmark = pytest.mark.django_db


def shift(application: Application, hours_per_step: list[float]) -> None:
    """Move the application's history back in time: each step lasts the given hours."""
    events = list(Event.objects.filter(application=application).order_by("at", "pk"))
    start = timezone.now() - dt.timedelta(hours=sum(hours_per_step) + 1)
    moment = start
    for event, hours in zip(events, [0.0, *hours_per_step], strict=False):
        moment += dt.timedelta(hours=hours)
        Event.objects.filter(pk=event.pk).update(at=moment)
    Application.all_tenants.filter(pk=application.pk).update(submitted_at=start)


@pytest.fixture
def decided(aylin, draft, tanja):
    app = submit(draft, actor=aylin, key=uuid.uuid4())
    app = processing.assign(app, actor=tanja, assignee=tanja)
    app = processing.start_review(app, actor=tanja)
    app = processing.decide(app, actor=tanja, decision=Decision.APPROVED)
    # submitted → assigned 24 h, assigned → in review 48 h, in review → decided 72 h
    shift(app, [24, 48, 72])
    return app


def test_times_per_status_and_to_the_decision(demo, decided):
    today = timezone.localdate()
    result = figures.application_figures(demo, today - dt.timedelta(days=30), today)
    assert (result.submitted, result.decided, result.open) == (1, 1, 0)
    assert result.decision_median_days == pytest.approx(6.0)
    by_status = {row.status: row for row in result.by_status}
    assert by_status[Status.SUBMITTED].median_days == pytest.approx(1.0)
    assert by_status[Status.ASSIGNED].median_days == pytest.approx(2.0)
    assert by_status[Status.IN_REVIEW].median_days == pytest.approx(3.0)
    assert by_status[Status.DECIDED].stays == 0 and by_status[Status.DECIDED].now_in_status == 1


def test_the_period_and_the_team_filter(demo, decided):
    today = timezone.localdate()
    earlier = figures.application_figures(demo, today - dt.timedelta(days=60), today - dt.timedelta(days=31))
    assert earlier.submitted == 0 and earlier.decision_median_days is None
    other = Team.all_tenants.create(jobcenter=demo, name="Leistung 2")
    assert figures.application_figures(demo, today - dt.timedelta(days=30), today, team=other).submitted == 0
    assert (
        figures.application_figures(demo, today - dt.timedelta(days=30), today, team=decided.case.team).submitted == 1
    )


def test_another_jobcenter_counts_nothing_of_ours(nord, decided):
    today = timezone.localdate()
    assert figures.application_figures(nord, today - dt.timedelta(days=30), today).submitted == 0


def test_a_typical_time_needs_five_decisions(demo, decided, aylin, tanja, case):
    assert figures.typical_days(demo) is None
    for _ in range(4):
        draft = fill(start_draft(aylin, demo))
        app = submit(draft, actor=aylin, key=uuid.uuid4())
        app = processing.assign(app, actor=tanja, assignee=tanja)
        app = processing.start_review(app, actor=tanja)
        app = processing.decide(app, actor=tanja, decision=Decision.REJECTED)
        shift(app, [24, 24, 24])
    # four of 3 days, one of 6 days: the median is 3
    assert figures.typical_days(demo) == 3


def test_the_status_page_names_the_typical_time_from_real_figures(client, demo, decided, aylin, tanja):
    for _ in range(4):
        app = submit(fill(start_draft(aylin, demo)), actor=aylin, key=uuid.uuid4())
        app = processing.assign(app, actor=tanja, assignee=tanja)
        app = processing.start_review(app, actor=tanja)
        shift(processing.decide(app, actor=tanja, decision=Decision.APPROVED), [24, 24, 24])
    waiting = submit(fill(start_draft(aylin, demo)), actor=aylin, key=uuid.uuid4())
    client.force_login(aylin)
    page = client.get(f"/demo/my/applications/{waiting.pk}/").content.decode()
    assert "meist etwa 3 Tage" in page
    done = client.get(f"/demo/my/applications/{decided.pk}/").content.decode()
    assert "meist etwa" not in done  # decided: no forecast any more

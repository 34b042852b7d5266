"""The demo's counts: plausible, and the same on every run (``load_demo`` is idempotent)."""

from __future__ import annotations

import datetime as dt

from openjobcenter.assistant.demo import DEMO_DAYS, load_demo_counts
from openjobcenter.assistant.models import Feedback, QuestionCount
from openjobcenter.assistant.services.figures import assistant_figures


def test_four_weeks_of_counts_loaded_twice_are_the_same(demo, nord):
    today = dt.date(2026, 12, 2)
    load_demo_counts(today=today)
    first = sorted(
        QuestionCount.all_tenants.values_list("jobcenter", "date", "language", "outcome", "topic_key", "count")
    )
    feedback = Feedback.all_tenants.count()
    load_demo_counts(today=today)
    again = sorted(
        QuestionCount.all_tenants.values_list("jobcenter", "date", "language", "outcome", "topic_key", "count")
    )
    assert first == again and Feedback.all_tenants.count() == feedback > 0

    figures = assistant_figures(demo, today - dt.timedelta(days=DEMO_DAYS - 1), today)
    assert 800 < figures.total.total < 1800
    assert 60 < (figures.total.answered_percent or 0) < 80
    assert {row.language for row in figures.by_language} == {"de", "ar", "uk", "tr", "en", "ru"}
    assert assistant_figures(nord, today - dt.timedelta(days=30), today).total.total < figures.total.total

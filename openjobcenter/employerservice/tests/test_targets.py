"""Targets: progress counts approved subsidies starting in the period; a linear forecast to its end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openjobcenter.employerservice.models import SubsidyApplication, SubsidyStatus
from openjobcenter.employerservice.services import rules, targets

pytestmark = pytest.mark.django_db


def approved(company, person, start: dt.date, kind="16i", status=SubsidyStatus.APPROVED):
    return SubsidyApplication.all_tenants.create(
        jobcenter=company.jobcenter, employer=company, person=person, kind=kind, rule=rules.rule_for(kind, start),
        start_date=start, hours_per_week=Decimal(30), gross_wage=Decimal(2000), job_title="Helfer", status=status,
    )  # fmt: skip


def test_the_linear_forecast_extends_the_pace_so_far():
    assert targets.linear_forecast([1, 2, 3, 4], 8) == 8
    assert targets.linear_forecast([0, 0, 0], 30) == 0
    assert targets.linear_forecast([], 30) == 0


def test_progress_counts_approved_subsidies_of_the_kinds_starting_in_the_period(company, aylin, anja, nord, demo):
    target = targets.set_target(actor=anja, jobcenter=demo, name="Halbjahr", count=10,
                                period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30), kinds=["16e", "16i"])  # fmt: skip
    approved(company, aylin, dt.date(2026, 1, 10))
    approved(company, aylin, dt.date(2026, 2, 10), kind="16e")
    approved(company, aylin, dt.date(2026, 3, 1), status=SubsidyStatus.SUBMITTED)  # not decided
    approved(company, aylin, dt.date(2025, 12, 31))  # before the period
    approved(company, aylin, dt.date(2026, 5, 1))  # approved ahead of its start
    progress = targets.progress(target, today=dt.date(2026, 3, 31))
    assert progress.count == 3 and progress.percent == 30.0
    assert [p.cumulative for p in progress.points] == [1, 2, 2, None]  # end of Jan, Feb, Mar; the period end
    assert progress.forecast is not None and progress.forecast >= 3 and progress.on_track is False
    assert progress.points[-1].day == dt.date(2026, 6, 30) and progress.points[-1].trend == progress.forecast


def test_a_target_with_a_reversed_period_or_no_kind_is_refused(anja, demo):
    with pytest.raises(targets.TargetError):
        targets.set_target(actor=anja, jobcenter=demo, name="x", count=5, period_start=dt.date(2026, 6, 1),
                           period_end=dt.date(2026, 1, 1), kinds=["16i"])  # fmt: skip
    with pytest.raises(targets.TargetError):
        targets.set_target(actor=anja, jobcenter=demo, name="x", count=5, period_start=dt.date(2026, 1, 1),
                           period_end=dt.date(2026, 6, 1), kinds=["foo"])  # fmt: skip

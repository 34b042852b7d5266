"""Targets (e.g. 400 subsidised placements in six months) and the progress towards them.

Progress counts approved subsidies (of the target's kinds) whose employment starts inside the
period. The forecast is linear: a least-squares line through the cumulative count per day since the
period started (through the origin: nothing is counted before the start), extended to the period end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.audit.services import log_change
from openjobcenter.employerservice.models import SubsidyApplication, SubsidyKind, SubsidyStatus, Target

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter


class TargetError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Point:
    day: dt.date
    cumulative: int | None  # None for the period end when it lies ahead
    trend: int | None = None  # the linear forecast's value on that day


@dataclass(frozen=True)
class Progress:
    target: Target
    count: int
    percent: float
    forecast: int | None  # expected count at the period end; None before the period starts
    on_track: bool | None
    points: list[Point]  # cumulative count at the end of each month (or today) of the period so far

    @property
    def remaining(self) -> int:
        return max(self.target.count - self.count, 0)


def set_target(
    *,
    actor: User,
    jobcenter: Jobcenter,
    name: str,
    count: int,
    period_start: dt.date,
    period_end: dt.date,
    kinds: list[str],
    request: HttpRequest | None = None,
) -> Target:
    if period_end < period_start:
        raise TargetError(_("Das Ende des Zeitraums liegt vor dem Beginn."), field="period_end")
    if (period_end - period_start).days > 3 * 366:
        raise TargetError(_("Der Zeitraum darf höchstens drei Jahre lang sein."), field="period_end")
    if count < 1:
        raise TargetError(_("Der Zielwert muss mindestens 1 sein."), field="count")
    kinds = [kind for kind in kinds if kind in SubsidyKind.values]
    if not kinds:
        raise TargetError(_("Bitte wählen Sie mindestens eine Förderung."), field="kinds")
    with transaction.atomic():
        target = Target.objects.create_for_tenant(
            jobcenter, name=name.strip()[:200], count=count, period_start=period_start, period_end=period_end,
            kinds=kinds, created_by=actor,
        )  # fmt: skip
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="employerservice.target_set",
            target=target,
            details={"count": count, "from": period_start.isoformat(), "to": period_end.isoformat(), "kinds": kinds},
            request=request,
        )
    return target


def _daily_counts(target: Target, until: dt.date) -> dict[dt.date, int]:
    rows = (
        SubsidyApplication.objects.for_tenant(target.jobcenter_id)
        .filter(
            status=SubsidyStatus.APPROVED,
            kind__in=target.kinds,
            start_date__gte=target.period_start,
            start_date__lte=min(until, target.period_end),
        )
        .values("start_date")
        .annotate(n=Count("pk"))
    )
    return {row["start_date"]: row["n"] for row in rows}


def slope(cumulative_by_day: list[int]) -> float:
    """Least squares through the origin: Σ(x·y) / Σ(x²), x = day number (1…n)."""
    xs = range(1, len(cumulative_by_day) + 1)
    denominator = sum(x * x for x in xs)
    if denominator == 0:
        return 0.0
    return sum(x * y for x, y in zip(xs, cumulative_by_day, strict=True)) / denominator


def linear_forecast(cumulative_by_day: list[int], total_days: int) -> int:
    return round(slope(cumulative_by_day) * total_days)


def progress(target: Target, *, today: dt.date | None = None) -> Progress:
    today = today or timezone.localdate()
    last = min(today, target.period_end)
    per_day = _daily_counts(target, last)
    cumulative: list[int] = []
    points: list[Point] = []
    running = 0
    day = target.period_start
    while day <= last:
        running += per_day.get(day, 0)
        cumulative.append(running)
        month_end = (day + dt.timedelta(days=1)).month != day.month
        if month_end or day == last:
            points.append(Point(day, running))
        day += dt.timedelta(days=1)
    # Placements can be approved ahead of their start: those starting later in the period count too.
    count = running + sum(n for d, n in _daily_counts(target, target.period_end).items() if d > last)
    total_days = (target.period_end - target.period_start).days + 1
    forecast = linear_forecast(cumulative, total_days) if cumulative else None
    if forecast is not None:
        forecast = max(forecast, count)
        pace = slope(cumulative)
        points = [Point(p.day, p.cumulative, round(pace * ((p.day - target.period_start).days + 1))) for p in points]
        if last < target.period_end:
            points.append(Point(target.period_end, None, forecast))
    return Progress(
        target=target,
        count=count,
        percent=round(100 * count / target.count, 1),
        forecast=forecast,
        on_track=None if forecast is None else forecast >= target.count,
        points=points,
    )


def current_targets(jobcenter: Jobcenter, *, today: dt.date | None = None) -> list[Target]:
    today = today or timezone.localdate()
    return list(
        Target.objects.for_tenant(jobcenter)
        .filter(period_end__gte=today - dt.timedelta(days=366))
        .order_by("-period_start", "-pk")[:10]
    )

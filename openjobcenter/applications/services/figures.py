"""Service figures of online applications for team leads: how long processing takes, per status.

Counted for applications submitted in the period (local days, both inclusive), optionally of one
team (the case's responsible team). From the status history (``Event``): how long applications
stayed in each status (finished stays only), and from submission to the decision. Only counts and
durations; no names, no answers. ``typical_days`` gives the citizen's status page a typical
processing time from the same history.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from openjobcenter.applications.models import Application, DocumentRequest, Event, Status

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter, Team

SECONDS_PER_DAY = 86400
TYPICAL_MIN_DECIDED = 5  # fewer decided applications tell nothing typical
TYPICAL_LOOKBACK_DAYS = 365
PROCESSING = (
    Status.SUBMITTED,
    Status.ASSIGNED,
    Status.IN_REVIEW,
    Status.DOCUMENTS_REQUESTED,
    Status.DOCUMENTS_RECEIVED,
    Status.DECIDED,
)


@dataclass(frozen=True)
class StatusTime:
    status: str
    label: str
    stays: int  # finished stays in this status
    median_days: float | None
    p90_days: float | None
    now_in_status: int  # applications of the period in this status right now


@dataclass(frozen=True)
class ApplicationFigures:
    submitted: int
    decided: int
    open: int
    decision_median_days: float | None
    decision_p90_days: float | None
    documents_requested: int
    requests_overdue: int
    by_status: list[StatusTime]


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone() if settings.USE_TZ else None
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _decision_days(histories: dict[int, list[Event]]) -> list[float]:
    """From the first "submitted" to the first "decided" of each application that has both."""
    result = []
    for events in histories.values():
        submitted = next((e.at for e in events if e.status == Status.SUBMITTED), None)
        decided = next((e.at for e in events if e.status == Status.DECIDED), None)
        if submitted is not None and decided is not None and decided >= submitted:
            result.append(_days(submitted, decided))
    return result


def _histories(applications: list[int]) -> dict[int, list[Event]]:
    histories: dict[int, list[Event]] = defaultdict(list)
    for event in Event.objects.filter(application_id__in=applications).order_by("application_id", "at", "pk"):
        histories[event.application_id].append(event)
    return histories


def application_figures(
    jobcenter: Jobcenter,
    date_from: dt.date,
    date_to: dt.date,
    *,
    team: Team | None = None,
    now: dt.datetime | None = None,
) -> ApplicationFigures:
    now = now or timezone.now()
    start, end = _bounds(date_from, date_to)
    applications = Application.objects.for_tenant(jobcenter).filter(submitted_at__gte=start, submitted_at__lt=end)
    if team is not None:
        applications = applications.filter(case__team=team)
    rows = list(applications.values_list("pk", "status"))
    ids = [pk for pk, _status in rows]
    histories = _histories(ids)
    stays: dict[str, list[float]] = defaultdict(list)
    for events in histories.values():
        for current, following in itertools.pairwise(events):
            stays[current.status].append(_days(current.at, following.at))
    decided_states = {Status.DECIDED, Status.DECISION_SENT}
    now_in: dict[str, int] = defaultdict(int)
    for _pk, status in rows:
        now_in[status] += 1
    decision_days = _decision_days(histories)
    requests = DocumentRequest.objects.for_tenant(jobcenter).filter(application_id__in=ids)
    overdue = requests.filter(fulfilled_at__isnull=True, due_date__lt=timezone.localdate(now)).count()
    return ApplicationFigures(
        submitted=len(rows),
        decided=sum(1 for _pk, status in rows if status in decided_states),
        open=sum(1 for _pk, status in rows if status not in decided_states),
        decision_median_days=_median(decision_days),
        decision_p90_days=_percentile(decision_days, 0.9),
        documents_requested=requests.count(),
        requests_overdue=overdue,
        by_status=[
            StatusTime(
                status=status.value,
                label=str(status.label),
                stays=len(stays[status]),
                median_days=_median(stays[status]),
                p90_days=_percentile(stays[status], 0.9),
                now_in_status=now_in[status],
            )
            for status in PROCESSING
        ],
    )


def typical_days(jobcenter: Jobcenter, *, now: dt.datetime | None = None) -> int | None:
    """The median days from submission to decision over the last year, rounded up; ``None`` while
    fewer than five applications were decided (a "typical" time would be a guess)."""
    now = now or timezone.now()
    decided = (
        Application.objects.for_tenant(jobcenter)
        .filter(Q(status=Status.DECIDED) | Q(status=Status.DECISION_SENT))
        .filter(submitted_at__gte=now - dt.timedelta(days=TYPICAL_LOOKBACK_DAYS))
        .values_list("pk", flat=True)
    )
    days = _decision_days(_histories(list(decided)))
    if len(days) < TYPICAL_MIN_DECIDED:
        return None
    return math.ceil(statistics.median(days))

"""Service figures of the Postfach for team leads: how fast the Jobcenter answers its clients.

Counted for threads started in the period (local days, both inclusive), optionally of one team
(the case's responsible team). Response time: from the first client message of a thread the
client started to the first answer of staff, in hours. "Unanswered" counts open threads whose
latest client message has waited for an answer for more than two working days (Monday to Friday).
Only counts and times; no names, no texts.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from openjobcenter.messaging.models import Message, Side, Status, Thread

if TYPE_CHECKING:
    from openjobcenter.core.models import Jobcenter, Team

WAIT_WORKING_DAYS = 2


@dataclass(frozen=True)
class MessageFigures:
    threads: int
    started_by_citizens: int
    started_by_staff: int
    citizen_messages: int
    staff_messages: int
    answered: int
    answer_median_hours: float | None
    answer_p90_hours: float | None
    unanswered_overdue: int


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone() if settings.USE_TZ else None
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` 0 < p ≤ 1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Mon–Fri) after ``start`` up to and including ``end``."""
    days = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def message_figures(
    jobcenter: Jobcenter,
    date_from: dt.date,
    date_to: dt.date,
    *,
    team: Team | None = None,
    now: dt.datetime | None = None,
) -> MessageFigures:
    start, end = _bounds(date_from, date_to)
    threads = Thread.objects.for_tenant(jobcenter).filter(created_at__gte=start, created_at__lt=end)
    if team is not None:
        threads = threads.filter(case__team=team)
    counts = threads.aggregate(total=Count("pk"), by_citizens=Count("pk", filter=Q(started_by=Side.CITIZEN)))
    messages = Message.objects.for_tenant(jobcenter).filter(thread__in=threads.values("pk"))
    by_side = dict(messages.values_list("side").annotate(n=Count("pk")).values_list("side", "n"))
    timed = (
        threads.filter(started_by=Side.CITIZEN)
        .annotate(
            first_citizen=Min("messages__created_at", filter=Q(messages__side=Side.CITIZEN)),
            first_staff=Min("messages__created_at", filter=Q(messages__side=Side.STAFF)),
        )
        .filter(first_staff__isnull=False)
        .values_list("first_citizen", "first_staff")
    )
    hours = [(staff - citizen).total_seconds() / 3600 for citizen, staff in timed if citizen and staff >= citizen]
    return MessageFigures(
        threads=counts["total"],
        started_by_citizens=counts["by_citizens"],
        started_by_staff=counts["total"] - counts["by_citizens"],
        citizen_messages=by_side.get(Side.CITIZEN, 0),
        staff_messages=by_side.get(Side.STAFF, 0),
        answered=len(hours),
        answer_median_hours=round(statistics.median(hours), 1) if hours else None,
        answer_p90_hours=round(p90, 1) if (p90 := percentile(hours, 0.9)) is not None else None,
        unanswered_overdue=_overdue(threads, now or timezone.now()),
    )


def _overdue(threads: object, now: dt.datetime) -> int:
    waiting = (
        threads.filter(status=Status.OPEN, last_citizen_message_at__isnull=False)  # type: ignore[attr-defined]
        .filter(Q(last_staff_message_at__isnull=True) | Q(last_staff_message_at__lt=F("last_citizen_message_at")))
        .values_list("last_citizen_message_at", flat=True)
    )
    today = timezone.localdate(now)
    return sum(1 for at in waiting if working_days_between(timezone.localdate(at), today) > WAIT_WORKING_DAYS)

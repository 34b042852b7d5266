"""Waiting-time estimates and the bodies that displays, public pages and the API show.

How it works (docs/reception-estimate.md explains it for staff):

1. The database is read once into a :class:`QueueSnapshot`: the waiting tickets in calling order
   (priority, concern, when they may be called), the tickets at a counter right now with how long
   they have been there, the counters open now and when each counter is usually staffed (learned
   from past days: breaks, shifts), the appointments due soon that have not checked in yet (with
   the share of booked clients who usually come), and the service-time distribution of every
   concern in the zone, learned from the last weeks (recent days and the same hour and weekday
   count more).
2. :func:`estimate_wait` — a pure function of that snapshot, used unchanged by
   ``bench/waiting_estimate.py`` — plays the queue forward a few hundred times with a fixed seed:
   each counter first finishes its current client (the time left is drawn from the distribution
   *given* the time already spent, E[S − t | S > t]), then takes the next ticket by priority
   whenever it is staffed; appointments due in the meantime go ahead of walk-ins. The median of the simulated waits is the
   estimate, the 20th–80th percentile the range ("etwa 10–20 Minuten", rounded to 5 minutes).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language

from openjobcenter.appointments.models import Booking, BookingStatus
from openjobcenter.core.models import Location, ReceptionZone
from openjobcenter.reception.models import CounterSession, Priority, Ticket, TicketStatus, ZoneSettings

# History: service times of the last HISTORY_DAYS; a sample's weight halves every HALF_LIFE_DAYS.
HISTORY_DAYS = 28
HALF_LIFE_DAYS = 14.0
HISTORY_LIMIT = 5000
# Samples within an hour of now, and on the same weekday, count this much more.
SAME_HOUR_WEIGHT = 2.0
SAME_WEEKDAY_WEIGHT = 1.5
# A concern needs this many samples of its own, else the zone's mix is used, else the default.
MIN_SAMPLES = 8
# Appointments starting within this horizon (or up to CHECK_IN_LATE ago) may still check in.
DUE_HORIZON = dt.timedelta(hours=3)
CHECK_IN_LATE = dt.timedelta(minutes=30)
CALL_EARLY = dt.timedelta(minutes=5)  # queue.CHECK_IN_EARLY
DEFAULT_SHOW_RATE = 0.85
MIN_BOOKINGS_FOR_SHOW_RATE = 20
# Monte-Carlo: fixed seed (the same queue always gives the same answer), bounded work per estimate.
SEED = 20240
MIN_RUNS = 30
MAX_RUNS = 200
STEP_BUDGET = 1500
TABLE_SIZE = 64
LOW_QUANTILE = 0.2
HIGH_QUANTILE = 0.8
CACHE_SECONDS = 60
# The waiting times of a location are computed at most this often per language (public pages, the
# API, displays). Every change of the queue forgets them at once (``forget_waiting_times``); only the
# passing of time and bookings coming due change them between, by a minute at most in that time.
WAITING_TIMES_CACHE_SECONDS = 10
# The usual staffing is looked at this far ahead, in steps of this many minutes.
PLAN_HORIZON = 240.0
PLAN_LOOKBACK = 240.0
# Counters whose day ends this close to the last one's stay until the queue is empty.
CLOSING_TEAM = 30.0
PLAN_STEP = 15.0


# --- The pure core ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    expected_minutes: int
    low_minutes: int
    high_minutes: int


@dataclass(frozen=True)
class ServiceDistribution:
    """An empirical service-time distribution: sorted values (minutes) with cumulative weights."""

    values: tuple[float, ...]
    cumulative: tuple[float, ...]
    # TABLE_SIZE equally likely values (the weighted quantiles): drawing is one index.
    table: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        total = self.cumulative[-1]
        table = []
        for i in range(TABLE_SIZE):
            index = bisect.bisect_left(self.cumulative, (i + 0.5) / TABLE_SIZE * total)
            table.append(self.values[min(index, len(self.values) - 1)])
        object.__setattr__(self, "table", tuple(table))

    @classmethod
    def from_samples(cls, samples: Iterable[tuple[float, float]]) -> ServiceDistribution:
        """``samples``: (minutes, weight) pairs; weights need not add up to anything."""
        pairs = sorted((max(float(m), 0.5), float(w)) for m, w in samples if w > 0)
        if not pairs:
            raise ValueError("no samples")
        total = 0.0
        cumulative = []
        for _minutes, weight in pairs:
            total += weight
            cumulative.append(total)
        return cls(tuple(m for m, _w in pairs), tuple(cumulative))

    @classmethod
    def typical(cls, mean_minutes: float, *, cv: float = 0.6, points: int = 41) -> ServiceDistribution:
        """A lognormal of the given mean and coefficient of variation, as equally weighted quantiles:
        the stand-in while a zone has no history (``ZoneSettings.default_service_minutes``)."""
        mean = max(float(mean_minutes), 1.0)
        sigma = math.sqrt(math.log(1 + cv * cv))
        mu = math.log(mean) - sigma * sigma / 2
        normal = _NormalQuantile()
        values = [math.exp(mu + sigma * normal((i + 0.5) / points)) for i in range(points)]
        return cls.from_samples((v, 1.0) for v in values)

    @property
    def total(self) -> float:
        return self.cumulative[-1]

    @property
    def count(self) -> int:
        return len(self.values)

    def mean(self) -> float:
        previous = 0.0
        acc = 0.0
        for value, cum in zip(self.values, self.cumulative, strict=True):
            acc += value * (cum - previous)
            previous = cum
        return acc / self.total

    def draw(self, rng: random.Random) -> float:
        return self.table[int(rng.random() * TABLE_SIZE)]

    def draw_remaining(self, rng: random.Random, elapsed: float) -> float:
        """Time still needed by a service that has run ``elapsed`` minutes: S − t given S > t."""
        start = bisect.bisect_right(self.values, elapsed)
        if start >= len(self.values):
            # Longer than anything seen: it is probably about to end.
            return max(0.5, 0.2 * self.mean())
        base = self.cumulative[start - 1] if start else 0.0
        index = bisect.bisect_left(self.cumulative, base + rng.random() * (self.total - base))
        return self.values[min(max(index, start), len(self.values) - 1)] - elapsed

    def remaining_mean(self, elapsed: float) -> float:
        """E[S − t | S > t] (for explanations and tests)."""
        start = bisect.bisect_right(self.values, elapsed)
        if start >= len(self.values):
            return max(0.5, 0.2 * self.mean())
        previous = self.cumulative[start - 1] if start else 0.0
        base = previous
        acc = 0.0
        for value, cum in zip(self.values[start:], self.cumulative[start:], strict=True):
            acc += (value - elapsed) * (cum - previous)
            previous = cum
        return acc / (self.total - base)


class _NormalQuantile:
    """Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9)."""

    A = (
        -39.69683028665376,
        220.9460984245205,
        -275.9285104469687,
        138.3577518672690,
        -30.66479806614716,
        2.506628277459239,
    )
    B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572)
    C = (-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783)  # fmt: skip
    D = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)

    def __call__(self, p: float) -> float:
        a, b, c, d = self.A, self.B, self.C, self.D
        if p < 0.02425:
            q = math.sqrt(-2 * math.log(p))
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
                (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            )
        if p > 1 - 0.02425:
            return -self(1 - p)
        q = p - 0.5
        r = q * q
        return (
            (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
            * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        )


@dataclass(frozen=True)
class QueueItem:
    """A ticket (or an appointment expected to check in) that a counter may call."""

    concern: int | None = None
    priority: int = Priority.NORMAL
    available_in: float = 0.0  # minutes from now until it may be called (appointments)
    show_probability: float = 1.0  # appointments not yet checked in: the usual show-up rate


@dataclass(frozen=True)
class InService:
    """A ticket at an open counter now (called or being served) for ``elapsed`` minutes."""

    concern: int | None = None
    elapsed: float = 0.0


@dataclass(frozen=True)
class QueueSnapshot:
    """Everything the estimate depends on, read from the database (or a simulation) at one moment."""

    open_counters: int
    queue: tuple[QueueItem, ...] = ()  # waiting tickets, in calling order
    in_service: tuple[InService, ...] = ()
    due: tuple[QueueItem, ...] = ()  # appointments due soon, not checked in yet
    distributions: Mapping[int | None, ServiceDistribution] = field(default_factory=dict)  # None: the zone's mix
    default: ServiceDistribution = field(default_factory=lambda: ServiceDistribution.typical(10))
    # Per counter of the zone (id), whether it is usually staffed, learned from past days: (minutes
    # from now, negative for earlier today; staffed). Empty: the open counters stay as they are.
    plans: Mapping[int, tuple[tuple[float, bool], ...]] = field(default_factory=dict)
    open_now: frozenset[int] = frozenset()  # counters staffed now
    staffed_today: frozenset[int] = frozenset()  # counters somebody sat at today (before or now)

    def distribution(self, concern: int | None) -> ServiceDistribution:
        found = self.distributions.get(concern) if concern is not None else None
        return found or self.distributions.get(None) or self.default


def _round_down5(minutes: float) -> int:
    return int(5 * math.floor(max(minutes, 0) / 5))


def _round_up5(minutes: float) -> int:
    return int(5 * math.ceil(max(minutes, 0) / 5))


def _quantile(ordered: list[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def duty_windows(snapshot: QueueSnapshot) -> list[list[tuple[float, float]]]:
    """Per counter (those open now first) the stretches of time from now when it is staffed.

    A counter open now is staffed now; later each counter follows its usual pattern of the day
    (breaks, shifts starting and ending: ``plans``). A counter usually staffed by now that nobody
    sat at today (illness, a training) is not expected. The counters staffed until closing time
    stay until everybody has been called."""
    actual = snapshot.open_counters
    if not snapshot.plans:
        return [[(0.0, math.inf)] for _counter in range(actual)]
    ordered = sorted(snapshot.open_now) + sorted(set(snapshot.plans) - snapshot.open_now)
    windows: list[list[tuple[float, float]]] = []
    for counter in ordered:
        plan = snapshot.plans.get(counter, ())
        staffed = counter in snapshot.open_now
        if not staffed and counter not in snapshot.staffed_today and any(on for at, on in plan if at <= 0):
            continue  # absent today
        stretches: list[tuple[float, float]] = []
        since: float | None = 0.0 if staffed else None
        for at, on in plan:
            if at <= 0:
                continue
            if on and since is None:
                since = at
            elif not on and since is not None:
                stretches.append((since, at))
                since = None
        if since is not None:
            stretches.append((since, math.inf))
        if stretches:
            windows.append(stretches)
    if windows and not any(stretches[-1][1] == math.inf for stretches in windows):
        # Closing time: the counters staffed until the end serve everybody still waiting.
        closing = max(stretches[-1][1] for stretches in windows)
        for stretches in windows:
            if stretches[-1][1] >= closing - CLOSING_TEAM:
                stretches[-1] = (stretches[-1][0], math.inf)
    return windows


def _on_duty(windows: list[tuple[float, float]], moment: float) -> float:
    """The first moment from ``moment`` on when the counter is staffed (``inf``: not any more)."""
    for opens, closes in windows:
        if moment < closes:
            return max(moment, opens)
    return math.inf


def _one_run(
    snapshot: QueueSnapshot, person: int, rng: random.Random, windows: list[list[tuple[float, float]]]
) -> float:
    """One play of the queue: minutes until the item ``snapshot.queue[person]`` is called."""
    counters = snapshot.open_counters
    busy = sorted(snapshot.distribution(s.concern).draw_remaining(rng, s.elapsed) for s in snapshot.in_service)
    busy = busy[:counters]
    # (free from, counter): a counter that is at its break or not yet staffed is free when it is.
    free = [(_on_duty(windows_of, busy[i] if i < len(busy) else 0.0), i) for i, windows_of in enumerate(windows)]
    heapq.heapify(free)
    # (−priority, order, available_in, service-time table, is_person), in calling order
    pending: list[tuple[int, int, float, tuple[float, ...], bool]] = []
    for order, item in enumerate(snapshot.queue):
        if order == person or item.show_probability >= 1 or rng.random() < item.show_probability:
            table = snapshot.distribution(item.concern).table
            pending.append((-item.priority, order, item.available_in, table, order == person))
    base = len(snapshot.queue)
    for offset, item in enumerate(snapshot.due):
        if rng.random() < item.show_probability:
            table = snapshot.distribution(item.concern).table
            pending.append((-item.priority, base + offset, item.available_in, table, False))
    pending.sort(key=lambda entry: (entry[0], entry[1]))
    draw = rng.random
    always = [stretches == [(0.0, math.inf)] for stretches in windows]
    while free:
        now, counter = heapq.heappop(free)
        if now == math.inf:
            break
        chosen = -1
        for index, entry in enumerate(pending):
            if entry[2] <= now:
                chosen = index
                break
        if chosen < 0:  # nobody may be called yet: the counter waits for the first who may
            later = _on_duty(windows[counter], min(entry[2] for entry in pending))
            heapq.heappush(free, (later, counter))
            continue
        _priority, _order, _available, table, is_person = pending.pop(chosen)
        if is_person:
            return now
        done = now + table[int(draw() * TABLE_SIZE)]
        heapq.heappush(free, (done if always[counter] else _on_duty(windows[counter], done), counter))
    return math.inf  # unreachable while one counter stays staffed


def estimate_wait(snapshot: QueueSnapshot, person: int) -> Estimate | None:
    """The wait of ``snapshot.queue[person]`` from now; ``None`` while no counter is open.

    Pure: the same snapshot always gives the same estimate (fixed seed).
    """
    if snapshot.open_counters <= 0 or not 0 <= person < len(snapshot.queue):
        return None
    rng = random.Random(SEED)
    runs = max(MIN_RUNS, min(MAX_RUNS, STEP_BUDGET // (person + len(snapshot.due) + 1)))
    windows = duty_windows(snapshot)
    waits = sorted(_one_run(snapshot, person, rng, windows) for _run in range(runs))
    middle = _quantile(waits, 0.5)
    low = _round_down5(_quantile(waits, LOW_QUANTILE))
    high = max(_round_up5(_quantile(waits, HIGH_QUANTILE)), low + 5)
    return Estimate(round(middle), low, high)


def with_newcomer(snapshot: QueueSnapshot, position: int | None = None, *, concern: int | None = None) -> QueueSnapshot:
    """The snapshot with a new walk-in ticket after the first ``position`` waiting (default: all)."""
    ahead = snapshot.queue if position is None else snapshot.queue[: max(position, 0)]
    return QueueSnapshot(
        open_counters=snapshot.open_counters,
        queue=(*ahead, QueueItem(concern=concern)),
        in_service=snapshot.in_service,
        due=snapshot.due,
        distributions=snapshot.distributions,
        default=snapshot.default,
        plans=snapshot.plans,
        open_now=snapshot.open_now,
        staffed_today=snapshot.staffed_today,
    )


def due_appointment(concern: int | None, minutes_to_start: float, show_rate: float) -> QueueItem:
    """An appointment starting in ``minutes_to_start`` whose client has not checked in yet: it will go
    ahead of walk-ins from shortly before its start, if the client comes (``show_rate``; somebody
    already late comes less and less likely as the check-in window closes)."""
    late = -minutes_to_start
    window = CHECK_IN_LATE.total_seconds() / 60
    chance = show_rate * max(1 - late / window, 0.0) if late > 0 else show_rate
    return QueueItem(
        concern=concern,
        priority=Priority.APPOINTMENT,
        available_in=max(minutes_to_start - CALL_EARLY.total_seconds() / 60, 0.0),
        show_probability=chance,
    )


@dataclass(frozen=True)
class StaffedDay:
    """A past working day of a zone: (counter, staffed from, until) in minutes after midnight."""

    age_days: float
    weekday: int
    sessions: tuple[tuple[int, float, float], ...]


def learn_plan(
    days: Iterable[StaffedDay],
    minute_of_day: float,
    weekday: int,
    *,
    horizon: float = PLAN_HORIZON,
    lookback: float = PLAN_LOOKBACK,
) -> dict[int, tuple[tuple[float, bool], ...]]:
    """Per counter: whether it is usually staffed, from ``lookback`` minutes ago to ``horizon``
    minutes ahead every ``PLAN_STEP`` minutes (offsets from now). Usually = on at least half of the
    past days, weighted (recent ones and the same weekday count more). Empty without history."""
    days = [day for day in days if day.sessions and 0 <= day.age_days <= HISTORY_DAYS]
    if not days:
        return {}
    weights = [sample_weight(day.age_days, same_hour=False, same_weekday=day.weekday == weekday) for day in days]
    total = sum(weights)
    counters = sorted({counter for day in days for counter, _opens, _closes in day.sessions})
    offsets = []
    offset = -PLAN_STEP * math.floor(min(lookback, minute_of_day) / PLAN_STEP)
    while offset <= horizon:
        offsets.append(offset)
        offset += PLAN_STEP
    share: dict[int, list[float]] = {counter: [0.0] * len(offsets) for counter in counters}
    for day, weight in zip(days, weights, strict=True):
        for counter, opens, closes in day.sessions:
            row = share[counter]
            for index, at in enumerate(offsets):
                if opens <= minute_of_day + at < closes:
                    row[index] += weight
    return {
        counter: tuple((at, value >= total / 2) for at, value in zip(offsets, row, strict=True))
        for counter, row in share.items()
    }


def sample_weight(age_days: float, *, same_hour: bool, same_weekday: bool) -> float:
    """How much one past service time counts: recent, same hour and same weekday count more."""
    weight = 0.5 ** (max(age_days, 0.0) / HALF_LIFE_DAYS)
    if same_hour:
        weight *= SAME_HOUR_WEIGHT
    if same_weekday:
        weight *= SAME_WEEKDAY_WEIGHT
    return weight


def learn_distributions(
    samples: Iterable[tuple[int | None, float, float]],
) -> dict[int | None, ServiceDistribution]:
    """(concern, minutes, weight) → a distribution per concern with enough samples, and the zone's
    whole mix under ``None`` (when it has enough)."""
    by_concern: dict[int | None, list[tuple[float, float]]] = defaultdict(list)
    mix: list[tuple[float, float]] = []
    for concern, minutes, weight in samples:
        if concern is not None:
            by_concern[concern].append((minutes, weight))
        mix.append((minutes, weight))
    learned = {
        concern: ServiceDistribution.from_samples(rows)
        for concern, rows in by_concern.items()
        if len(rows) >= MIN_SAMPLES
    }
    if len(mix) >= MIN_SAMPLES:
        learned[None] = ServiceDistribution.from_samples(mix)
    return learned


# --- Reading the snapshot from the database -----------------------------------------------------


@dataclass
class _LocationState:
    location: Location
    zones: list[ReceptionZone]
    settings: dict[int, ZoneSettings]
    counters: dict[int, int]  # zone id → open counters
    waiting: dict[int, list[_Waiting]]  # zone id → waiting tickets in calling order
    in_service: dict[int, list[InService]]
    due: dict[int, list[QueueItem]]
    distributions: dict[int, dict[int | None, ServiceDistribution]]
    staffed_days: dict[int, list[StaffedDay]]
    open_now: dict[int, set[int]]  # zone id → counters open now
    staffed_today: dict[int, set[int]]

    def snapshot(self, zone_id: int, now: dt.datetime) -> QueueSnapshot:
        zone_settings = self.settings.get(zone_id)
        default = ServiceDistribution.typical(zone_settings.default_service_minutes if zone_settings else 10)
        local = timezone.localtime(now)
        return QueueSnapshot(
            open_counters=self.counters.get(zone_id, 0),
            queue=tuple(_queue_item(t, now) for t in self.waiting.get(zone_id, [])),
            in_service=tuple(self.in_service.get(zone_id, [])),
            due=tuple(self.due.get(zone_id, [])),
            distributions=self.distributions.get(zone_id, {}),
            default=default,
            plans=learn_plan(self.staffed_days.get(zone_id, []), local.hour * 60 + local.minute, local.weekday()),
            open_now=frozenset(self.open_now.get(zone_id, set())),
            staffed_today=frozenset(self.staffed_today.get(zone_id, set())),
        )


def _minutes(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


@dataclass(frozen=True)
class _Waiting:
    pk: int
    concern_id: int | None
    priority: int
    not_before: dt.datetime | None


def _queue_item(ticket: _Waiting, now: dt.datetime) -> QueueItem:
    available = max(_minutes(ticket.not_before - now), 0.0) if ticket.not_before else 0.0
    return QueueItem(concern=ticket.concern_id, priority=ticket.priority, available_in=available)


_History = tuple[dict[int, dict[int | None, ServiceDistribution]], float, dict[int, list[StaffedDay]]]


def _history(location: Location, now: dt.datetime) -> _History:
    """Per zone the learned distributions and staffed days, and the location's show-up rate;
    cached for a minute."""
    local = timezone.localtime(now)
    key = f"reception:estimate:{location.pk}:{local:%Y%m%d%H}"
    cached = cache.get(key)
    if cached is not None:
        return cast(_History, cached)
    rows = (
        Ticket.objects.for_tenant(location.jobcenter_id)
        .filter(
            location=location,
            status=TicketStatus.DONE,
            finished_at__gte=now - dt.timedelta(days=HISTORY_DAYS),
            service_started_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("zone_id", "concern_id", "service_started_at", "finished_at")[:HISTORY_LIMIT]
    )
    per_zone: dict[int, list[tuple[int | None, float, float]]] = defaultdict(list)
    for zone_id, concern_id, started, finished in rows:
        if started is None or finished is None:
            continue
        finished_local = timezone.localtime(finished)
        weight = sample_weight(
            _minutes(now - finished) / (24 * 60),
            same_hour=abs(finished_local.hour - local.hour) <= 1,
            same_weekday=finished_local.weekday() == local.weekday(),
        )
        per_zone[zone_id].append((concern_id, _minutes(finished - started), weight))
    distributions = {zone_id: learn_distributions(samples) for zone_id, samples in per_zone.items()}
    value = (distributions, _show_rate(location, now), _staffed_days(location, now))
    cache.set(key, value, CACHE_SECONDS)
    return value


def _staffed_days(location: Location, now: dt.datetime) -> dict[int, list[StaffedDay]]:
    """Per zone the past days (not today) with when each counter was staffed."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        CounterSession.objects.for_tenant(location.jobcenter_id)
        .filter(counter__location=location, opened_at__gte=midnight - dt.timedelta(days=HISTORY_DAYS))
        .filter(opened_at__lt=midnight)
        .values_list("counter_id", "counter__zone_id", "opened_at", "closed_at")
    )
    grouped: dict[tuple[int, dt.date], list[tuple[int, float, float]]] = defaultdict(list)
    for counter_id, zone_id, opened, closed in rows:
        opened_local = timezone.localtime(opened)
        day_start = opened_local.replace(hour=0, minute=0, second=0, microsecond=0)
        until = _minutes(timezone.localtime(closed) - day_start) if closed else 24 * 60.0
        grouped[(zone_id, opened_local.date())].append((counter_id, _minutes(opened_local - day_start), until))
    days: dict[int, list[StaffedDay]] = defaultdict(list)
    for (zone_id, day), sessions in grouped.items():
        days[zone_id].append(StaffedDay((local.date() - day).days, day.weekday(), tuple(sessions)))
    return dict(days)


def _show_rate(location: Location, now: dt.datetime) -> float:
    """The share of in-person bookings at ``location`` (last weeks) whose client checked in."""
    past = Booking.objects.for_tenant(location.jobcenter_id).filter(
        location=location,
        channel="in_person",
        start__gte=now - dt.timedelta(days=HISTORY_DAYS),
        start__lt=now - CHECK_IN_LATE,
        status__in=(BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW),
    )
    counts = past.aggregate(
        total=Count("pk"),
        came=Count("pk", filter=Q(Exists(Ticket.all_tenants.filter(booking=OuterRef("pk"))))),
    )
    if (counts["total"] or 0) < MIN_BOOKINGS_FOR_SHOW_RATE:
        return DEFAULT_SHOW_RATE
    return min(max(counts["came"] / counts["total"], 0.3), 1.0)


def _concern_zones(zones: list[ReceptionZone], settings: dict[int, ZoneSettings]) -> tuple[dict[int, int], int | None]:
    """Which open zone a booked concern checks in to (as ``queue.zone_for``), and the fallback zone."""
    open_ids = [z.pk for z in zones if settings.get(z.pk) is None or settings[z.pk].is_open]
    mapping: dict[int, int] = {}
    through = ZoneSettings.concerns.through.objects.filter(zonesettings__zone_id__in=open_ids).values_list(
        "zonesettings__zone__code", "zonesettings__zone_id", "concern_id"
    )
    for _code, zone_id, concern_id in sorted(through):
        mapping.setdefault(concern_id, zone_id)
    return mapping, (open_ids[0] if open_ids else None)


def _location_state(location: Location, now: dt.datetime, zone_ids: set[int] | None = None) -> _LocationState:
    tenant = location.jobcenter_id
    today = timezone.localdate(now)
    zones = list(ReceptionZone.objects.for_tenant(tenant).filter(location=location).order_by("code"))
    settings = {s.zone_id: s for s in ZoneSettings.objects.for_tenant(tenant).filter(zone__location=location)}
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    sessions = list(
        CounterSession.objects.for_tenant(tenant)
        .filter(counter__location=location, counter__is_active=True)
        .filter(Q(closed_at__isnull=True) | Q(opened_at__gte=midnight))
        .values_list("counter_id", "counter__zone_id", "closed_at")
    )
    counters: dict[int, int] = defaultdict(int)
    open_now: dict[int, set[int]] = defaultdict(set)
    staffed_today: dict[int, set[int]] = defaultdict(set)
    for counter_id, zone_id, closed in sessions:
        staffed_today[zone_id].add(counter_id)
        if closed is None:
            open_now[zone_id].add(counter_id)
    for zone_id, ids in open_now.items():
        counters[zone_id] = len(ids)
    open_counter_ids = {counter_id for ids in open_now.values() for counter_id in ids}
    tickets = (
        Ticket.objects.for_tenant(tenant)
        .filter(
            location=location, day=today, status__in=(TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
        )
        .order_by("-priority", "queued_at", "id")
        .values_list(
            "id", "zone_id", "concern_id", "priority", "not_before", "status", "counter_id", "called_at",
            "service_started_at",
        )
    )  # fmt: skip
    waiting: dict[int, list[_Waiting]] = defaultdict(list)
    in_service: dict[int, list[InService]] = defaultdict(list)
    for pk, zone_id, concern_id, priority, not_before, status, counter_id, called_at, started_at in tickets:
        if zone_ids is not None and zone_id not in zone_ids:
            continue
        if status == TicketStatus.WAITING:
            waiting[zone_id].append(_Waiting(pk, concern_id, priority, not_before))
        elif counter_id in open_counter_ids:
            since = started_at or called_at or now
            in_service[zone_id].append(InService(concern_id, max(_minutes(now - since), 0.0)))
    distributions, show_rate, staffed_days = _history(location, now)
    due: dict[int, list[QueueItem]] = defaultdict(list)
    bookings = list(
        Booking.objects.for_tenant(tenant)
        .filter(
            location=location,
            channel="in_person",
            status=BookingStatus.BOOKED,
            start__gte=now - CHECK_IN_LATE,
            start__lte=now + DUE_HORIZON,
        )
        .exclude(Exists(Ticket.all_tenants.filter(booking=OuterRef("pk"))))
        .order_by("start")
        .values_list("concern_id", "start")
    )
    if bookings:
        concern_zone, fallback = _concern_zones(zones, settings)
        for concern_id, start in bookings:
            target = concern_zone.get(concern_id, fallback)
            if target is None:
                continue
            due[target].append(due_appointment(concern_id, _minutes(start - now), show_rate))
    return _LocationState(
        location,
        zones,
        settings,
        counters,
        waiting,
        in_service,
        due,
        distributions,
        staffed_days,
        open_now,
        staffed_today,
    )


# --- The public functions -----------------------------------------------------------------------


def open_counters(zone: ReceptionZone) -> int:
    return int(
        CounterSession.objects.for_tenant(zone.jobcenter_id)
        .filter(counter__zone=zone, counter__is_active=True, closed_at__isnull=True)
        .count()
    )


def zone_snapshot(zone: ReceptionZone, *, now: dt.datetime | None = None) -> QueueSnapshot:
    now = now or timezone.now()
    return _location_state(zone.location, now, {zone.pk}).snapshot(zone.pk, now)


def estimate_position(zone: ReceptionZone, position: int, *, now: dt.datetime | None = None) -> Estimate | None:
    """Wait for a new walk-in with ``position`` people before them; ``None`` while no counter is open."""
    snapshot = with_newcomer(zone_snapshot(zone, now=now), position)
    return estimate_wait(snapshot, len(snapshot.queue) - 1)


def position_of(ticket: Ticket) -> int:
    """How many waiting tickets will be called before this one."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    ahead = (
        Ticket.objects.for_tenant(ticket.jobcenter_id)
        .filter(zone_id=ticket.zone_id, status=TicketStatus.WAITING, day=ticket.day)
        .filter(
            Q(priority__gt=ticket.priority)
            | Q(priority=ticket.priority, queued_at__lt=ticket.queued_at)
            | Q(priority=ticket.priority, queued_at=ticket.queued_at, pk__lt=ticket.pk)
        )
    )
    return int(ahead.count())


def estimate_for(ticket: Ticket, *, now: dt.datetime | None = None) -> Estimate | None:
    """The estimate for a waiting ticket (its own concern, priority and place in the queue)."""
    if ticket.status != TicketStatus.WAITING:
        return None
    now = now or timezone.now()
    state = _location_state(ticket.location, now, {ticket.zone_id})
    waiting_ids = [t.pk for t in state.waiting.get(ticket.zone_id, [])]
    if ticket.pk not in waiting_ids:
        return None
    return estimate_wait(state.snapshot(ticket.zone_id, now), waiting_ids.index(ticket.pk))


def _waiting_times_key(location_id: int, language: str) -> str:
    return f"reception:waiting-times:{location_id}:{language}"


def forget_waiting_times(location_id: int) -> None:
    """The queue of the location changed: the next ``waiting_times_body`` computes anew."""
    cache.delete_many([_waiting_times_key(location_id, code) for code, _name in django_settings.LANGUAGES])


def waiting_times_body(location_id: int, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The API's ``waiting-times`` body for one location (API.md): per zone the people waiting and
    the estimate for somebody who takes a ticket now.

    Without ``now`` the body may come from the cache (``WAITING_TIMES_CACHE_SECONDS``): dozens of
    pages and API calls a second ask for the same figures, each costing queries and a simulation.
    """
    if now is not None:
        return _compute_waiting_times(location_id, now)
    key = _waiting_times_key(location_id, (get_language() or django_settings.LANGUAGE_CODE).split("-")[0])
    body = cache.get(key)
    if body is None:
        body = _compute_waiting_times(location_id, timezone.now())
        cache.set(key, body, WAITING_TIMES_CACHE_SECONDS)
    return cast(dict[str, Any], body)


def _compute_waiting_times(location_id: int, now: dt.datetime) -> dict[str, Any]:
    location = Location.all_tenants.select_related("jobcenter").get(pk=location_id)
    state = _location_state(location, now)
    body_zones = []
    for zone in state.zones:
        snapshot = state.snapshot(zone.pk, now)
        zone_settings = state.settings.get(zone.pk)
        is_open = zone_settings.is_open if zone_settings else True
        estimate = estimate_wait(with_newcomer(snapshot), len(snapshot.queue)) if is_open else None
        body_zones.append(
            {
                "zone": zone.code,
                "name": zone.display_name(),
                "waiting": len(snapshot.queue),
                "estimated_wait_minutes": estimate.expected_minutes if estimate else None,
                "estimated_wait_range": [estimate.low_minutes, estimate.high_minutes] if estimate else None,
                "open_counters": snapshot.open_counters,
                "is_open": is_open,
            }
        )
    return {"location": location.pk, "updated_at": timezone.localtime(now).isoformat(), "zones": body_zones}


def ticket_state(ticket: Ticket) -> dict[str, Any]:
    """What the personal ticket page shows; also the body of ``ticket-updated`` events."""
    ticket.refresh_from_db()
    position = position_of(ticket)
    estimate = estimate_for(ticket) if ticket.status == TicketStatus.WAITING else None
    return {
        "ticket_number": ticket.number,
        "status": ticket.status,
        "zone": ticket.zone.code,
        "position": position,
        "estimated_wait_minutes": estimate.expected_minutes if estimate else None,
        "estimated_wait_range": [estimate.low_minutes, estimate.high_minutes] if estimate else None,
        "counter": ticket.counter.name if ticket.counter_id and ticket.counter else None,
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
    }

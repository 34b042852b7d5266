"""How good is the waiting-time estimate? Simulated working days of one reception zone.

Each day: walk-ins arrive (non-homogeneous Poisson, morning peak, the day's volume varies), with
three concerns of different service-time distributions; a few are urgent; some do not come when
called (the counter loses two minutes calling them); counters open, take breaks and close (on some
days one counter is missing); booked appointments check in early and are called with priority from
five minutes before their start, some never come. Counters call by priority, then first come.

For every ticket, at the moment it is issued (after a warm-up whose history the estimator learns
from), the wait is predicted by

- ours: ``openjobcenter.reception.services.estimate.estimate_wait`` — the production function,
  given a snapshot built exactly as production builds it (the queue, the tickets at open counters
  with their elapsed time, open counters, appointments due, distributions learned from history);
- the ZMS-style baseline: average service time (the true overall mean of the history) × position
  ÷ open counters; also with (position + 1), whichever is better counts as the baseline.

and compared with the actual wait (issue → first call). Prints mean absolute error (MAE), the
improvement, and how often the actual wait fell inside our displayed range. Fixed seed; no database.

    .venv/bin/python bench/waiting_estimate.py [--days 40] [--warmup 10] [--seed 7]
"""

from __future__ import annotations

import argparse
import heapq
import math
import os
import random
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openjobcenter.settings")
# Only the estimator's code is imported; no database, no requests: a throwaway key is enough.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django

django.setup()

from openjobcenter.reception.services import estimate as est  # noqa: E402

DAY_START, DAY_END = 0.0, 270.0  # minutes from 8:00 (doors open 7:45: arrivals from −15)
MINUTES_PER_DAY = 24 * 60
NORMAL, APPOINTMENT, URGENT = 0, 10, 20


@dataclass(frozen=True)
class ConcernSpec:
    id: int
    name: str
    share: float
    mean: float
    cv: float
    family: str  # "lognormal" or "gamma"

    def draw(self, rng: random.Random) -> float:
        if self.family == "gamma":
            shape = 1 / (self.cv * self.cv)
            return max(rng.gammavariate(shape, self.mean / shape), 0.5)
        sigma = math.sqrt(math.log(1 + self.cv * self.cv))
        return max(rng.lognormvariate(math.log(self.mean) - sigma * sigma / 2, sigma), 0.5)


CONCERNS = (
    ConcernSpec(1, "Antrag abgeben", 0.40, 4.0, 0.5, "lognormal"),
    ConcernSpec(2, "Unterlagen / Auskunft", 0.35, 8.0, 0.5, "gamma"),
    ConcernSpec(3, "Beratung", 0.25, 15.0, 0.8, "lognormal"),
)
CONCERN_KNOWN = 0.75  # share of walk-ins who choose their concern at the kiosk
URGENT_SHARE = 0.03
WALK_IN_NO_SHOW = 0.04
NO_SHOW_COST = 2.0  # minutes a counter spends calling twice
APPOINTMENT_SHOW = 0.8
# Counter shifts (minutes from 8:00): (open, close, break start, break end).
SHIFTS = ((0, 270, 150, 180), (0, 240, 120, 150), (30, 270, 180, 210), (0, 120, None, None))


@dataclass
class Ticket:
    seq: int
    issued: float
    concern_true: int
    concern_seen: int | None
    priority: int
    service: float
    not_before: float | None = None
    called: float | None = None
    predicted: est.Estimate | None = None
    baseline: tuple[float, float] | None = None


@dataclass
class Counter:
    open: bool = False
    busy_until: float | None = None
    ticket: Ticket | None = None


@dataclass
class History:
    samples: list[tuple[float, int, int, int | None, float]] = field(
        default_factory=list
    )  # abs, hour, weekday, concern, min
    bookings: list[tuple[float, bool]] = field(default_factory=list)  # abs start, came
    staffed: list[tuple[int, int, tuple[tuple[int, float, float], ...]]] = field(default_factory=list)

    def plan(self, day: int, minute_of_day: float) -> dict[int, tuple[tuple[float, bool], ...]]:
        today = calendar_day(day)
        days = [est.StaffedDay(today - past, weekday, sessions) for past, weekday, sessions in self.staffed]
        return est.learn_plan(days, minute_of_day, day % 5)

    def distributions(self, now_abs: float, hour: int, weekday: int) -> dict[int | None, est.ServiceDistribution]:
        rows = []
        for finished, f_hour, f_weekday, concern, minutes in self.samples:
            age_days = (now_abs - finished) / MINUTES_PER_DAY
            if 0 <= age_days <= est.HISTORY_DAYS:
                weight = est.sample_weight(
                    age_days, same_hour=abs(f_hour - hour) <= 1, same_weekday=f_weekday == weekday
                )
                rows.append((concern, minutes, weight))
        return est.learn_distributions(rows)

    def show_rate(self, now_abs: float) -> float:
        recent = [came for start, came in self.bookings if 0 < now_abs - start <= est.HISTORY_DAYS * MINUTES_PER_DAY]
        if len(recent) < est.MIN_BOOKINGS_FOR_SHOW_RATE:
            return est.DEFAULT_SHOW_RATE
        return min(max(sum(recent) / len(recent), 0.3), 1.0)

    def overall_mean(self) -> float:
        return statistics.fmean(m for *_rest, m in self.samples) if self.samples else 10.0


def calendar_day(day: int) -> int:
    return (day // 5) * 7 + day % 5


def simulate_day(
    day: int,
    rng: random.Random,
    history: History,
    evaluate: bool,
    results: list[Ticket],
    use_plan: bool = True,
    load: float = 1.0,
) -> None:
    weekday = day % 5
    day_abs = calendar_day(day) * MINUTES_PER_DAY + 8 * 60
    volume = load * rng.uniform(0.8, 1.25)
    events: list[tuple[float, int, str, object]] = []
    order = 0

    def push(at: float, kind: str, payload: object = None) -> None:
        nonlocal order
        order += 1
        heapq.heappush(events, (at, order, kind, payload))

    # Walk-ins: thinning of a Poisson process with a peak around 8:40.
    peak_rate = 0.55 * volume

    def rate(t: float) -> float:
        return volume * (0.10 + 0.45 * math.exp(-(((t - 40) / 50) ** 2)))

    t = -15.0
    while True:
        t += rng.expovariate(peak_rate)
        if t > DAY_END - 30:
            break
        if rng.random() < rate(t) / peak_rate:
            push(t, "walk_in")
    # Appointments: one or two per half hour from 8:30 to 12:00.
    bookings: list[tuple[float, int, bool]] = []
    for slot in range(8):
        for _seat in range(1 + (slot % 2)):
            start = 30 + 30 * slot
            concern = 3 if rng.random() < 0.5 else 2
            came = rng.random() < APPOINTMENT_SHOW
            bookings.append((start, concern, came))
            if came:
                push(start - rng.uniform(0, 20), "check_in", (start, concern))
    # Counters: shifts and breaks; on some days one counter is missing.
    missing = rng.randrange(len(SHIFTS)) if rng.random() < 0.3 else None
    counters = [Counter() for _shift in SHIFTS]
    opened_at: dict[int, float] = {}
    sessions: list[tuple[int, float, float]] = []
    staffed_ids: set[int] = set()
    for index, (opens, closes, break_start, break_end) in enumerate(SHIFTS):
        if index == missing:
            continue
        push(opens + rng.uniform(-3, 5), "open", index)
        push(closes, "close", (index, closes >= DAY_END))  # the day's last closing waits for the queue
        if break_start is not None:
            shift = rng.uniform(-10, 10)
            push(break_start + shift, "close", (index, False))
            push(break_end + shift, "open", index)

    waiting: list[Ticket] = []
    seq = 0
    dist_key: tuple[int, int] | None = None
    distributions: dict[int | None, est.ServiceDistribution] = {}
    show_rate = history.show_rate(day_abs)
    overall_mean = history.overall_mean()
    checked_in: set[tuple[float, int]] = set()
    pending_bookings = list(bookings)

    def call(index: int, now: float) -> None:
        counter = counters[index]
        if not counter.open or counter.busy_until is not None:
            return
        available = [w for w in waiting if w.not_before is None or w.not_before <= now]
        if not available:
            later = [w.not_before for w in waiting if w.not_before is not None]
            if later:
                push(min(later), "wake", index)
            return
        ticket = min(available, key=lambda w: (-w.priority, w.issued, w.seq))
        waiting.remove(ticket)
        ticket.called = now
        no_show = rng.random() < WALK_IN_NO_SHOW and ticket.priority != APPOINTMENT
        counter.ticket = None if no_show else ticket
        counter.busy_until = now + (NO_SHOW_COST if no_show else ticket.service)
        push(counter.busy_until, "done", index)

    def snapshot(now: float) -> est.QueueSnapshot:
        ordered = sorted(waiting, key=lambda w: (-w.priority, w.issued, w.seq))
        queue = tuple(
            est.QueueItem(
                concern=w.concern_seen,
                priority=w.priority,
                available_in=max((w.not_before or now) - now, 0.0),
            )
            for w in ordered
        )
        in_service = tuple(
            est.InService(c.ticket.concern_seen, now - (c.ticket.called or now))
            for c in counters
            if c.open and c.ticket is not None and c.busy_until is not None
        )
        due = tuple(
            est.due_appointment(concern, start - now, show_rate)
            for start, concern, _came in pending_bookings
            if (start, concern) not in checked_in and -30 <= start - now <= 180
        )
        return est.QueueSnapshot(
            open_counters=sum(c.open for c in counters),
            queue=queue,
            in_service=in_service,
            due=due,
            distributions=distributions,
            default=est.ServiceDistribution.typical(10),
            plans=history.plan(day, 8 * 60 + now) if use_plan else {},
            open_now=frozenset(i for i, c in enumerate(counters) if c.open),
            staffed_today=frozenset(staffed_ids),
        ), ordered

    def issue(ticket: Ticket, now: float) -> None:
        nonlocal dist_key, distributions
        waiting.append(ticket)
        if evaluate:
            hour = 8 + int(now // 60)
            if dist_key != (day, hour):  # production caches the learned distributions per hour
                dist_key = (day, hour)
                distributions = history.distributions(day_abs + now, hour, weekday)
            snap, ordered = snapshot(now)
            position = ordered.index(ticket)
            ticket.predicted = est.estimate_wait(snap, position)
            results.append(ticket)
            opened = snap.open_counters
            if ticket.predicted is not None and opened:
                ticket.baseline = (overall_mean * position / opened, overall_mean * (position + 1) / opened)
        for index in range(len(counters)):
            call(index, now)

    while events:
        now, _order, kind, payload = heapq.heappop(events)
        if kind == "walk_in":
            seq += 1
            spec = rng.choices(CONCERNS, weights=[c.share for c in CONCERNS])[0]
            priority = URGENT if rng.random() < URGENT_SHARE else NORMAL
            seen = spec.id if rng.random() < CONCERN_KNOWN else None
            issue(Ticket(seq, now, spec.id, seen, priority, spec.draw(rng)), now)
        elif kind == "check_in":
            start, concern = payload  # type: ignore[misc]
            checked_in.add((start, concern))
            seq += 1
            spec = CONCERNS[concern - 1]
            issue(Ticket(seq, now, concern, concern, APPOINTMENT, spec.draw(rng), not_before=start - 5), now)
        elif kind == "open":
            counters[payload].open = True  # type: ignore[index]
            opened_at[payload] = now  # type: ignore[index]
            staffed_ids.add(payload)  # type: ignore[arg-type]
            call(payload, now)  # type: ignore[arg-type]
        elif kind == "close":
            index, final = payload  # type: ignore[misc]
            if final and waiting:  # nobody is sent home: the last counters stay until the queue is empty
                push(now + 10, "close", payload)
            else:
                counters[index].open = False
                sessions.append((index, 8 * 60 + opened_at.pop(index), 8 * 60 + now))
        elif kind == "done":
            counter = counters[payload]  # type: ignore[index]
            if counter.ticket is not None and counter.ticket.called is not None:
                finished = day_abs + now
                history.samples.append(
                    (finished, 8 + int(now // 60), weekday, counter.ticket.concern_seen, now - counter.ticket.called)
                )
            counter.ticket, counter.busy_until = None, None
            call(payload, now)  # type: ignore[arg-type]
        elif kind == "wake":
            call(payload, now)  # type: ignore[arg-type]
    for start, _concern, came in bookings:
        history.bookings.append((day_abs + start, came))
    history.staffed.append((calendar_day(day), weekday, tuple(sessions)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=40, help="working days simulated (default 40)")
    parser.add_argument("--warmup", type=int, default=10, help="days that only build history (default 10)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load", type=float, default=1.0, help="walk-in volume factor (default 1.0)")
    parser.add_argument(
        "--no-plan", action="store_true", help="ablation: ignore the learned staffing pattern (only counters open now)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    history = History()
    results: list[Ticket] = []
    started = time.perf_counter()
    for day in range(args.days):
        simulate_day(day, rng, history, day >= args.warmup, results, use_plan=not args.no_plan, load=args.load)
    elapsed = time.perf_counter() - started
    report(results, elapsed, args)


def report(results: list[Ticket], elapsed: float, args: argparse.Namespace) -> None:
    rows = [t for t in results if t.predicted is not None and t.baseline is not None and t.called is not None]
    actual = [t.called - t.issued for t in rows]  # type: ignore[operator]
    ours = [abs(t.predicted.expected_minutes - a) for t, a in zip(rows, actual, strict=True)]  # type: ignore[union-attr]
    base_k = [abs(t.baseline[0] - a) for t, a in zip(rows, actual, strict=True)]  # type: ignore[index]
    base_k1 = [abs(t.baseline[1] - a) for t, a in zip(rows, actual, strict=True)]  # type: ignore[index]
    inside = [
        t.predicted.low_minutes <= a <= t.predicted.high_minutes  # type: ignore[union-attr]
        for t, a in zip(rows, actual, strict=True)
    ]
    mae_ours, mae_k, mae_k1 = statistics.fmean(ours), statistics.fmean(base_k), statistics.fmean(base_k1)
    baseline = min(mae_k, mae_k1)
    print(
        f"simulated {args.days} working days (first {args.warmup} only history), seed {args.seed}, "
        f"load {args.load}{', without the staffing pattern' if args.no_plan else ''}"
    )
    print(f"tickets evaluated:            {len(rows)}")
    print(f"actual wait: mean {statistics.fmean(actual):.1f} min, median {statistics.median(actual):.1f} min")
    print(f"MAE ours (median estimate):   {mae_ours:.2f} min")
    print(f"MAE baseline mean*k/c:        {mae_k:.2f} min")
    print(f"MAE baseline mean*(k+1)/c:    {mae_k1:.2f} min")
    print(f"ratio ours / best baseline:   {mae_ours / baseline:.2f}")
    print(f"improvement:                  {100 * (1 - mae_ours / baseline):.1f} % (target: at least 30 %)")
    print(f"actual wait inside our range: {100 * statistics.fmean(inside):.1f} % (range = 20th-80th percentile)")
    print(f"runtime:                      {elapsed:.1f} s")


if __name__ == "__main__":
    main()

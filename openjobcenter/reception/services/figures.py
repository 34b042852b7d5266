"""Figures of the walk-in queue per reception zone and hour of the day, for a range of days.

Plain data (dataclasses), so the statistics app can show or export them as well. Counted are the
tickets drawn between ``date_from`` and ``date_to`` (local days, both inclusive), grouped by their
zone and the local hour in which they were drawn. Times are in minutes:

- waiting time: ``called_at − queued_at`` of every ticket that was called (mean, median, 90th percentile);
- service time: ``finished_at − service_started_at`` of every ticket that was served to the end;
- estimate error: ``|estimate_minutes − waiting time|``, the first estimate the person was given.

Percentiles need the single values, so the times are read (two timestamps per ticket) and summarised
in Python; one query per call.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from openjobcenter.core.models import Jobcenter, Location, ReceptionZone
from openjobcenter.reception.models import Ticket, TicketStatus


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds() / 60, 0.0)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.9 → the value 90 % of the values do not exceed)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]


@dataclass
class _Collector:
    tickets: int = 0
    called: int = 0
    done: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)

    def add(self, status: str, wait: float | None, service: float | None, estimate: int | None) -> None:
        self.tickets += 1
        if status == TicketStatus.DONE:
            self.done += 1
        if status == TicketStatus.NO_SHOW:
            self.no_shows += 1
        if wait is not None:
            self.called += 1
            self.waits.append(wait)
            if estimate is not None:
                self.errors.append(abs(estimate - wait))
        if service is not None:
            self.services.append(service)

    def merge(self, other: _Collector) -> None:
        self.tickets += other.tickets
        self.called += other.called
        self.done += other.done
        self.no_shows += other.no_shows
        self.waits += other.waits
        self.services += other.services
        self.errors += other.errors


@dataclass(frozen=True)
class QueueFigureRow:
    """The figures of one zone in one hour (``hour`` 0–23), of one zone (``hour`` None) or of all."""

    zone: str
    label: str
    hour: int | None
    tickets: int = 0
    called: int = 0
    done: int = 0
    no_shows: int = 0
    wait_mean: float | None = None
    wait_median: float | None = None
    wait_p90: float | None = None
    service_mean: float | None = None
    service_median: float | None = None
    estimate_error_mean: float | None = None
    estimated: int = 0  # how many waits the estimate error is measured on

    @property
    def hour_label(self) -> str:
        return "" if self.hour is None else f"{self.hour:02d}–{(self.hour + 1) % 24:02d}"

    @property
    def no_show_percent(self) -> float | None:
        """No-shows ÷ called tickets, in percent with one decimal."""
        return round(self.no_shows / self.called * 100, 1) if self.called else None

    def numbers(self) -> list[object]:
        """The figures in the order of ``figure_table``'s columns."""
        return [
            self.tickets,
            self.called,
            self.done,
            self.no_shows,
            self.no_show_percent,
            self.wait_mean,
            self.wait_median,
            self.wait_p90,
            self.service_mean,
            self.service_median,
            self.estimate_error_mean,
        ]


def _row(zone: str, label: str, hour: int | None, data: _Collector) -> QueueFigureRow:
    return QueueFigureRow(
        zone=zone,
        label=label,
        hour=hour,
        tickets=data.tickets,
        called=data.called,
        done=data.done,
        no_shows=data.no_shows,
        wait_mean=_round(statistics.fmean(data.waits)) if data.waits else None,
        wait_median=_round(statistics.median(data.waits)) if data.waits else None,
        wait_p90=_round(percentile(data.waits, 0.9)),
        service_mean=_round(statistics.fmean(data.services)) if data.services else None,
        service_median=_round(statistics.median(data.services)) if data.services else None,
        estimate_error_mean=_round(statistics.fmean(data.errors)) if data.errors else None,
        estimated=len(data.errors),
    )


@dataclass(frozen=True)
class ZoneFigures:
    zone_id: int
    zone: str
    label: str
    location: str
    total: QueueFigureRow
    hours: list[QueueFigureRow]


@dataclass(frozen=True)
class QueueFigures:
    date_from: dt.date
    date_to: dt.date
    location: Location | None
    total: QueueFigureRow
    zones: list[ZoneFigures]


def _local_hour(value: dt.datetime) -> int:
    return timezone.localtime(value).hour


def queue_figures(
    jobcenter: Jobcenter, date_from: dt.date, date_to: dt.date, *, location: Location | None = None
) -> QueueFigures:
    """Tickets, waiting and service times, no-shows and the estimate's error, per zone and hour."""
    tickets = Ticket.objects.for_tenant(jobcenter).filter(day__gte=date_from, day__lte=date_to)
    zones = ReceptionZone.objects.for_tenant(jobcenter).select_related("location")
    if location is not None:
        tickets = tickets.filter(location=location)
        zones = zones.filter(location=location)
    rows = tickets.order_by().values_list(
        "zone_id",
        "created_at",
        "queued_at",
        "called_at",
        "service_started_at",
        "finished_at",
        "status",
        "estimate_minutes",
    )
    collected: dict[int, dict[int, _Collector]] = {}
    for zone_id, created, queued, called, started, finished, status, estimate in rows.iterator(chunk_size=2000):
        per_hour = collected.setdefault(zone_id, {})
        bucket = per_hour.setdefault(_local_hour(created), _Collector())
        service = _minutes(started, finished) if status == TicketStatus.DONE else None
        bucket.add(status, _minutes(queued, called), service, estimate)
    everything = _Collector()
    result: list[ZoneFigures] = []
    for zone in sorted(zones, key=lambda z: (z.location.name, z.code)):
        per_hour = collected.get(zone.pk, {})
        zone_total = _Collector()
        hours = []
        for hour in sorted(per_hour):
            zone_total.merge(per_hour[hour])
            hours.append(_row(zone.code, zone.display_name(), hour, per_hour[hour]))
        everything.merge(zone_total)
        result.append(
            ZoneFigures(
                zone_id=zone.pk,
                zone=zone.code,
                label=zone.display_name(),
                location=zone.location.name,
                total=_row(zone.code, zone.display_name(), None, zone_total),
                hours=hours,
            )
        )
    return QueueFigures(
        date_from=date_from,
        date_to=date_to,
        location=location,
        total=_row("", "", None, everything),
        zones=result,
    )


def figure_columns() -> list[str]:
    return [
        _("Wartenummern"),
        _("Aufgerufen"),
        _("Erledigt"),
        _("Nicht erschienen"),
        _("Quote Nichterscheinen (%)"),
        _("Wartezeit Mittelwert (Min.)"),
        _("Wartezeit Median (Min.)"),
        _("Wartezeit 90 % bis (Min.)"),
        _("Bearbeitungszeit Mittelwert (Min.)"),
        _("Bearbeitungszeit Median (Min.)"),
        _("Abweichung der Schätzung (Min.)"),
    ]


def figure_table(data: QueueFigures) -> list[list[object]]:
    """All figures as one table with a header row (for CSV export): location, zone, hour, numbers."""
    header: list[object] = [_("Standort"), _("Eingangszone"), _("Stunde"), *figure_columns()]
    table: list[list[object]] = [header]
    for zone in data.zones:
        name = f"{zone.zone} – {zone.label}"
        table += [[zone.location, name, row.hour_label, *row.numbers()] for row in zone.hours]
        table.append([zone.location, name, _("ganzer Tag"), *zone.total.numbers()])
    table.append([_("Gesamt"), "", "", *data.total.numbers()])
    return table

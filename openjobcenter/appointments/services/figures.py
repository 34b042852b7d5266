"""Service figures of the appointment booking, per concern and per location.

Plain data (dataclasses), so the statistics app can show or export them as well. Counted are the
appointments whose start falls into the range (local dates, both inclusive), whatever became of
them. Everything is computed in the database: one grouped aggregate per grouping, and the median
lead time with a window function (the middle one or two rows per group), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from openjobcenter.appointments.models import Booking, BookingStatus, Concern
from openjobcenter.appointments.services.slots import local_dt
from openjobcenter.core.models import Jobcenter, Location

DAY_SECONDS = 86400


@dataclass(frozen=True)
class FigureRow:
    """The figures of one concern, one location, or all together."""

    key: int | None
    label: str
    bookings: int = 0
    cancelled_by_client: int = 0
    cancelled_by_staff: int = 0
    attended: int = 0
    no_shows: int = 0
    open: int = 0  # booked, no outcome recorded (yet)
    booked_online: int = 0
    booked_by_staff: int = 0
    lead_time_avg_days: float | None = None
    lead_time_median_days: float | None = None

    @property
    def cancelled(self) -> int:
        return self.cancelled_by_client + self.cancelled_by_staff

    @property
    def no_show_rate(self) -> float | None:
        """No-shows ÷ (attended + no-shows), as a fraction; ``None`` when no outcome is recorded."""
        decided = self.attended + self.no_shows
        return self.no_shows / decided if decided else None

    @property
    def online_share(self) -> float | None:
        return self.booked_online / self.bookings if self.bookings else None

    @property
    def staff_share(self) -> float | None:
        return self.booked_by_staff / self.bookings if self.bookings else None

    def numbers(self) -> list[object]:
        """The figures in the order of ``figure_table``'s columns."""
        return [
            self.bookings,
            self.cancelled_by_client,
            self.cancelled_by_staff,
            self.attended,
            self.no_shows,
            self.no_show_percent,
            self.lead_time_avg_days,
            self.lead_time_median_days,
            self.online_percent,
            self.staff_percent,
        ]

    # The same shares in percent with one decimal, as tables and exports show them.
    @property
    def no_show_percent(self) -> float | None:
        return _percent(self.no_show_rate)

    @property
    def online_percent(self) -> float | None:
        return _percent(self.online_share)

    @property
    def staff_percent(self) -> float | None:
        return _percent(self.staff_share)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


@dataclass(frozen=True)
class AppointmentFigures:
    date_from: dt.date
    date_to: dt.date
    total: FigureRow
    by_concern: list[FigureRow]
    by_location: list[FigureRow]


def _counts() -> dict[str, Any]:
    cancelled = Q(status=BookingStatus.CANCELLED)
    return {
        "bookings": Count("id"),
        "cancelled_by_client": Count("id", filter=cancelled & Q(cancelled_by_staff=False)),
        "cancelled_by_staff": Count("id", filter=cancelled & Q(cancelled_by_staff=True)),
        "attended": Count("id", filter=Q(status=BookingStatus.ATTENDED)),
        "no_shows": Count("id", filter=Q(status=BookingStatus.NO_SHOW)),
        "open": Count("id", filter=Q(status=BookingStatus.BOOKED)),
        "booked_online": Count("id", filter=Q(booked_by__isnull=True)),
        "booked_by_staff": Count("id", filter=Q(booked_by__isnull=False)),
        "lead_avg": Avg("lead"),
    }


def _with_lead(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.annotate(lead=ExpressionWrapper(F("start") - F("created_at"), output_field=DurationField()))


def _days(value: dt.timedelta | float | None) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value) / 1_000_000
    return round(seconds / DAY_SECONDS, 1)


def _medians(bookings: QuerySet[Booking], group: str | None) -> dict[int | None, float | None]:
    """The median lead time per group: the middle row (odd count) or the mean of the two middle rows."""
    partition = [F(group)] if group else []
    ranked = _with_lead(bookings.order_by()).annotate(
        position=Window(RowNumber(), partition_by=partition, order_by=[F("lead").asc(), F("id").asc()]),
        group_size=Window(Count("id"), partition_by=partition),
    )
    # 2·position ∈ [n, n+2]: position (n+1)/2 for odd n, n/2 and n/2+1 for even n.
    middle = ranked.filter(position__gte=F("group_size") / 2.0, position__lte=F("group_size") / 2.0 + 1)
    values: dict[int | None, list[float]] = {}
    for key, lead, position, size in middle.values_list(group or "jobcenter_id", "lead", "position", "group_size"):
        if 2 * position < size or 2 * position > size + 2:
            continue
        seconds = lead.total_seconds() if isinstance(lead, dt.timedelta) else float(lead) / 1_000_000
        values.setdefault(key if group else None, []).append(seconds)
    return {key: round(sum(v) / len(v) / DAY_SECONDS, 1) for key, v in values.items()}


def _row(key: int | None, label: str, data: dict[str, Any], median: float | None) -> FigureRow:
    return FigureRow(
        key=key,
        label=label,
        bookings=data["bookings"],
        cancelled_by_client=data["cancelled_by_client"],
        cancelled_by_staff=data["cancelled_by_staff"],
        attended=data["attended"],
        no_shows=data["no_shows"],
        open=data["open"],
        booked_online=data["booked_online"],
        booked_by_staff=data["booked_by_staff"],
        lead_time_avg_days=_days(data["lead_avg"]),
        lead_time_median_days=median,
    )


def _grouped(bookings: QuerySet[Booking], group: str, labels: dict[int, str]) -> list[FigureRow]:
    rows = _with_lead(bookings).order_by().values(group).annotate(**_counts())
    medians = _medians(bookings, group)
    result = [_row(r[group], labels.get(r[group], "–"), r, medians.get(r[group])) for r in rows]
    return sorted(result, key=lambda row: (-row.bookings, row.label))


def appointment_figures(jobcenter: Jobcenter, date_from: dt.date, date_to: dt.date) -> AppointmentFigures:
    """Bookings, cancellations, attendance, no-show rate, lead time and booking way, for appointments
    that start between ``date_from`` and ``date_to`` (inclusive), per concern and per location."""
    bookings = Booking.objects.for_tenant(jobcenter).filter(
        start__gte=local_dt(date_from, dt.time()), start__lt=local_dt(date_to + dt.timedelta(days=1), dt.time())
    )
    concerns = {c.pk: c.display_name() for c in Concern.objects.for_tenant(jobcenter).only("id", "name")}
    locations = dict(Location.objects.for_tenant(jobcenter).values_list("id", "name"))
    totals = _with_lead(bookings).order_by().aggregate(**_counts())
    total = _row(None, "", totals, _medians(bookings, None).get(None))
    return AppointmentFigures(
        date_from=date_from,
        date_to=date_to,
        total=total,
        by_concern=_grouped(bookings, "concern_id", concerns),
        by_location=_grouped(bookings, "location_id", locations),
    )


def figure_table(data: AppointmentFigures) -> list[list[object]]:
    """All figures as one table with a header row (for CSV export): group, name, then the numbers;
    shares in percent."""
    header: list[object] = [
        _("Gruppe"),
        _("Bezeichnung"),
        _("Buchungen"),
        _("Absagen durch Kundin/Kunde"),
        _("Absagen durch Jobcenter"),
        _("Erschienen"),
        _("Nicht erschienen"),
        _("Quote Nichterscheinen (%)"),
        _("Vorlauf Mittelwert (Tage)"),
        _("Vorlauf Median (Tage)"),
        _("Online gebucht (%)"),
        _("Von Mitarbeitenden gebucht (%)"),
    ]
    groups = [(_("Anliegen"), data.by_concern), (_("Standort"), data.by_location), (_("Gesamt"), [data.total])]
    return [header, *([group, row.label or group, *row.numbers()] for group, rows in groups for row in rows)]

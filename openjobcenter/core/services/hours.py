"""Opening hours: checking a week's periods and summarising them for people.

A week is a list of ``Period`` (weekday, opens, closes). Several periods per day are allowed
(e.g. mornings and Thursday afternoon), but they must not overlap: a location is either open or
closed at any moment.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openjobcenter.core.models import OpeningHours, Weekday


@dataclass(frozen=True, order=True)
class Period:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class HoursRow:
    """One line of the summary: the days it covers and the periods (or "geschlossen") on them."""

    days: str
    periods: tuple[str, ...]
    is_closed: bool

    @property
    def times(self) -> str:
        return _join(list(self.periods))


def first_conflict(periods: Sequence[Period]) -> tuple[Period, Period] | None:
    """The first pair of periods on the same day that overlap, or ``None`` when there is none.

    Touching periods (one closes at 12:00, the next opens at 12:00) do not overlap.
    """
    ordered = sorted(periods)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            return earlier, later
    return None


def format_period(opens: dt.time, closes: dt.time) -> str:
    return _("%(opens)s–%(closes)s Uhr") % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}


def _day_runs(days: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _join(parts: list[str]) -> str:
    """ "A, B und C" in the active language."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s und %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _label_days(days: list[int]) -> str:
    """ "Montag bis Mittwoch und Freitag": ranges of three or more days are shortened."""
    parts = []
    for run in _day_runs(days):
        names = [str(Weekday(day).label) for day in run]
        if len(run) >= 3:
            parts.append(_("%(first)s bis %(last)s") % {"first": names[0], "last": names[-1]})
        else:
            parts.extend(names)
    return _join(parts)


def summarise(hours: Iterable[OpeningHours]) -> list[HoursRow]:
    """Group weekdays with the same times: "Montag bis Mittwoch, Freitag: 08:00–12:30 Uhr".

    Works on already loaded rows (e.g. a prefetch), so it costs no queries. Days without
    periods are grouped as "geschlossen" and listed last, so nobody comes on a closed day.
    """
    per_day: dict[int, list[tuple[dt.time, dt.time]]] = {day: [] for day in Weekday.values}
    for row in hours:
        per_day[row.weekday].append((row.opens, row.closes))
    if not any(per_day.values()):
        return []
    groups: dict[tuple[tuple[dt.time, dt.time], ...], list[int]] = {}
    for day in sorted(per_day):
        groups.setdefault(tuple(sorted(per_day[day])), []).append(day)
    open_rows, closed_rows = [], []
    for periods, days in groups.items():
        if periods:
            formatted = tuple(format_period(opens, closes) for opens, closes in periods)
            open_rows.append((days[0], HoursRow(_label_days(days), formatted, is_closed=False)))
        else:
            closed_rows.append(HoursRow(_label_days(days), (_("geschlossen"),), is_closed=True))
    return [row for _first, row in sorted(open_rows, key=lambda item: item[0])] + closed_rows

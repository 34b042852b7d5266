"""The citizen's calendar: one week of free times as lists of days and links, and the earliest
free time per location sorted by distance.

A week is a list of days, each a heading with its free times as links whose accessible names say
weekday, date and time: usable with a keyboard, a screen reader and on a phone, without JavaScript.
Few queries: one for the week, one for the first week with free times (when none was asked for),
one for the next free time (when the week is empty), one for the earliest time per location.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openjobcenter.appointments.forms_citizen import SlotSearchForm
from openjobcenter.appointments.models import Channel, Concern
from openjobcenter.appointments.services.slots import (
    FreeTime,
    bookable_slots,
    bookable_window,
    earliest_per_location,
    free_times,
    tz,
)
from openjobcenter.core import geo
from openjobcenter.core.models import Jobcenter, Location


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _local_date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


@dataclass
class TimeChoice:
    time: FreeTime
    url: str
    location_name: str


@dataclass
class Day:
    date: dt.date
    times: list[TimeChoice] = field(default_factory=list)


@dataclass
class Week:
    start: dt.date
    end: dt.date
    days: list[Day]
    previous_url: str | None
    next_url: str | None
    next_free: TimeChoice | None  # when this week has nothing: the next free time after it
    next_free_week_url: str | None
    several_locations: bool

    @property
    def count(self) -> int:
        return sum(len(day.times) for day in self.days)


@dataclass
class Search:
    """What the calendar shows: the parsed GET parameters after every fallback, and the notices."""

    channel: str
    location: Location | None
    week: dt.date | None
    plz: str
    notices: list[str] = field(default_factory=list)


def parse_search(
    query: QueryDict, concern: Concern, locations: list[Location], *, channel: str | None = None
) -> tuple[SlotSearchForm, Search]:
    """The calendar's GET parameters; each wrong one is dropped with a notice, never an error page.

    ``channel`` fixes the channel (moving a booking keeps it).
    """
    form = SlotSearchForm(query or None, concern=concern, locations=locations)
    offered = [c.value for c in Channel if concern.offers(c.value)]
    search = Search(channel=channel or (offered[0] if offered else ""), location=None, week=None, plz="")
    if not form.is_bound:
        form = SlotSearchForm(initial={"channel": search.channel}, concern=concern, locations=locations)
        return form, search
    form.is_valid()
    data = form.cleaned_data
    if channel is None:
        if "channel" in form.errors and query.get("channel"):
            search.notices.append(_("Diesen Weg gibt es für dieses Anliegen nicht. Wir zeigen Ihnen die angebotenen."))
        search.channel = data.get("channel") or search.channel
    if "location" in form.errors:
        search.notices.append(_("Diesen Standort kennen wir nicht. Wir zeigen Termine an allen Standorten."))
    elif data.get("location"):
        search.location = next(loc for loc in locations if loc.pk == data["location"])
    if "week" in form.errors:
        search.notices.append(_("Das Datum war ungültig. Wir zeigen die Woche mit dem nächsten freien Termin."))
    search.week = data.get("week")
    search.plz = data.get("plz") or ""
    if "plz" in form.errors:
        search.notices.append(str(form.errors["plz"][0]))
    elif search.plz and geo.coordinates(search.plz) is None:
        search.notices.append(_("Diese Postleitzahl kennen wir nicht. Die Standorte sind nach dem Termin sortiert."))
    if search.channel != Channel.IN_PERSON:
        search.location = None  # phone and video: any location's staff can take the call
    # Show the corrected values in the form, not what was wrong.
    form = SlotSearchForm(
        initial={
            "channel": search.channel,
            "location": search.location.pk if search.location else "",
            "plz": search.plz,
        },
        concern=concern,
        locations=locations,
    )
    return form, search


def week_of(
    jobcenter: Jobcenter,
    concern: Concern,
    search: Search,
    locations: list[Location],
    *,
    time_url: Any,
    page_url: Any,
) -> Week:
    """The week to show. ``time_url(free_time)`` links a time; ``page_url(week)`` links another week."""
    now = timezone.now()
    earliest, latest = bookable_window(concern, now)
    first_week = monday(earliest.astimezone(tz()).date())
    last_day = (latest - dt.timedelta(seconds=1)).astimezone(tz()).date()

    def times_from(day: dt.date, *, limit: int | None = None, until: dt.date | None = None) -> list[FreeTime]:
        slots = bookable_slots(
            jobcenter, concern, search.channel, location=search.location, date_from=day, date_to=until, now=now
        )
        return free_times(slots, limit=limit)

    week = monday(search.week) if search.week else None
    if week is not None and not first_week <= week <= last_day:
        search.notices.append(
            _("Online buchbar sind Termine vom %(first)s bis zum %(last)s.")
            % {"first": _local_date(earliest.astimezone(tz()).date()), "last": _local_date(last_day)}
        )
        week = monday(last_day) if week > last_day else None
    if week is None:
        first = times_from(first_week, limit=1)
        week = monday(first[0].local_start.date()) if first else first_week
    end = week + dt.timedelta(days=6)
    names = {loc.pk: loc.name for loc in locations}

    def choice(time: FreeTime) -> TimeChoice:
        return TimeChoice(time=time, url=time_url(time), location_name=names.get(time.location_id, ""))

    days = [Day(date=week + dt.timedelta(days=i)) for i in range(7)]
    times = times_from(week, until=end)
    for time in times:
        days[(time.local_start.date() - week).days].times.append(choice(time))
    next_free = None
    if not times and end < last_day:
        found = times_from(end + dt.timedelta(days=1), limit=1)
        next_free = choice(found[0]) if found else None
    return Week(
        start=week,
        end=end,
        days=days,
        previous_url=page_url(week - dt.timedelta(days=7)) if week > first_week else None,
        next_url=page_url(week + dt.timedelta(days=7)) if end < last_day else None,
        next_free=next_free,
        next_free_week_url=page_url(monday(next_free.time.local_start.date())) if next_free else None,
        several_locations=search.location is None and len({t.location_id for t in times}) > 1,
    )


@dataclass
class Nearby:
    location: Location
    first: dt.datetime | None
    distance_km: float | None
    url: str


def nearby(
    jobcenter: Jobcenter, concern: Concern, search: Search, locations: list[Location], page_url: Any
) -> list[Nearby]:
    """Each location's earliest free time, nearest first when a known postal code was given."""
    first = earliest_per_location(jobcenter, concern, search.channel)
    origin = geo.coordinates(search.plz) if search.plz else None
    rows = []
    for location in locations:
        start = first.get(location.pk)
        target = geo.coordinates(location.postal_code) if origin else None
        distance = geo.haversine_km(origin, target) if origin and target else None
        week = monday(start.astimezone(tz()).date()) if start else None
        rows.append(Nearby(location, start, distance, page_url(week, location=location.pk) if start else ""))
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    if origin:
        rows.sort(key=lambda r: (r.first is None, r.distance_km is None, r.distance_km or 0.0, r.first or never))
    else:
        rows.sort(key=lambda r: (r.first is None, r.first or never, r.location.name))
    return rows

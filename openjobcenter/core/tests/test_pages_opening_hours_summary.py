"""Opening hours are summarised the way people read them on a door sign."""

import datetime as dt

from openjobcenter.core.models import OpeningHours
from openjobcenter.core.services.hours import summarise


def hours(*rows):
    return [OpeningHours(weekday=day, opens=dt.time(*opens), closes=dt.time(*closes)) for day, opens, closes in rows]


def test_days_with_the_same_times_are_grouped_and_ranges_shortened():
    week = hours(*[(day, (8,), (12, 30)) for day in range(5)], (3, (14,), (18,)))
    rows = [(row.days, row.times) for row in summarise(week)]
    assert rows == [
        ("Montag bis Mittwoch und Freitag", "08:00–12:30 Uhr"),
        ("Donnerstag", "08:00–12:30 Uhr und 14:00–18:00 Uhr"),
        ("Samstag und Sonntag", "geschlossen"),
    ]


def test_a_location_without_hours_gets_no_misleading_closed_line():
    assert summarise([]) == []


def test_single_days_and_pairs_are_named_one_by_one():
    rows = summarise(hours((0, (9,), (12,)), (1, (9,), (12,)), (4, (9,), (12,))))
    assert rows[0].days == "Montag, Dienstag und Freitag"

"""Rules with a validity period, as data: the review interval of a plan and the consequences the law
sets for breaches. Each rule set is chosen by the date of the event (publication, breach), never
hard-coded in an ``if``. The sources and what we could not confirm are in ``docs/cooperation-plan.md``.

The app only *shows* the breach rules to staff; it never computes or applies a reduction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OPEN_END = dt.date.max
NEUE_GRUNDSICHERUNG = dt.date(2026, 7, 1)


@dataclass(frozen=True)
class ReviewInterval:
    valid_from: dt.date
    valid_until: dt.date  # inclusive
    months: int
    legal_basis: str | Promise


# § 15 Abs. 3 SGB II (Bürgergeld-Gesetz, from 1 July 2023): review "regelmäßig, spätestens nach
# Ablauf von sechs Monaten". Whether the Neue Grundsicherung changed the interval could not be
# confirmed from the published text; until it is, the same six months apply (see the docs).
REVIEW_INTERVALS: tuple[ReviewInterval, ...] = (
    ReviewInterval(dt.date(2023, 7, 1), NEUE_GRUNDSICHERUNG - dt.timedelta(days=1), 6, _("§ 15 Abs. 3 SGB II")),
    ReviewInterval(NEUE_GRUNDSICHERUNG, OPEN_END, 6, _("§ 15 SGB II in der Fassung ab 1. Juli 2026")),
)
DEFAULT_REVIEW_MONTHS = 6


def review_interval(on: dt.date) -> ReviewInterval | None:
    return next((rule for rule in REVIEW_INTERVALS if rule.valid_from <= on <= rule.valid_until), None)


def review_date(start: dt.date) -> dt.date:
    """The latest review date for a plan that starts on ``start``."""
    rule = review_interval(start)
    return start + relativedelta(months=rule.months if rule else DEFAULT_REVIEW_MONTHS)


class BreachKind(models.TextChoices):
    MISSED_APPOINTMENT = "missed_appointment", _("Meldeversäumnis (Termin nicht wahrgenommen)")
    DUTY = "duty", _("Pflichtverletzung (z. B. zumutbare Arbeit oder Maßnahme abgelehnt)")


@dataclass(frozen=True)
class BreachRule:
    kind: str
    valid_from: dt.date
    valid_until: dt.date  # inclusive
    legal_basis: str | Promise
    consequence: str | Promise  # what the law allows, as staff read it; nothing here is applied
    before_deciding: str | Promise  # what staff must do first


_HEARING = _("Vor jeder Entscheidung: Anhörung (§ 24 SGB X), wichtiger Grund und außergewöhnliche Härte prüfen.")
BREACH_RULES: tuple[BreachRule, ...] = (
    BreachRule(
        BreachKind.MISSED_APPOINTMENT,
        dt.date(2023, 1, 1),
        NEUE_GRUNDSICHERUNG - dt.timedelta(days=1),
        _("§ 32 SGB II (Bürgergeld)"),
        # xgettext:no-python-format
        _("Minderung um 10 % des maßgebenden Regelbedarfs für einen Monat je Meldeversäumnis."),
        _HEARING,
    ),
    BreachRule(
        BreachKind.MISSED_APPOINTMENT,
        NEUE_GRUNDSICHERUNG,
        OPEN_END,
        _("§ 32 SGB II (Neue Grundsicherung, ab 1. Juli 2026)"),
        _(
            # xgettext:no-python-format
            "Erstes Versäumnis: Erinnerung und neuer Termin. Zweites Versäumnis: Minderung um 30 % für einen "
            "Monat. Drittes Versäumnis: Leistungen können entfallen."
        ),
        _("Vorher: Erinnerung, Anhörung (§ 24 SGB X) und Prüfung einer außergewöhnlichen Härte."),
    ),
    BreachRule(
        BreachKind.DUTY,
        dt.date(2023, 1, 1),
        NEUE_GRUNDSICHERUNG - dt.timedelta(days=1),
        _("§ 31a SGB II (Bürgergeld)"),
        # xgettext:no-python-format
        _("Erste Pflichtverletzung 10 % für einen Monat, zweite 20 % für zwei Monate, weitere 30 % für drei Monate."),
        _HEARING,
    ),
    BreachRule(
        BreachKind.DUTY,
        NEUE_GRUNDSICHERUNG,
        OPEN_END,
        _("§ 31a SGB II (Neue Grundsicherung, ab 1. Juli 2026)"),
        # xgettext:no-python-format
        _("Minderung um 30 % des maßgebenden Regelbedarfs für drei Monate."),
        _HEARING,
    ),
)


def breach_rule(kind: str, on: dt.date) -> BreachRule | None:
    """The rule set valid on the date of the breach (``None`` before the rules we know)."""
    return next((r for r in BREACH_RULES if r.kind == kind and r.valid_from <= on <= r.valid_until), None)

"""Rules by the date of the event: review interval and breach consequences are data with validity dates."""

from __future__ import annotations

import datetime as dt
import itertools

from openjobcenter.cooperation.rules import BREACH_RULES, BreachKind, breach_rule, review_date


def test_the_review_is_due_six_months_after_the_start():
    assert review_date(dt.date(2026, 1, 31)) == dt.date(2026, 7, 31)
    assert review_date(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


def test_a_missed_appointment_is_judged_by_the_law_on_its_date():
    before = breach_rule(BreachKind.MISSED_APPOINTMENT, dt.date(2026, 6, 30))
    after = breach_rule(BreachKind.MISSED_APPOINTMENT, dt.date(2026, 7, 1))
    assert before is not None and "10 %" in str(before.consequence)
    assert after is not None and "30 %" in str(after.consequence) and "Drittes" in str(after.consequence)


def test_rule_periods_do_not_overlap_and_leave_no_gap():
    for kind in BreachKind.values:
        rules = sorted((r for r in BREACH_RULES if r.kind == kind), key=lambda r: r.valid_from)
        for earlier, later in itertools.pairwise(rules):
            assert later.valid_from == earlier.valid_until + dt.timedelta(days=1)


def test_before_the_known_rules_nothing_is_shown():
    assert breach_rule(BreachKind.DUTY, dt.date(2020, 1, 1)) is None
